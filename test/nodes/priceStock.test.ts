import type { INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { resetPacers } from '../../nodes/shared/transport/rateLimit';
import type { LogEntry } from '../../nodes/shared/logEntry';
import { hintsOf, outputOf, runWorkflow } from '../harness';
import { sandboxCredentials, workflowFor } from '../helpers/workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

function scenario(extra: Record<string, unknown>): Record<string, unknown> {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'price-stock-nodes',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		...extra,
	};
}

function skuItems(first: number, count: number): Array<Record<string, unknown>> {
	return Array.from({ length: count }, (_, index) => ({ skuId: String(first + index) }));
}

function alertsOf(json: Record<string, unknown>): LogEntry[] {
	const entries = (json.logEntries ?? []) as LogEntry[];
	return entries.filter((entry) => entry.status === 'Alert');
}

const priceNode = (options: INodeParameters) => ({
	type: 'vtexPrice' as const,
	name: 'VTEX Price',
	parameters: {
		resource: 'simulation',
		operation: 'getPrice',
		salesChannel: '2',
		affiliateId: 'KTZ',
		options,
	},
});

const stockNode = (options: INodeParameters) => ({
	type: 'vtexStock' as const,
	name: 'VTEX Stock',
	parameters: {
		resource: 'simulation',
		operation: 'getStock',
		salesChannel: '2',
		affiliateId: 'KTZ',
		options,
	},
});

