import type { INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { resetPacers } from '../../nodes/shared/transport/rateLimit';
import { outputOf, runWorkflow } from '../harness';
import { SANDBOX_APP_KEY, sandboxCredentials, workflowFor } from '../helpers/workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

function scenario(extra: Record<string, unknown>): Record<string, unknown> {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'transport',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		catalog: { skuCount: 30 },
		...extra,
	};
}

function stockWorkflow(count: number, options: INodeParameters = {}) {
	return workflowFor(
		{
			type: 'vtexStock',
			name: 'VTEX Stock',
			parameters: {
				resource: 'simulation',
				operation: 'getStock',
				salesChannel: '2',
				affiliateId: 'KTZ',
				options,
			},
		},
		Array.from({ length: count }, (_, index) => ({ skuId: String(1001 + index) })),
	);
}

function skuWorkflow(skuIds: string[]) {
	return workflowFor(
		{
			type: 'vtexCatalog',
			name: 'VTEX Catalog',
			parameters: { resource: 'sku', operation: 'get', salesChannel: '2' },
		},
		skuIds.map((skuId) => ({ skuId })),
	);
}

describe('transport against the sandbox', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, scenario: scenario({}) });
	});

	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(() => resetPacers());

	it('keeps the configured pace with requests in flight', async () => {
		sandbox.load(scenario({}));
		const workflow = stockWorkflow(21, { batchSize: 1, requestsPerSecond: 10 });

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const arrivals = sandbox
			.journal()
			.filter((entry) => entry.route === 'simulation')
			.map((entry) => entry.receivedMs);
		// Spans of 5 intervals, because one late timer can shorten the single gap after it.
		const spans = arrivals.slice(5).map((arrival, index) => arrival - arrivals[index]);

		expect(run.status).toBe('success');
		expect(arrivals).toHaveLength(21);
		// 20 intervals of 100 ms; the bounds leave room for a slow machine.
		expect(arrivals[20] - arrivals[0]).toBeGreaterThanOrEqual(1700);
		expect(arrivals[20] - arrivals[0]).toBeLessThan(6000);
		expect(Math.min(...spans)).toBeGreaterThanOrEqual(300);
	});

	it('divides the pace among sharing processes', async () => {
		sandbox.load(scenario({}));
		const workflow = stockWorkflow(11, { batchSize: 1, requestsPerSecond: 20 });

		const credentials = sandboxCredentials(sandbox.url, { processCount: 2 });
		const run = await runWorkflow(workflow, credentials);
		const arrivals = sandbox
			.journal()
			.filter((entry) => entry.route === 'simulation')
			.map((entry) => entry.receivedMs);

		expect(run.status).toBe('success');
		expect(arrivals).toHaveLength(11);
		// 10 intervals of 100 ms at 20 / 2 per second; at the full 20 per second they take 500 ms.
		expect(arrivals[10] - arrivals[0]).toBeGreaterThanOrEqual(850);
	});

	it('waits for Retry-After and retries the same request', async () => {
		sandbox.load(
			scenario({
				faults: [
					{ route: 'simulation', calls: [1, 1], status: 429, headers: { 'Retry-After': '2' } },
				],
			}),
		);

		const run = await runWorkflow(stockWorkflow(3), sandboxCredentials(sandbox.url));
		const calls = sandbox.journal().filter((entry) => entry.route === 'simulation');

		expect(run.status).toBe('success');
		expect(outputOf(run, 'VTEX Stock')).toHaveLength(3);
		expect(calls.map((entry) => entry.status)).toEqual([429, 200]);
		expect(calls[1].skus).toEqual(calls[0].skus);
		expect(calls[1].receivedMs - (calls[0].respondedMs ?? 0)).toBeGreaterThanOrEqual(1950);
	});

	it('fails at once on a Retry-After above the cap', async () => {
		sandbox.load(
			scenario({
				faults: [{ route: 'simulation', status: 429, headers: { 'Retry-After': '3600' } }],
			}),
		);
		const started = Date.now();

		const run = await runWorkflow(stockWorkflow(2), sandboxCredentials(sandbox.url));
		const calls = sandbox.journal().filter((entry) => entry.route === 'simulation');
		const error = run.data.resultData.error;

		expect(Date.now() - started).toBeLessThan(10_000);
		expect(run.status).toBe('error');
		expect(calls).toHaveLength(1);
		expect(error?.message).toBe(
			'VTEX set Retry-After to 3600 s for the simulation request for SKUs 1001, 1002 (HTTP 429), above the maximum of 120 s that this node waits',
		);
		expect(error?.description).toContain('Run the workflow again after that time');
	});

	it('gives up after five attempts and names the SKUs', async () => {
		sandbox.load(scenario({ faults: [{ route: 'simulation', status: 503 }] }));

		const run = await runWorkflow(stockWorkflow(2), sandboxCredentials(sandbox.url));
		const calls = sandbox.journal().filter((entry) => entry.route === 'simulation');

		expect(run.status).toBe('error');
		expect(calls).toHaveLength(5);
		expect(run.data.resultData.error?.message).toBe(
			'VTEX failed to respond to simulation for SKUs 1001, 1002 after 5 attempts (HTTP 503)',
		);
	});

	it('explains a refused token without showing it', async () => {
		sandbox.load(scenario({}));
		const refusedValue = 'wrong-token-value-123';

		const run = await runWorkflow(
			skuWorkflow(['1001']),
			sandboxCredentials(sandbox.url, { appToken: refusedValue }),
		);
		const error = run.data.resultData.error;

		expect(run.status).toBe('error');
		expect(error?.message).toBe('VTEX refused the app key or app token (HTTP 401) for SKU 1001');
		expect(error?.description).toContain('App Key and App Token');
		expect(JSON.stringify(error)).not.toContain(refusedValue);
		expect(sandbox.journal()).toHaveLength(1);
	});

	it('names the missing permission on 403', async () => {
		sandbox.load(scenario({ forbiddenRoutes: ['skuContext'] }));

		const run = await runWorkflow(skuWorkflow(['1001']), sandboxCredentials(sandbox.url));
		const error = run.data.resultData.error;

		expect(error?.message).toBe(
			'The app key lacks permission for skuContext (HTTP 403) for SKU 1001',
		);
		expect(error?.description).toContain('Product and SKU Management');
	});

	it('removes the key from an error body that echoes it', async () => {
		sandbox.load(
			scenario({
				faults: [
					{ route: 'skuContext', status: 400, body: { Message: `Key ${SANDBOX_APP_KEY} is odd` } },
				],
			}),
		);

		const run = await runWorkflow(skuWorkflow(['1001']), sandboxCredentials(sandbox.url));
		const error = run.data.resultData.error;

		expect(error?.description).toContain('Key [redacted] is odd');
		expect(JSON.stringify(error)).not.toContain(SANDBOX_APP_KEY);
	});

	it('raises on an account name that is not a host label', async () => {
		sandbox.load(scenario({}));

		const run = await runWorkflow(
			skuWorkflow(['1001']),
			sandboxCredentials('', { accountName: 'evil.example.com/x' }),
		);

		expect(run.data.resultData.error?.message).toContain('Invalid account name');
		expect(sandbox.journal()).toHaveLength(0);
	});

	describe('on a 200 with an HTML body', () => {
		const html = '<html><body>Sign in</body></html>';

		function htmlFault(route: string): Record<string, unknown> {
			return { route, status: 200, headers: { 'Content-Type': 'text/html' }, body: html };
		}

		it('fails the SKU ID listing instead of ending it', async () => {
			sandbox.load(scenario({ faults: [htmlFault('skuIdsBySalesChannel')] }));
			const workflow = workflowFor({
				type: 'vtexCatalog',
				name: 'VTEX Catalog',
				parameters: {
					resource: 'sku',
					operation: 'getManyIds',
					salesChannel: '2',
					returnAll: true,
				},
			});

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const error = run.data.resultData.error;

			expect(run.status).toBe('error');
			expect(error?.message).toBe(
				'VTEX returned an unexpected skuIdsBySalesChannel response for page 1 of the SKU IDs of sales channel 2 (HTTP 200): expected a JSON array of SKU IDs',
			);
			expect(error?.description).toContain(`The response starts with: ${html}.`);
		});

		it('fails the SKU instead of calling it ineligible', async () => {
			sandbox.load(scenario({ faults: [htmlFault('skuContext')] }));
			const workflow = workflowFor(
				{
					type: 'vtexCatalog',
					name: 'VTEX Catalog',
					parameters: { resource: 'sku', operation: 'get', salesChannel: '2' },
					continueOnFail: true,
				},
				[{ skuId: '1001' }, { skuId: '1002' }],
			);

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Catalog');

			expect(items).toHaveLength(2);
			expect(items[0].json.skuId).toBe('1001');
			expect(items[0].json.eligible).toBeUndefined();
			expect(items[0].json.error).toContain('expected a JSON object with the numeric "Id"');
			expect(items[1].json.skuId).toBe('1002');
			expect(items[1].json.error).toContain('unexpected skuContext response for SKU 1002');
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		});

		it('fails the batch instead of reporting missing SKUs', async () => {
			sandbox.load(scenario({ faults: [htmlFault('simulation')] }));
			const workflow = stockWorkflow(2);
			workflow.nodes[2].onError = 'continueRegularOutput';

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Stock');

			expect(items).toHaveLength(2);
			// One Error entry for the failed read, and no Alert that would call the SKU missing.
			expect(items[0].json.logEntries).toEqual([
				expect.objectContaining({ skuId: '1001', status: 'Error', operation: 'Inventory update' }),
			]);
			expect(items[0].json.availableInSimulation).toBeUndefined();
			expect(items[0].json.error).toBe(
				'VTEX returned an unexpected simulation response for SKUs 1001, 1002 (HTTP 200): expected a JSON object with an "items" array',
			);
			expect(items[1].json.skuId).toBe('1002');
			expect(items[1].json.error).toBe(items[0].json.error);
		});
	});
});
