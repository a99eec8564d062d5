import { HookContext, WebhookContext } from 'n8n-core';
import { NodeApiError, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	INode,
	INodeParameters,
	INodeTypes,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { resetPacers } from '../../nodes/shared/transport/rateLimit';
import { VtexTrigger } from '../../nodes/VtexTrigger/VtexTrigger.node';
import { TestCredentials } from '../harness';
import { sandboxCredentials } from '../helpers/workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const TRIGGER_TYPE = 'n8n-nodes-vtex-marketplace.vtexTrigger';
const WEBHOOK_ID = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const WEBHOOK_BASE_URL = 'http://127.0.0.1:5678/webhook';
/** The trigger's shared secret in these tests. */
const SHARED_VALUE = 'notification-secret-7Hq2';
const OUR_URL = `${WEBHOOK_BASE_URL}/${WEBHOOK_ID}/notification?token=${SHARED_VALUE}`;

const trigger = new VtexTrigger();
const nodeTypes: INodeTypes = {
	getByName: () => trigger,
	getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(trigger, 1),
	getKnownTypes: () => ({}),
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

function triggerNode(parameters: INodeParameters): INode {
	return {
		id: 'c0ffee00-0000-4000-8000-000000000001',
		name: 'VTEX Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters: { secret: SHARED_VALUE, ...parameters },
		credentials: { vtexApi: { id: '1', name: 'VTEX account' } },
	};
}

function workflowWith(node: INode, staticData: IDataObject = {}): Workflow {
	return new Workflow({
		id: 'trigger-test',
		name: 'trigger test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData,
		settings: { executionOrder: 'v1' },
	});
}

/** Response double that records what the node sends through getResponseObject(). */
class RecordedResponse {
	statusCode = 200;
	body: unknown = undefined;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	json(body: unknown): this {
		this.body = body;
		return this;
	}
}

interface WebhookCall {
	result: IWebhookResponseData;
	response: RecordedResponse;
}

async function callWebhook(
	parameters: INodeParameters,
	request: { body: unknown; query?: IDataObject; headers?: Record<string, string> },
): Promise<WebhookCall> {
	const node = triggerNode(parameters);
	const workflow = workflowWith(node);
	const response = new RecordedResponse();
	const additionalData = {
		credentialsHelper: new TestCredentials({}),
		webhookBaseUrl: WEBHOOK_BASE_URL,
		httpRequest: {
			body: request.body,
			query: request.query ?? {},
			headers: request.headers ?? {},
			params: {},
		},
		httpResponse: response,
	} as unknown as IWorkflowExecuteAdditionalData;
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: `${WEBHOOK_ID}/notification`,
		webhookDescription: trigger.description.webhooks![0],
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: WEBHOOK_ID,
	} as IWebhookData;
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		'webhook',
		webhookData,
		[],
		null,
	);
	const result = await trigger.webhook.call(context);
	return { result, response };
}

function emitted(call: WebhookCall): IDataObject[] {
	return (call.result.workflowData?.[0] ?? []).map((item) => item.json);
}

const withToken = { query: { token: SHARED_VALUE } };