describe('VTEX Price and VTEX Stock rules', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, scenario: scenario({ catalog: { skuCount: 1 } }) });
	});

	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(() => resetPacers());

	describe('Get Price Record', () => {
		const recordNode = (options: INodeParameters) => ({
			type: 'vtexPrice' as const,
			name: 'VTEX Price',
			parameters: { resource: 'pricing', operation: 'getRecord', options },
		});

		beforeEach(() => {
			sandbox.load(
				scenario({
					catalog: {
						skuCount: 1,
						skus: [
							{
								id: 1001,
								price: 5000,
								listPrice: 6000,
								costPrice: 2500,
								fixedPrices: [
									{ tradePolicyId: 1, value: 4500 },
									{ tradePolicyId: 2, value: 3990, listPrice: 5990, minQuantity: 1 },
									{ tradePolicyId: 2, value: 3500, minQuantity: 10 },
								],
							},
						],
					},
				}),
			);
		});

		it('reads the record from the Pricing host', async () => {
			const workflow = workflowFor(recordNode({}), [{ skuId: '1001', title: 'kept' }]);

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const [item] = outputOf(run, 'VTEX Price');
			const [request] = sandbox.journal();

			expect(request.route).toBe('pricingGet');
			expect(request.path).toBe('/acmestore/pricing/prices/1001');
			expect(item.json).toMatchObject({
				skuId: '1001',
				title: 'kept',
				itemId: '1001',
				priceRecordFound: true,
				basePrice: 50,
				listPrice: 60,
				costPrice: 25,
			});
			expect(item.json.fixedPrices).toHaveLength(3);
			expect(item.json).not.toHaveProperty('fixedPrice');
		});

		it('outputs the fixed price of the trade policy', async () => {
			const workflow = workflowFor(recordNode({ tradePolicyId: '2' }), [{ skuId: '1001' }]);

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const [item] = outputOf(run, 'VTEX Price');

			expect(item.json.fixedPrice).toEqual({
				tradePolicyId: '2',
				value: 39.9,
				listPrice: 59.9,
				minQuantity: 1,
			});
		});

		it('marks a SKU without a record', async () => {
			const workflow = workflowFor(recordNode({ tradePolicyId: '2' }), [{ skuId: '4040' }]);

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const [item] = outputOf(run, 'VTEX Price');

			expect(run.status).toBe('success');
			expect(item.json).toMatchObject({
				itemId: '4040',
				priceRecordFound: false,
				basePrice: null,
				fixedPrice: null,
			});
		});
	});

	describe('Get Price', () => {
		it('applies the fixed price of the sales channel', async () => {
			sandbox.load(
				scenario({
					catalog: {
						skuCount: 1,
						skus: [{ id: 1001, price: 5000, fixedPrices: [{ tradePolicyId: 2, value: 3990 }] }],
					},
				}),
			);
			const workflow = workflowFor(priceNode({}), skuItems(1001, 1));

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const [item] = outputOf(run, 'VTEX Price');

			expect(item.json.price).toBe(39.9);
		});

		it('bypasses the simulation cache', async () => {
			sandbox.load(
				scenario({
					catalog: { skuCount: 1, skus: [{ id: 1001, price: 11490, listPrice: 12990 }] },
					staleSimulation: {
						staleForSeconds: 60,
						bypassHeader: 'X-VTEX-Cache-Client-Bypass',
						skus: { '1001': { price: 12990, listPrice: 12990 } },
					},
				}),
			);
			const workflow = workflowFor(priceNode({ bypassCache: true }), skuItems(1001, 1));

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const [item] = outputOf(run, 'VTEX Price');
			const simulations = sandbox.journal().filter((entry) => entry.route === 'simulation');

			expect(simulations).toHaveLength(1);
			expect(simulations[0].headers['x-vtex-cache-client-bypass']).toBe('1');
			expect(item.json).toMatchObject({ price: 114.9, listPrice: 129.9 });
			expect(item.json).not.toHaveProperty('logEntries');
		});

		it('keeps the later of two reads', async () => {
			sandbox.load(
				scenario({
					catalog: {
						skuCount: 2,
						skus: [
							{ id: 1001, price: 11490, listPrice: 12990 },
							{ id: 1002, price: 6990, listPrice: 7990 },
						],
					},
					staleSimulation: {
						staleForSeconds: 1,
						bypassHeader: 'X-VTEX-Cache-Client-Bypass',
						skus: { '1002': { price: 7990, listPrice: 7990 } },
					},
				}),
			);
			const workflow = workflowFor(priceNode({ rereadDelaySeconds: 2 }), skuItems(1001, 2));

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Price');
			const simulations = sandbox.journal().filter((entry) => entry.route === 'simulation');

			expect(simulations).toHaveLength(2);
			expect(simulations[1].receivedMs - (simulations[0].respondedMs ?? 0)).toBeGreaterThanOrEqual(
				2000,
			);
			expect(items[0].json).toMatchObject({ price: 114.9, priceChangedOnReread: false });
			expect(items[0].json).not.toHaveProperty('logEntries');
			expect(items[1].json).toMatchObject({
				price: 69.9,
				listPrice: 79.9,
				priceChangedOnReread: true,
			});
			const alerts = alertsOf(items[1].json);
			expect(alerts).toHaveLength(1);
			expect(alerts[0].messageCode).toBe('A6');
			expect(alerts[0].businessMessage).toContain('from 79.9 (list 79.9) to 69.9 (list 79.9)');
		});

		it('holds back prices that break a rule', async () => {
			sandbox.load(
				scenario({
					catalog: {
						skuCount: 5,
						skus: [
							{ id: 1001, price: 0, listPrice: 2900 },
							{ id: 1002, price: -790, listPrice: -790 },
							{ id: 1003, price: 2490, listPrice: 3190 },
							{ id: 1004, price: 2990, listPrice: 1990 },
							{ id: 1005, price: 480, listPrice: 480 },
						],
					},
				}),
			);
			const lastPrices = [29, 12.9, 26.9, 29.9, 48];
			const input = lastPrices.map((lastPrice, index) => ({
				skuId: String(1001 + index),
				lastPrice,
			}));
			const workflow = workflowFor(
				priceNode({
					checkPrices: true,
					maxDropPercent: 50,
					lastPriceSent: '={{ $json.lastPrice }}',
				}),
				input,
			);

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Price');

			expect(items.map((item) => item.json.sendable)).toEqual([false, false, true, false, false]);
			expect(items.map((item) => item.json.priceIssues)).toEqual([
				['priceNotPositive'],
				['priceNotPositive'],
				[],
				['listPriceBelowPrice'],
				['dropTooLarge'],
			]);
			expect(items.map((item) => alertsOf(item.json).length)).toEqual([1, 1, 0, 1, 1]);
			const messages = items.map((item) => alertsOf(item.json)[0]?.businessMessage ?? '');
			expect(messages[0]).toContain('SKU 1001');
			expect(messages[0]).toContain('the price 0 is not above zero');
			expect(messages[1]).toContain('-7.9');
			expect(messages[3]).toContain('19.9');
			expect(messages[4]).toContain('50%');
			expect(alertsOf(items[4].json)[0].messageCode).toBe('A5');
		});

		it('adds no check fields when the check is off', async () => {
			sandbox.load(scenario({ catalog: { skuCount: 1, skus: [{ id: 1001, price: 0 }] } }));
			const workflow = workflowFor(priceNode({}), skuItems(1001, 1));

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const [item] = outputOf(run, 'VTEX Price');

			expect(item.json).not.toHaveProperty('sendable');
			expect(item.json).not.toHaveProperty('logEntries');
		});
	});

	describe('Get Stock', () => {
		beforeEach(() => {
			sandbox.load(
				scenario({
					catalog: {
						skuCount: 3,
						skus: [
							{ id: 1001, stock: 10 },
							{ id: 1002, stock: 6 },
							{ id: 1003, stock: 2 },
						],
					},
				}),
			);
		});

		it('subtracts the safety stock', async () => {
			const workflow = workflowFor(stockNode({ safetyStock: 3 }), skuItems(1001, 3));

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Stock');

			expect(items.map((item) => item.json.stock)).toEqual([7, 3, 0]);
			expect(items.map((item) => item.json.simulatedStock)).toEqual([10, 6, 2]);
		});

		it('pauses below the minimum stock', async () => {
			const workflow = workflowFor(
				stockNode({ safetyStock: 1, minimumStock: 5 }),
				skuItems(1001, 3),
			);

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Stock');

			expect(items.map((item) => item.json.paused)).toEqual([false, false, true]);
			expect(items.map((item) => item.json.stock)).toEqual([9, 5, 0]);
		});
	});

	describe('Get Inventory', () => {
		const inventoryNode = (parameters: INodeParameters) => ({
			type: 'vtexStock' as const,
			name: 'VTEX Stock',
			parameters: { resource: 'inventory', operation: 'getInventory', ...parameters },
		});

		beforeEach(() => {
			sandbox.load(
				scenario({
					catalog: {
						skuCount: 3,
						warehouses: [
							{ id: 'wh-main', name: 'Main warehouse' },
							{ id: 'wh-north', name: 'North warehouse' },
						],
						skus: [
							{ id: 1001, inventory: { 'wh-main': 8, 'wh-north': 4 } },
							{ id: 1002, inventory: { 'wh-main': 3, 'wh-north': 1 } },
							{ id: 1003, salesChannels: [1], inventory: { 'wh-main': 5 } },
						],
					},
				}),
			);
		});

		it('counts the chosen warehouses of given SKUs', async () => {
			const workflow = workflowFor(
				inventoryNode({
					allSkus: false,
					skuId: '={{ $json.skuId }}',
					warehouseIds: ['wh-north'],
					options: { safetyStock: 1, minimumStock: 2 },
				}),
				[{ skuId: '1001', title: 'kept' }, { skuId: '1002' }],
			);

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Stock');

			expect(items[0].json).toMatchObject({
				skuId: '1001',
				title: 'kept',
				totalQuantity: 4,
				availableQuantity: 4,
				stock: 3,
				paused: false,
			});
			expect(items[0].json.balance).toEqual([
				expect.objectContaining({ warehouseId: 'wh-north', totalQuantity: 4 }),
			]);
			expect(items[1].json).toMatchObject({ skuId: '1002', stock: 0, paused: true });
			expect(items[1].json.throughput).toMatchObject({ skus: 2, throttled: 0 });
			expect(items[0].json).not.toHaveProperty('throughput');
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		});

		it('reads every SKU of a sales channel', async () => {
			const workflow = workflowFor(
				inventoryNode({ allSkus: true, salesChannel: '2', options: { requestsPerSecond: 50 } }),
			);

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Stock');
			const inventoryReads = sandbox.journal().filter((entry) => entry.route === 'inventoryBySku');

			expect(items.map((item) => item.json.skuId)).toEqual(['1001', '1002']);
			expect(items.map((item) => item.json.stock)).toEqual([12, 4]);
			expect(inventoryReads).toHaveLength(2);
			expect(hintsOf(run, 'VTEX Stock')[0].message).toMatch(
				/^Read the inventory of 2 SKUs in [\d.]+ s: \d+ SKUs per minute$/,
			);
		});
	});
});
