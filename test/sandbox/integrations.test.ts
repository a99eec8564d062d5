import { call, startTestSandbox } from '../helpers/sandbox.cjs';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

const AFFILIATE_PATH = '/api/fulfillment/pvt/affiliates/KTZ';
const TREE_PATH = '/api/mkp-category-mapper/categories/marketplace/mpr-5d21?an=acmestore';

function scenario(extra: Record<string, unknown> = {}) {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'integrations-test',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		catalog: {
			skuCount: 2,
			warehouses: [
				{ id: 'wh-main', name: 'Main warehouse' },
				{ id: 'wh-north', name: 'North warehouse' },
			],
			skus: [
				{ id: 1002, price: 4990, listPrice: 5990, inventory: { 'wh-main': 3, 'wh-north': 4 } },
			],
		},
		affiliates: [
			{
				id: 'KTZ',
				name: 'Acme marketplace connector',
				salesChannel: '2',
				followUpEmail: 'ops@acmestore.example',
				searchURIEndpoint: null,
			},
		],
		...extra,
	};
}

describe('sandbox affiliates', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startTestSandbox(scenario());
	});
	afterEach(async () => sandbox.close());

	test('get returns the affiliate', async () => {
		const result = await call(`${sandbox.url}${AFFILIATE_PATH}`);
		expect(result.status).toBe(200);
		expect(result.json).toMatchObject({ id: 'KTZ', salesChannel: '2', searchURIEndpoint: null });
		const unknown = await call(`${sandbox.url}/api/fulfillment/pvt/affiliates/BCD`);
		expect(unknown.status).toBe(404);
	});

	test('put replaces and returns 204', async () => {
		const body = {
			name: 'Acme marketplace connector',
			salesChannel: '2',
			followUpEmail: 'ops@acmestore.example',
			searchURIEndpoint: 'http://127.0.0.1:5678/webhook/vtex/api/notification/',
			searchURIEndpointVersion: '1.x.x',
		};
		const result = await call(`${sandbox.url}${AFFILIATE_PATH}`, { method: 'PUT', body });
		expect(result.status).toBe(204);
		const stored = await call(`${sandbox.url}${AFFILIATE_PATH}`);
		expect(stored.json).toMatchObject({ id: 'KTZ', ...body });
		expect(sandbox.journal().map((entry) => entry.route)).toEqual(['affiliatePut', 'affiliateGet']);
	});

	test('delete removes the affiliate', async () => {
		const result = await call(`${sandbox.url}${AFFILIATE_PATH}`, { method: 'DELETE' });
		expect(result.status).toBe(204);
		expect((await call(`${sandbox.url}${AFFILIATE_PATH}`)).status).toBe(404);
	});
});

describe('sandbox mapper', () => {
	test('register returns an id', async () => {
		const sandbox = await startTestSandbox(scenario());
		const body = {
			displayName: 'Acme marketplace',
			categoryTreeEndPoint: 'http://127.0.0.1:5678/webhook/tree',
			mappingEndPoint: 'http://127.0.0.1:5678/webhook/mapping',
			properties: { allowsRemap: false },
		};
		const result = await call(
			`${sandbox.url}/api/mkp-category-mapper/connector/register?an=acmestore`,
			{
				method: 'POST',
				body,
			},
		);
		expect(result.status).toBe(200);
		expect((result.json as { id: string }).id).toMatch(/^mpr-/);
		const incomplete = await call(
			`${sandbox.url}/api/mkp-category-mapper/connector/register?an=acmestore`,
			{
				method: 'POST',
				body: { displayName: 'x' },
			},
		);
		expect(incomplete.status).toBe(400);
		expect(incomplete.text).toContain('categoryTreeEndPoint');
		await sandbox.close();
	});

	test('tree upload requires gzip', async () => {
		const sandbox = await startTestSandbox(scenario());
		const tree = { categories: [{ id: 'HOME', name: 'Home', children: [], specifications: [] }] };
		const plain = await call(`${sandbox.url}${TREE_PATH}`, { method: 'POST', body: tree });
		expect(plain.status).toBe(400);
		const gzipped = await call(`${sandbox.url}${TREE_PATH}`, {
			method: 'POST',
			body: tree,
			gzip: true,
		});
		expect(gzipped.status).toBe(204);
		expect(sandbox.state().mapper.trees[0]).toMatchObject({ mapperId: 'mpr-5d21', tree });
		expect(sandbox.journal()[1].headers['content-encoding']).toBe('gzip');
		await sandbox.close();
	});

	test('tree above the limit returns 413', async () => {
		const sandbox = await startTestSandbox(scenario({ limits: { mapperMaxBodyBytes: 64 } }));
		const categories = Array.from({ length: 40 }, (_, index) => ({
			id: `C${index}-${(index * 7919).toString(36)}`,
			name: `Category ${(index * 104729).toString(36)}`,
			children: [],
			specifications: [],
		}));
		const result = await call(`${sandbox.url}${TREE_PATH}`, {
			method: 'POST',
			body: { categories },
			gzip: true,
		});
		expect(result.status).toBe(413);
		expect(result.text).toContain('64');
		await sandbox.close();
	});
});

