import type { IDataObject } from 'n8n-workflow';
import { startSandbox } from '../../sandbox';
import { resetPacers } from '../../nodes/shared/transport/rateLimit';
import { hintsOf, outputOf, runWorkflow } from '../harness';
import { sandboxCredentials, workflowFor } from '../helpers/workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

function scenario(extra: Record<string, unknown>): Record<string, unknown> {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'catalog-node',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		...extra,
	};
}

describe('VTEX Catalog node', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, scenario: scenario({ catalog: { skuCount: 3 } }) });
	});

	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(() => resetPacers());

	describe('getManyIds', () => {
		it('reads every SKU ID until the empty page', async () => {
			sandbox.load(scenario({ catalog: { skuCount: 2500 } }));
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
			const items = outputOf(run, 'VTEX Catalog');
			const listing = sandbox.journal().filter((entry) => entry.route === 'skuIdsBySalesChannel');

			expect(run.status).toBe('success');
			expect(items).toHaveLength(2500);
			expect(items[0].json).toEqual({ skuId: '1001', page: 1 });
			expect(items[2499].json).toEqual({ skuId: '3500', page: 3 });
			expect(new Set(items.map((item) => item.json.skuId)).size).toBe(2500);
			expect(listing).toHaveLength(4);
			expect(listing[0].query).toMatchObject({ sc: '2', page: '1', pageSize: '1000' });
			expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		});

		it('reads from the given page up to the limit', async () => {
			sandbox.load(scenario({ catalog: { skuCount: 30 } }));
			const workflow = workflowFor({
				type: 'vtexCatalog',
				name: 'VTEX Catalog',
				parameters: {
					resource: 'sku',
					operation: 'getManyIds',
					salesChannel: '2',
					returnAll: false,
					limit: 5,
					page: 2,
					pageSize: 10,
				},
			});

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Catalog');

			expect(items.map((item) => item.json.skuId)).toEqual([
				'1011',
				'1012',
				'1013',
				'1014',
				'1015',
			]);
			expect(items[0].json.page).toBe(2);
		});

		it('reads a short page alone with Single Page', async () => {
			// Fixed pages of two IDs, shorter than the page size, as VTEX may serve them.
			sandbox.load(
				scenario({
					catalog: {
						skuCount: 6,
						idPages: [
							[1001, 1002],
							[1003, 1004],
							[1005, 1006],
						],
					},
				}),
			);
			const workflow = workflowFor({
				type: 'vtexCatalog',
				name: 'VTEX Catalog',
				parameters: {
					resource: 'sku',
					operation: 'getManyIds',
					salesChannel: '2',
					returnAll: false,
					limit: 1000,
					page: 2,
					singlePage: true,
				},
			});

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Catalog');
			const listing = sandbox.journal().filter((entry) => entry.route === 'skuIdsBySalesChannel');

			expect(run.status).toBe('success');
			expect(items.map((item) => item.json)).toEqual([
				{ skuId: '1003', page: 2 },
				{ skuId: '1004', page: 2 },
			]);
			expect(listing.map((entry) => entry.query.page)).toEqual(['2']);
		});

		it('logs one Alert for a throttled listing', async () => {
			sandbox.load(
				scenario({
					catalog: {
						skuCount: 6,
						idPages: [
							[1001, 1002],
							[1003, 1004],
						],
					},
					faults: [
						{
							route: 'skuIdsBySalesChannel',
							match: { query: { page: '2' } },
							calls: [1, 2],
							status: 429,
							headers: { 'Retry-After': '1' },
							body: '',
						},
					],
				}),
			);
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
			const items = outputOf(run, 'VTEX Catalog');
			const alerts = items.flatMap((item) => (item.json.logEntries as IDataObject[]) ?? []);

			expect(run.status).toBe('success');
			expect(items).toHaveLength(4);
			expect(alerts).toHaveLength(1);
			expect(alerts[0]).toMatchObject({ status: 'Alert', messageCode: 'THROTTLED', skuId: null });
			expect(alerts[0].businessMessage).toContain('429');
			expect(alerts[0].businessMessage).toContain('2 time(s)');
			expect(items[3].json.logEntries).toEqual(alerts);
		});

		it('returns no items for an empty single page', async () => {
			sandbox.load(scenario({ catalog: { skuCount: 6, idPages: [[1001, 1002]] } }));
			const workflow = workflowFor({
				type: 'vtexCatalog',
				name: 'VTEX Catalog',
				parameters: {
					resource: 'sku',
					operation: 'getManyIds',
					salesChannel: '2',
					returnAll: false,
					page: 2,
					singlePage: true,
				},
			});

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));

			expect(run.status).toBe('success');
			expect(outputOf(run, 'VTEX Catalog')).toEqual([]);
			expect(sandbox.journal()).toHaveLength(1);
		});

		it('rejects a limit that is not a number', async () => {
			sandbox.load(scenario({ catalog: { skuCount: 30 } }));
			const workflow = workflowFor({
				type: 'vtexCatalog',
				name: 'VTEX Catalog',
				parameters: {
					resource: 'sku',
					operation: 'getManyIds',
					salesChannel: '2',
					returnAll: false,
					limit: '={{ $json.missingField }}',
					pageSize: 10,
				},
			});

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));

			expect(run.status).toBe('error');
			expect(run.data.resultData.error?.message).toBe(
				'Invalid Limit (empty): use a whole number 1 or more',
			);
			expect(sandbox.journal()).toHaveLength(0);
		});

		it('fails on a listing that repeats its last page', async () => {
			sandbox.load(
				scenario({
					catalog: { skuCount: 5, idPages: [[1001, 1002], [1003]], repeatLastPage: true },
				}),
			);
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
			const listing = sandbox.journal().filter((entry) => entry.route === 'skuIdsBySalesChannel');

			expect(run.status).toBe('error');
			expect(run.data.resultData.error?.message).toContain('contains only IDs already read');
			expect(listing).toHaveLength(3);
		});
	});

	describe('get', () => {
		it('reports eligibility and the reasons of ineligible SKUs', async () => {
			sandbox.load(
				scenario({
					catalog: {
						skuCount: 4,
						skus: [
							{ id: 1002, isProductActive: false },
							{ id: 1003, isActive: false, salesChannels: [1] },
						],
					},
				}),
			);
			const workflow = workflowFor(
				{
					type: 'vtexCatalog',
					name: 'VTEX Catalog',
					parameters: { resource: 'sku', operation: 'get', salesChannel: '2' },
				},
				[{ skuId: '1001' }, { skuId: '1002' }, { skuId: '1003' }, { skuId: '9999' }],
			);

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Catalog');

			expect(run.status).toBe('success');
			expect(items).toHaveLength(4);
			expect(items[0].json).toMatchObject({ skuId: '1001', eligible: true, ineligibleReasons: [] });
			expect(items[0].json.logEntries).toBeUndefined();
			expect((items[0].json.sku as { Id: number }).Id).toBe(1001);

			expect(items[1].json).toMatchObject({
				eligible: false,
				ineligibleReasons: ['productInactive'],
			});
			expect(items[1].json.logEntries).toEqual([
				expect.objectContaining({
					skuId: '1002',
					status: 'Alert',
					messageCode: 'A2',
					operation: 'Catalog change',
					direction: 'VTEX to Marketplace',
				}),
			]);

			expect(items[2].json.ineligibleReasons).toEqual(['skuInactive', 'notInSalesChannel']);
			expect(items[3].json).toMatchObject({
				skuId: '9999',
				sku: null,
				ineligibleReasons: ['notFound'],
			});
			expect(items.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
				{ item: 3 },
			]);
		});

		it('puts an error item in place of an invalid SKU ID on continue', async () => {
			sandbox.load(scenario({ catalog: { skuCount: 1 } }));
			const workflow = workflowFor(
				{
					type: 'vtexCatalog',
					name: 'VTEX Catalog',
					parameters: { resource: 'sku', operation: 'get', salesChannel: '2' },
					continueOnFail: true,
				},
				[
					{ skuId: 'abc' },
					{ skuId: '1001' },
					{ skuId: { id: 1001 } },
					{ skuId: -3 },
					{ skuId: '' },
				],
			);

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Catalog');

			expect(run.status).toBe('success');
			expect(items).toHaveLength(5);
			expect(items[0].json.error).toContain('Invalid SKU ID "abc"');
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(items[1].json.eligible).toBe(true);
			expect(items[2].json.error).toBe('Invalid SKU ID {"id":1001}: use the numeric VTEX SKU ID');
			expect(items[3].json.error).toContain('Invalid SKU ID "-3"');
			expect(items[4].json.error).toContain('Invalid SKU ID ""');
			expect(items.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
				{ item: 3 },
				{ item: 4 },
			]);
		});
	});

	describe('search', () => {
		it('stops at the search window limits with one alert', async () => {
			sandbox.load(scenario({ catalog: { skuCount: 3000 } }));
			const workflow = workflowFor({
				type: 'vtexCatalog',
				name: 'VTEX Catalog',
				parameters: { resource: 'product', operation: 'search', returnAll: true, pageSize: 50 },
			});

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Catalog');
			const searches = sandbox.journal().filter((entry) => entry.route === 'productSearch');
			const alerts = items.flatMap(
				(item) => (item.json.logEntries as Array<{ businessMessage: string }>) ?? [],
			);
			const hints = hintsOf(run, 'VTEX Catalog');

			expect(run.status).toBe('success');
			expect(items).toHaveLength(2550);
			expect(items[0].json.productId).toBe('501');
			expect(items[2549].json.productId).toBe('3050');
			expect(searches.filter((entry) => entry.status === 200)).toHaveLength(51);
			expect(searches.length).toBeLessThanOrEqual(52);
			expect(alerts).toHaveLength(1);
			expect(alerts[0].businessMessage).toContain('2500');
			expect(items[2549].json.logEntries).toHaveLength(1);
			expect(hints).toEqual([expect.objectContaining({ type: 'warning' })]);
			expect(hints[0].message).toContain('2500');
		});

		it('treats the 400 naming the limit as the end', async () => {
			sandbox.load(scenario({ catalog: { skuCount: 300 }, limits: { searchMaxFrom: 100 } }));
			const workflow = workflowFor({
				type: 'vtexCatalog',
				name: 'VTEX Catalog',
				parameters: { resource: 'product', operation: 'search', returnAll: true, pageSize: 50 },
			});

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Catalog');
			const searches = sandbox.journal().filter((entry) => entry.route === 'productSearch');

			expect(run.status).toBe('success');
			expect(items).toHaveLength(150);
			expect(searches.map((entry) => entry.status)).toEqual([200, 200, 200, 400]);
			expect(items[149].json.logEntries).toEqual([
				expect.objectContaining({ status: 'Alert', skuId: null }),
			]);
		});

		it('stops at the limit without a warning', async () => {
			sandbox.load(scenario({ catalog: { skuCount: 300 } }));
			const workflow = workflowFor({
				type: 'vtexCatalog',
				name: 'VTEX Catalog',
				parameters: {
					resource: 'product',
					operation: 'search',
					returnAll: false,
					limit: 60,
					pageSize: 50,
				},
			});

			const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
			const items = outputOf(run, 'VTEX Catalog');

			expect(items).toHaveLength(60);
			expect(hintsOf(run, 'VTEX Catalog')).toEqual([]);
			expect(items[59].json.logEntries).toBeUndefined();
		});
	});
});