describe('VTEX Trigger webhook', () => {
	it('emits one item for a valid notification', async () => {
		const call = await callWebhook({}, { body: pascal, ...withToken });

		expect(call.result.noWebhookResponse).toBeUndefined();
		expect(call.response.statusCode).toBe(200);
		const items = emitted(call);
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
		expect(typeof items[0].receivedAt).toBe('string');
	});

	it('emits one item per array element', async () => {
		const body = [pascal, { ...pascal, IdSku: '1002', PriceModified: 'true' }];

		const items = emitted(await callWebhook({}, { body, ...withToken }));

		expect(items.map((item) => item.skuId)).toEqual(['1001', '1002']);
		expect(items[1].changes).toEqual(['price', 'stock']);
	});

	// In queue mode the trigger runs on main and the rest of the execution on a worker, which
	// cannot read binary data that main wrote to its own disk.
	it('emits JSON without binary data', async () => {
		const call = await callWebhook({}, { body: [pascal, pascal], ...withToken });
		const items = call.result.workflowData?.[0] ?? [];

		expect(items).toHaveLength(2);
		for (const item of items) {
			expect(item.binary).toBeUndefined();
			expect(Object.keys(item).filter((key) => key !== 'pairedItem')).toEqual(['json']);
		}
	});

	it('keeps the secret out of items', async () => {
		const call = await callWebhook({}, { body: pascal, ...withToken });

		expect(JSON.stringify(call.result)).not.toContain(SHARED_VALUE);
	});

	it('accepts the secret in a header', async () => {
		const call = await callWebhook(
			{ secretLocation: 'header' },
			{ body: pascal, headers: { 'x-vtex-notification-token': SHARED_VALUE } },
		);

		expect(emitted(call)).toHaveLength(1);
	});

	describe('rejects without a valid secret', () => {
		const requests: Array<[string, INodeParameters, Parameters<typeof callWebhook>[1]]> = [
			['no token', {}, { body: pascal }],
			['wrong token', {}, { body: pascal, query: { token: 'guess' } }],
			['token of other length', {}, { body: pascal, query: { token: `${SHARED_VALUE}x` } }],
			[
				'token in header only',
				{},
				{ body: pascal, headers: { 'x-vtex-notification-token': SHARED_VALUE } },
			],
			['query token in header mode', { secretLocation: 'header' }, { body: pascal, ...withToken }],
			['malformed body, no token', {}, { body: { An: 'acmestore' } }],
		];

		for (const [name, parameters, request] of requests) {
			it(`401 for ${name}`, async () => {
				const call = await callWebhook(parameters, request);

				expect(call.response.statusCode).toBe(401);
				expect(call.result).toEqual({ noWebhookResponse: true });
				expect(JSON.stringify(call.response.body)).toContain('secret');
				expect(JSON.stringify(call.response.body)).not.toContain(SHARED_VALUE);
			});
		}
	});

	it('500 when the node has no secret', async () => {
		const call = await callWebhook({ secret: '' }, { body: pascal, query: { token: '' } });

		expect(call.response.statusCode).toBe(500);
		expect(call.result).toEqual({ noWebhookResponse: true });
	});

	describe('rejects malformed bodies', () => {
		const bodies: Array<[string, unknown, string]> = [
			[
				'missing IdSku',
				{ An: 'acmestore', StockModified: true },
				'Notification 0: IdSku is missing',
			],
			['empty body', {}, 'Notification 0: IdSku is missing'],
			['bad flag', { IdSku: '1', StockModified: 'yes' }, 'Notification 0 (SKU 1): StockModified'],
			['bad second element', [pascal, { IdSku: [] }], 'Notification 1: IdSku'],
			['empty array', [], 'empty array'],
		];

		for (const [name, body, message] of bodies) {
			it(`400 for ${name}`, async () => {
				const call = await callWebhook({}, { body, ...withToken });

				expect(call.response.statusCode).toBe(400);
				expect(call.result).toEqual({ noWebhookResponse: true });
				expect((call.response.body as { error: string }).error).toContain(message);
			});
		}
	});

	describe('filters', () => {
		const mixed = [
			pascal,
			{ ...pascal, IdSku: '1002', IdAffiliate: 'QWR' },
			{ ...pascal, IdSku: '1003', An: 'otherstore' },
			{ ...pascal, IdSku: '1004', StockModified: false, PriceModified: true },
			{ ...pascal, IdSku: '1005', StockModified: false, IsActive: false },
		];

		const cases: Array<[string, INodeParameters, string[]]> = [
			['no filter', {}, ['1001', '1002', '1003', '1004', '1005']],
			['affiliate', { affiliates: 'KTZ' }, ['1001', '1003', '1004', '1005']],
			['account', { accounts: 'acmestore' }, ['1001', '1002', '1004', '1005']],
			['price change', { changes: ['price'] }, ['1004']],
			['deactivation', { changes: ['deactivated'] }, ['1005']],
			[
				'all three',
				{ affiliates: 'KTZ', accounts: 'acmestore', changes: ['stock', 'price'] },
				['1001', '1004'],
			],
		];

		for (const [name, filters, expected] of cases) {
			it(`keeps matching items: ${name}`, async () => {
				const call = await callWebhook({ filters }, { body: mixed, ...withToken });

				expect(emitted(call).map((item) => item.skuId)).toEqual(expected);
			});
		}

		it('200 and nothing emitted when all filtered', async () => {
			const call = await callWebhook(
				{ filters: { affiliates: 'KTZ' } },
				{ body: { ...pascal, IdAffiliate: 'QWR' }, ...withToken },
			);

			expect(call.response.statusCode).toBe(200);
			expect(call.result.workflowData).toBeUndefined();
			expect(call.result.noWebhookResponse).toBeUndefined();
			expect(call.result.webhookResponse).toEqual({ received: 1, emitted: 0 });
		});
	});
});