describe('sandbox pricing and logistics', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startTestSandbox(scenario());
	});
	afterAll(async () => sandbox.close());

	test('pricing record in currency units', async () => {
		const result = await call(`${sandbox.url}/acmestore/pricing/prices/1002`);
		expect(result.json).toEqual({
			itemId: '1002',
			basePrice: 49.9,
			listPrice: 59.9,
			costPrice: null,
			markup: null,
			fixedPrices: [],
		});
		const unknown = await call(`${sandbox.url}/acmestore/pricing/prices/4242`);
		expect(unknown.status).toBe(404);
	});

	test('inventory per warehouse', async () => {
		const result = await call(`${sandbox.url}/api/logistics/pvt/inventory/skus/1002`);
		const body = result.json as { skuId: string; balance: Array<Record<string, unknown>> };
		expect(body.skuId).toBe('1002');
		expect(body.balance).toEqual([
			expect.objectContaining({
				warehouseId: 'wh-main',
				warehouseName: 'Main warehouse',
				totalQuantity: 3,
			}),
			expect.objectContaining({ warehouseId: 'wh-north', totalQuantity: 4, reservedQuantity: 0 }),
		]);
		const defaulted = await call(`${sandbox.url}/api/logistics/pvt/inventory/skus/1001`);
		expect((defaulted.json as typeof body).balance).toEqual([
			expect.objectContaining({
				warehouseId: 'wh-main',
				totalQuantity: 10,
				hasUnlimitedQuantity: false,
			}),
		]);
	});

	test('warehouses list', async () => {
		const result = await call(`${sandbox.url}/api/logistics/pvt/configuration/warehouses`);
		expect(result.json).toEqual([
			expect.objectContaining({ id: 'wh-main', isActive: true, warehouseDocks: [] }),
			expect.objectContaining({ id: 'wh-north', name: 'North warehouse' }),
		]);
	});
});

describe('sandbox catalog generator', () => {
	test('marks exact shares deterministically', async () => {
		const generated = {
			format: 'vtex-sandbox-scenario/1',
			case: 'demo',
			account: 'acmestore',
			salesChannel: 2,
			affiliateId: 'KTZ',
			catalog: {
				skuCount: 1000,
				generate: {
					seed: 7,
					outsideSalesChannelPercent: 12,
					inactivePercent: 5,
					inactiveProductPercent: 2,
				},
			},
		};
		const first = await startTestSandbox(generated);
		const second = await startTestSandbox(generated);
		const skus = first.state().catalog.skus;
		expect(skus.filter((sku) => !sku.salesChannels.includes(2))).toHaveLength(120);
		expect(skus.filter((sku) => !sku.isActive)).toHaveLength(50);
		expect(skus.filter((sku) => !sku.isProductActive)).toHaveLength(20);
		expect(new Set(skus.map((sku) => sku.price)).size).toBeGreaterThan(100);
		expect(second.state().catalog.skus).toEqual(skus);
		await first.close();
		await second.close();
	});
});
