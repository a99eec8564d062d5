import { createHash } from 'crypto';

import { startSandbox } from '../../sandbox';
import {
	TRIGGER_WEBHOOK_ID,
	activateWorkflow,
	createSandboxCredential,
	createTriggerWorkflow,
	executionsOf,
	postMany,
	postNotification,
	readState,
	removeWorkflow,
	triggerItems,
	waitForExecutions,
	waitUntil,
} from '../helpers/trigger-e2e.cjs';

// The packed VTEX Trigger in the real n8n of test/helpers/e2e-global-setup.cjs, registered on a
// sandbox of this file's own, so that scenario loads of other test files cannot interfere.
const TEST_TIMEOUT_MS = 3 * 60 * 1000;
const SHARED_VALUE = 'e2e-trigger-secret-5b81';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const affiliate = {
	id: 'KTZ',
	name: 'Acme marketplace connector',
	salesChannel: '2',
	followUpEmail: 'ops@acmestore.example',
	searchURIEndpoint: null,
	searchURIEndpointVersion: '1.x.x',
};

const pascal = {
	IdSku: '1001',
	ProductId: 501,
	An: 'acmestore',
	IdAffiliate: 'KTZ',
	DateModified: '2026-02-17T09:41:12.4471093Z',
	IsActive: true,
	StockModified: true,
	PriceModified: false,
	HasStockKeepingUnitModified: false,
	HasStockKeepingUnitRemovedFromAffiliate: false,
};

/** 100 bodies that are valid JSON but no valid notification, each with its expected field. */
function malformedBodies(): Array<{ body: unknown; field: string }> {
	const templates: Array<(index: number) => { body: unknown; field: string }> = [
		(index) => ({ body: { An: 'acmestore', StockModified: true, Seq: index }, field: 'IdSku' }),
		(index) => ({ body: { ...pascal, IdSku: '', Seq: index }, field: 'IdSku' }),
		(index) => ({ body: { ...pascal, StockModified: `maybe-${index}` }, field: 'StockModified' }),
		(index) => ({ body: { ...pascal, IsActive: index }, field: 'IsActive' }),
		(index) => ({ body: { ...pascal, ProductId: { id: index } }, field: 'ProductId' }),
		(index) => ({ body: [pascal, { IdAffiliate: 'KTZ', Seq: index }], field: 'Notification 1' }),
		(index) => ({ body: { ...pascal, An: index }, field: 'An' }),
		(index) => ({ body: { ...pascal, IdSku: -index - 1 }, field: 'IdSku' }),
		() => ({ body: [], field: 'empty array' }),
		(index) => ({ body: { idSKU: '1001', IdSku: `other-${index}` }, field: 'same field' }),
	];
	return Array.from({ length: 100 }, (_, index) => templates[index % templates.length](index));
}