describe('VTEX Trigger registration', () => {
	let sandbox: Sandbox;

	const affiliate = {
		id: 'KTZ',
		name: 'Acme marketplace connector',
		salesChannel: '2',
		followUpEmail: 'ops@acmestore.example',
		searchURIEndpoint: null as string | null,
		searchURIEndpointVersion: '1.x.x',
	};

	function load(searchURIEndpoint: string | null): void {
		sandbox.load({
			format: 'vtex-sandbox-scenario/1',
			case: 'trigger-registration',
			affiliates: [{ ...affiliate, searchURIEndpoint }],
		});
	}

	function storedAffiliate(): Record<string, unknown> {
		const found = sandbox.state().affiliates.find((entry: { id: string }) => entry.id === 'KTZ');
		if (!found) throw new Error('affiliate KTZ is missing from the sandbox');
		return found;
	}

	function routesCalled(): string[] {
		return sandbox.journal().map((entry) => entry.route);
	}

	/** Runs one webhook method the way n8n's activation does, on a shared static data object. */
	async function runMethod(
		method: 'checkExists' | 'create' | 'delete',
		parameters: INodeParameters,
		staticData: IDataObject,
	): Promise<boolean> {
		const node = triggerNode({ selfRegister: true, affiliateId: 'KTZ', ...parameters });
		const workflow = workflowWith(node, staticData);
		const additionalData = {
			credentialsHelper: new TestCredentials(sandboxCredentials(sandbox.url)),
			webhookBaseUrl: WEBHOOK_BASE_URL,
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		} as unknown as IWorkflowExecuteAdditionalData;
		const context = new HookContext(workflow, node, additionalData, 'trigger', 'activate');
		const result = await trigger.webhookMethods.default[method].call(context);
		Object.assign(staticData, workflow.staticData);
		return result;
	}

	async function activate(parameters: INodeParameters, staticData: IDataObject): Promise<void> {
		if (!(await runMethod('checkExists', parameters, staticData))) {
			await runMethod('create', parameters, staticData);
		}
	}

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});

	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(() => resetPacers());

	it('changes only searchURIEndpoint', async () => {
		load(null);
		const before = storedAffiliate();

		await activate({}, {});

		const after = storedAffiliate();
		expect(after.searchURIEndpoint).toBe(OUR_URL);
		expect({ ...after, searchURIEndpoint: null }).toEqual(before);
		expect(routesCalled()).toEqual(['affiliateGet', 'affiliateGet', 'affiliatePut']);
	});

	it('stores the bare URL in header mode', async () => {
		load(null);

		await activate({ secretLocation: 'header' }, {});

		expect(storedAffiliate().searchURIEndpoint).toBe(
			`${WEBHOOK_BASE_URL}/${WEBHOOK_ID}/notification`,
		);
	});

	it('writes nothing when already registered', async () => {
		load(OUR_URL);

		await activate({}, {});

		expect(routesCalled()).toEqual(['affiliateGet']);
	});

	it('rejects endpoint owned by another URL', async () => {
		const other = 'https://other-connector.example/api/notification/?token=theirs';
		load(other);

		await expect(activate({}, {})).rejects.toThrow(
			'Affiliate KTZ already sends notifications to https://other-connector.example/api/notification/?token=%E2%80%A6',
		);
		expect(storedAffiliate().searchURIEndpoint).toBe(other);
		expect(routesCalled()).not.toContain('affiliatePut');
	});

	it('takes over and keeps the URL on delete', async () => {
		const other = 'https://other-connector.example/api/notification/';
		load(other);
		const staticData: IDataObject = {};

		await activate({ replaceExistingUrl: true }, staticData);
		expect(storedAffiliate().searchURIEndpoint).toBe(OUR_URL);
		await runMethod('delete', { replaceExistingUrl: true }, staticData);

		expect(storedAffiliate().searchURIEndpoint).toBe(OUR_URL);
	});

	it('replaces its own URL after a secret change', async () => {
		load(`${WEBHOOK_BASE_URL}/${WEBHOOK_ID}/notification?token=old-secret`);

		await activate({}, {});

		expect(storedAffiliate().searchURIEndpoint).toBe(OUR_URL);
	});

	it('delete keeps its own URL', async () => {
		load(null);
		const staticData: IDataObject = {};
		await activate({}, staticData);

		const deleted = await runMethod('delete', {}, staticData);

		expect(deleted).toBe(true);
		expect(storedAffiliate().searchURIEndpoint).toBe(OUR_URL);
		expect(storedAffiliate().name).toBe(affiliate.name);
		expect(routesCalled()).toEqual([
			'affiliateGet',
			'affiliateGet',
			'affiliatePut',
			'affiliateGet',
		]);
	});

	it('publishing again writes nothing', async () => {
		load(null);
		const staticData: IDataObject = {};
		await activate({}, staticData);

		// A publish that re-registers the trigger runs delete, then checkExists and create.
		for (let publish = 0; publish < 2; publish++) {
			await runMethod('delete', {}, staticData);
			await activate({}, staticData);
			expect(storedAffiliate().searchURIEndpoint).toBe(OUR_URL);
		}

		const puts = routesCalled().filter((route) => route === 'affiliatePut');
		expect(puts).toHaveLength(1);
		expect(routesCalled()).not.toContain('affiliateDelete');
	});

	it('delete leaves a URL changed by someone else', async () => {
		load(null);
		const staticData: IDataObject = {};
		await activate({}, staticData);
		const handedOver = 'https://other-connector.example/api/notification/';
		sandbox.load({
			format: 'vtex-sandbox-scenario/1',
			affiliates: [{ ...affiliate, searchURIEndpoint: handedOver }],
		});

		await runMethod('delete', {}, staticData);

		expect(storedAffiliate().searchURIEndpoint).toBe(handedOver);
		expect(routesCalled()).toEqual(['affiliateGet']);
	});

	it('does nothing with registration off', async () => {
		load(null);

		expect(await runMethod('checkExists', { selfRegister: false }, {})).toBe(true);
		expect(await runMethod('delete', { selfRegister: false }, {})).toBe(true);
		expect(routesCalled()).toEqual([]);
	});

	describe('keeps the secret out of a failed registration', () => {
		const secrets: Array<[string, string]> = [
			['plain secret', SHARED_VALUE],
			['secret that needs encoding', 'tok en+/&=Ä-9Zq'],
		];

		for (const [name, secret] of secrets) {
			it(name, async () => {
				const url = new URL(`${WEBHOOK_BASE_URL}/${WEBHOOK_ID}/notification`);
				url.searchParams.set('token', secret);
				// VTEX may repeat the URL it was sent in the body of its 400 response.
				const echo = `Invalid searchURIEndpoint ${url.toString()} (raw ${secret})`;
				sandbox.load({
					format: 'vtex-sandbox-scenario/1',
					affiliates: [{ ...affiliate, searchURIEndpoint: null }],
					faults: [
						{
							route: 'affiliatePut',
							status: 400,
							body: { Message: echo, searchURIEndpoint: url.toString() },
						},
					],
				});

				const failure = await activate({ secret }, {}).then(
					() => {
						throw new Error('expected the registration to fail');
					},
					(error: unknown) => error as NodeApiError,
				);

				expect(failure).toBeInstanceOf(NodeApiError);
				expect(failure.message).toContain('affiliatePut');
				expect(JSON.stringify(failure.errorResponse)).toContain('Invalid searchURIEndpoint');
				const errorTexts = [
					failure.message,
					failure.description ?? '',
					JSON.stringify(failure.errorResponse),
					JSON.stringify(failure.messages),
				];
				for (const form of [secret, encodeURIComponent(secret), url.searchParams.toString()]) {
					for (const text of errorTexts) {
						expect(text).not.toContain(form.replace(/^token=/, ''));
					}
				}
			});
		}
	});

	it('names a missing affiliate', async () => {
		sandbox.load({ format: 'vtex-sandbox-scenario/1' });

		await expect(activate({}, {})).rejects.toThrow('Affiliate KTZ not found');
	});
});
