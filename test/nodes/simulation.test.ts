import { startSandbox } from '../../sandbox';
import { resetPacers } from '../../nodes/shared/transport/rateLimit';
import { outputOf, runWorkflow } from '../harness';
import { sandboxCredentials, workflowFor } from '../helpers/workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

function scenario(extra: Record<string, unknown>): Record<string, unknown> {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'simulation-nodes',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		...extra,
	};
}

function skuItems(first: number, count: number): Array<Record<string, unknown>> {
	return Array.from({ length: count }, (_, index) => ({ skuId: String(first + index) }));
}

describe('VTEX Price and VTEX Stock nodes', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, scenario: scenario({ catalog: { skuCount: 3 } }) });
	});

	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(() => resetPacers());

	it('merges prices in currency units into the input items', async () => {
		sandbox.load(
			scenario({
				catalog: {
					skuCount: 3,
					skus: [
						{ id: 1001, price: 4990, listPrice: 5990, stock: 7 },
						{ id: 1002, price: 1000, listPrice: 1000, stock: 0 },
						{ id: 1003, salesChannels: [1] },
					],
				},
			}),
		);
		const input = [{ skuId: '1001', title: 'kept' }, { skuId: '1002' }, { skuId: '1003' }];
		const workflow = workflowFor(
			{
				type: 'vtexPrice',
				name: 'VTEX Price',
				parameters: {
					resource: 'simulation',
					operation: 'getPrice',
					salesChannel: '2',
					affiliateId: 'KTZ',
					options: { includeStock: true },
				},
			},
			input,
		);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const items = outputOf(run, 'VTEX Price');
		const simulations = sandbox.journal().filter((entry) => entry.route === 'simulation');

		expect(run.status).toBe('success');
		expect(simulations).toHaveLength(1);
		expect(simulations[0].query).toEqual({ sc: '2', affiliateId: 'KTZ' });
		expect(simulations[0].skus).toEqual(['1001', '1002', '1003']);
		expect(items[0].json).toEqual({
			skuId: '1001',
			title: 'kept',
			price: 49.9,
			listPrice: 59.9,
			priceValidUntil: null,
			availableInSimulation: true,
			stock: 7,
		});
		expect(items[1].json).toMatchObject({ price: 10, listPrice: null, stock: 0 });
		expect(items[2].json).toMatchObject({ availableInSimulation: false, price: null });
		expect(items[2].json.logEntries).toEqual([
			expect.objectContaining({
				skuId: '1003',
				status: 'Alert',
				messageCode: 'A1',
				operation: 'Price update',
			}),
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('reads stock in batches of the batch size', async () => {
		sandbox.load(scenario({ catalog: { skuCount: 120, defaults: { stock: 4 } } }));
		const workflow = workflowFor(
			{
				type: 'vtexStock',
				name: 'VTEX Stock',
				parameters: {
					resource: 'simulation',
					operation: 'getStock',
					salesChannel: '2',
					affiliateId: 'KTZ',
				},
			},
			skuItems(1001, 120),
		);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const items = outputOf(run, 'VTEX Stock');
		const simulations = sandbox.journal().filter((entry) => entry.route === 'simulation');

		expect(run.status).toBe('success');
		expect(items).toHaveLength(120);
		expect(simulations.map((entry) => entry.skus.length).sort()).toEqual([20, 50, 50]);
		expect(items.every((item) => item.json.stock === 4)).toBe(true);
		expect(items[119].json).toEqual({
			skuId: '1120',
			stock: 4,
			availableInSimulation: true,
			simulatedStock: 4,
			paused: false,
		});
		expect(items[119].pairedItem).toEqual({ item: 119 });
	});

	it('puts error items on every SKU of a failed batch on continue', async () => {
		sandbox.load(
			scenario({
				catalog: { skuCount: 2 },
				faults: [
					{
						route: 'simulation',
						status: 400,
						body: { error: { code: 'FMT0104', message: 'Too many items' } },
					},
				],
			}),
		);
		const workflow = workflowFor(
			{
				type: 'vtexStock',
				name: 'VTEX Stock',
				parameters: {
					resource: 'simulation',
					operation: 'getStock',
					salesChannel: '2',
					affiliateId: 'KTZ',
				},
				continueOnFail: true,
			},
			skuItems(1001, 2),
		);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const items = outputOf(run, 'VTEX Stock');

		expect(run.status).toBe('success');
		expect(items.map((item) => item.json.skuId)).toEqual(['1001', '1002']);
		expect(items[0].json.error).toBe(
			'VTEX rejected the simulation request for SKUs 1001, 1002 (HTTP 400)',
		);
		expect(items[0].json.errorDescription).toContain('FMT0104: Too many items');
	});

	it('fails only the SKU whose price is text', async () => {
		const body = {
			items: [
				{ id: '1001', requestIndex: 0, price: '49.90', listPrice: 5990 },
				{ id: '1002', requestIndex: 1, price: -500, listPrice: 0 },
			],
			logisticsInfo: [
				{ itemIndex: 0, stockBalance: 3 },
				{ itemIndex: 1, stockBalance: 4 },
			],
		};
		sandbox.load(
			scenario({
				catalog: { skuCount: 2 },
				faults: [{ route: 'simulation', status: 200, body }],
			}),
		);
		const priceWorkflow = workflowFor(
			{
				type: 'vtexPrice',
				name: 'VTEX Price',
				parameters: {
					resource: 'simulation',
					operation: 'getPrice',
					salesChannel: '2',
					affiliateId: 'KTZ',
				},
				continueOnFail: true,
			},
			skuItems(1001, 2),
		);
		const stockWorkflow = workflowFor(
			{
				type: 'vtexStock',
				name: 'VTEX Stock',
				parameters: {
					resource: 'simulation',
					operation: 'getStock',
					salesChannel: '2',
					affiliateId: 'KTZ',
				},
			},
			skuItems(1001, 2),
		);

		const prices = outputOf(
			await runWorkflow(priceWorkflow, sandboxCredentials(sandbox.url)),
			'VTEX Price',
		);
		const stocks = outputOf(
			await runWorkflow(stockWorkflow, sandboxCredentials(sandbox.url)),
			'VTEX Stock',
		);

		expect(prices).toHaveLength(2);
		expect(prices[0].json).toEqual({
			skuId: '1001',
			error:
				'Invalid price "49.90" for SKU 1001 in the VTEX simulation response: expected an amount in cents',
			errorDescription: expect.stringContaining('whole numbers of cents'),
			logEntries: [
				expect.objectContaining({
					skuId: '1001',
					status: 'Error',
					operation: 'Price update',
					messageCode: 'E7',
					businessMessage: expect.stringMatching(/^VTEX Price failed for SKU 1001: Invalid price/),
				}),
			],
		});
		expect(prices[0].pairedItem).toEqual({ item: 0 });
		expect(prices[1].json).toMatchObject({ skuId: '1002', price: -5, listPrice: 0 });
		expect(prices[1].pairedItem).toEqual({ item: 1 });
		expect(stocks.map((item) => item.json.stock)).toEqual([3, 4]);
	});

	it('rejects a batch size that is not a number', async () => {
		sandbox.load(scenario({ catalog: { skuCount: 60 } }));
		const workflow = workflowFor(
			{
				type: 'vtexStock',
				name: 'VTEX Stock',
				parameters: {
					resource: 'simulation',
					operation: 'getStock',
					salesChannel: '2',
					affiliateId: 'KTZ',
					options: { batchSize: '={{ "fifty" }}' },
				},
				continueOnFail: true,
			},
			skuItems(1001, 60),
		);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const items = outputOf(run, 'VTEX Stock');

		expect(items).toHaveLength(60);
		expect(items[0].json.error).toBe('Invalid Batch Size "fifty": use a whole number from 1 to 50');
		expect(items[59].json.error).toBe(items[0].json.error);
		expect(items[59].pairedItem).toEqual({ item: 59 });
		expect(sandbox.journal()).toHaveLength(0);
	});

	it('rejects an invalid affiliate ID', async () => {
		sandbox.load(scenario({ catalog: { skuCount: 1 } }));
		const workflow = workflowFor(
			{
				type: 'vtexPrice',
				name: 'VTEX Price',
				parameters: {
					resource: 'simulation',
					operation: 'getPrice',
					salesChannel: '2',
					affiliateId: 'K/TZ',
				},
			},
			skuItems(1001, 1),
		);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));

		expect(run.status).toBe('error');
		expect(run.data.resultData.error?.message).toContain('Invalid affiliate ID "K/TZ"');
		expect(sandbox.journal()).toHaveLength(0);
	});
});