describe('VTEX Trigger in n8n', () => {
	let sandbox: Sandbox;
	let workflowId: string;
	let affiliateBefore: Record<string, unknown>;

	function storedAffiliate(): Record<string, unknown> {
		const found = sandbox.state().affiliates.find((entry: { id: string }) => entry.id === 'KTZ');
		if (!found) throw new Error('affiliate KTZ is missing from the sandbox');
		return found;
	}

	beforeAll(async () => {
		sandbox = await startSandbox({
			port: 0,
			scenario: {
				format: 'vtex-sandbox-scenario/1',
				case: 'trigger-e2e',
				catalog: { skuCount: 1 },
				affiliates: [affiliate],
			},
		});
		affiliateBefore = storedAffiliate();
		const credential = await createSandboxCredential(sandbox.url);
		workflowId = await createTriggerWorkflow(SHARED_VALUE, { credential });
		await activateWorkflow(workflowId);
		// n8n registers webhooks after the activation request returns.
		await waitUntil(() => sandbox.journal().some((entry) => entry.route === 'affiliatePut'));
	}, TEST_TIMEOUT_MS);

	afterAll(async () => {
		try {
			if (workflowId) await removeWorkflow(workflowId);
		} finally {
			await sandbox.close();
		}
	});

	it('registration changes only searchURIEndpoint', () => {
		const expectedUrl = `${readState().n8nUrl}/webhook/${TRIGGER_WEBHOOK_ID}/notification?token=${SHARED_VALUE}`;
		const after = storedAffiliate();

		expect(after.searchURIEndpoint).toBe(expectedUrl);
		expect({ ...after, searchURIEndpoint: affiliateBefore.searchURIEndpoint }).toEqual(
			affiliateBefore,
		);
		const routes = sandbox.journal().map((entry) => entry.route);
		expect(routes).toEqual(['affiliateGet', 'affiliateGet', 'affiliatePut']);
		// The PUT body is the GET body with searchURIEndpoint replaced, byte for byte.
		const put = sandbox.journal()[2];
		const expectedBody = JSON.stringify({ ...affiliateBefore, searchURIEndpoint: expectedUrl });
		expect(put.bodySha256).toBe(createHash('sha256').update(expectedBody).digest('hex'));
	});

	it(
		'100 malformed bodies get 400',
		async () => {
			const cases = malformedBodies();

			const results = await postMany(
				cases.map((entry) => entry.body),
				{ token: SHARED_VALUE },
			);

			const statuses = results.map((result) => result.status);
			expect(statuses).toEqual(Array(100).fill(400));
			const unnamed = results.filter((result, index) => !result.text.includes(cases[index].field));
			expect(unnamed).toEqual([]);
			expect(await executionsOf(workflowId)).toEqual([]);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'100 requests without secret get 401',
		async () => {
			const bodies = Array.from({ length: 100 }, (_, index) => ({
				...pascal,
				IdSku: String(2000 + index),
			}));
			const secrets = [{}, { token: 'wrong' }, { token: '' }, { token: `${SHARED_VALUE}x` }];

			const results = [];
			for (const [index, secret] of secrets.entries()) {
				const share = bodies.slice(index * 25, index * 25 + 25);
				results.push(...(await postMany(share, secret)));
			}

			expect(results.map((result) => result.status)).toEqual(Array(100).fill(401));
			expect(results.every((result) => !result.text.includes(SHARED_VALUE))).toBe(true);
			expect(await executionsOf(workflowId)).toEqual([]);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'still serves a valid notification',
		async () => {
			const response = await postNotification(pascal, { token: SHARED_VALUE });

			expect(response.status).toBe(200);
			const executions = await waitForExecutions(workflowId, 1);
			expect(executions).toHaveLength(1);
			expect(executions[0].status).toBe('success');
			const items = triggerItems(executions[0]);
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({
				skuId: '1001',
				productId: '501',
				account: 'acmestore',
				affiliateId: 'KTZ',
				active: true,
				stockModified: true,
				priceModified: false,
				skuModified: false,
				removedFromAffiliate: false,
				changes: ['stock'],
				dateModified: '2026-02-17T09:41:12.4471093Z',
				version: null,
			});
			expect(JSON.stringify(executions[0].data)).not.toContain(SHARED_VALUE);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'deactivation keeps the URL',
		async () => {
			const registeredUrl = storedAffiliate().searchURIEndpoint;
			const readsBefore = sandbox.journal().filter((entry) => entry.route === 'affiliateGet');
			await removeWorkflow(workflowId);
			workflowId = '';
			// The delete method reads the affiliate once. n8n 2.40.7 unpublishes in the background,
			// from a queue it polls, so the read may come many seconds after the request.
			const countReads = () =>
				sandbox.journal().filter((entry) => entry.route === 'affiliateGet').length;
			await waitUntil(() => countReads() > readsBefore.length, 60000);

			expect(countReads()).toBe(readsBefore.length + 1);
			expect(storedAffiliate().searchURIEndpoint).toBe(registeredUrl);
			expect(sandbox.journal().filter((entry) => entry.route === 'affiliatePut')).toHaveLength(1);
			const routes = sandbox.journal().map((entry) => entry.route);
			expect(routes).not.toContain('affiliateDelete');
		},
		TEST_TIMEOUT_MS,
	);
});
