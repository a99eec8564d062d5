import { call, startTestSandbox } from '../helpers/sandbox.cjs';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

const IDS_PATH = '/api/catalog_system/pvt/sku/stockkeepingunitidsbysaleschannel';
const SEARCH_PATH = '/api/catalog_system/pub/products/search';

function scenario(extra: Record<string, unknown> = {}) {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'catalog-test',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		catalog: {
			skuCount: 25,
			skus: [
				{ id: 1002, salesChannels: [1] },
				{ id: 1003, isActive: false, images: [{ fileId: 7001, bytes: 300 }] },
			],
			products: [
				{ id: 501, name: 'Lamp', specifications: [{ id: 30, name: 'Voltage', values: ['220'] }] },
			],
		},
		...extra,
	};
}

describe('sandbox authentication', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startTestSandbox({ ...scenario(), forbiddenRoutes: ['warehouses'] });
	});
	afterAll(async () => sandbox.close());

	test('missing key pair returns 401', async () => {
		const result = await call(`${sandbox.url}${IDS_PATH}?sc=2`, { auth: false });
		expect(result.status).toBe(401);
	});

	test('wrong token returns 401', async () => {
		const result = await call(`${sandbox.url}${IDS_PATH}?sc=2`, {
			auth: false,
			headers: {
				'x-vtex-api-appkey': 'vtexappkey-acmestore-SANDBOX',
				'x-vtex-api-apptoken': 'tok-wrong',
			},
		});
		expect(result.status).toBe(401);
		expect(result.text).not.toContain('tok-wrong');
	});

	test('forbidden route returns 403', async () => {
		const forbidden = await call(`${sandbox.url}/api/logistics/pvt/configuration/warehouses`);
		expect(forbidden.status).toBe(403);
		const allowed = await call(`${sandbox.url}/api/catalog_system/pvt/saleschannel/list`);
		expect(allowed.status).toBe(200);
	});

	test('marketplace double needs no key', async () => {
		const result = await call(`${sandbox.url}/mkt/offers`, { auth: false });
		expect(result.status).toBe(200);
	});

	test('unknown path returns 404', async () => {
		const result = await call(`${sandbox.url}/api/nothing/here`);
		expect(result.status).toBe(404);
	});

	test('journal redacts the app token', async () => {
		await call(`${sandbox.url}/api/catalog_system/pvt/saleschannel/list`);
		const entry = sandbox.journal().find((candidate) => candidate.route === 'salesChannels');
		expect(entry?.headers['x-vtex-api-apptoken']).toBe('[redacted]');
		expect(entry?.headers['x-vtex-api-appkey']).toBe('vtexappkey-acmestore-SANDBOX');
	});
});

describe('sandbox catalog routes', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startTestSandbox(
			scenario({ limits: { maxPageSize: 10, pageSizeStatus: 429 } }),
		);
	});
	afterAll(async () => sandbox.close());

	test('id listing pages the sales channel', async () => {
		const first = await call(`${sandbox.url}${IDS_PATH}?sc=2&page=1&pageSize=10`);
		expect(first.status).toBe(200);
		expect(first.json).toEqual([1001, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011]);
		const third = await call(`${sandbox.url}${IDS_PATH}?sc=2&page=3&pageSize=10`);
		expect(third.json).toEqual([1022, 1023, 1024, 1025]);
		const fourth = await call(`${sandbox.url}${IDS_PATH}?sc=2&page=4&pageSize=10`);
		expect(fourth.json).toEqual([]);
		const channelOne = await call(`${sandbox.url}${IDS_PATH}?sc=1&page=1&pageSize=3`);
		expect(channelOne.json).toEqual([1001, 1002, 1003]);
	});

	test('id listing requires sc', async () => {
		const result = await call(`${sandbox.url}${IDS_PATH}?page=1`);
		expect(result.status).toBe(400);
		expect(result.text).toContain('sc');
	});

	test('page size above limit returns configured status', async () => {
		const result = await call(`${sandbox.url}${IDS_PATH}?sc=2&pageSize=11`);
		expect(result.status).toBe(429);
		expect(result.text).toContain('10');
	});

	test('sku context has the listed fields', async () => {
		const result = await call(
			`${sandbox.url}/api/catalog_system/pvt/sku/stockkeepingunitbyid/1003`,
		);
		expect(result.status).toBe(200);
		const body = result.json as Record<string, unknown>;
		expect(body.Id).toBe(1003);
		expect(body.ProductId).toBe(503);
		expect(body.SkuName).toBe('Item 1003');
		expect(body.ProductName).toBe('Product 503');
		expect(body.IsActive).toBe(false);
		expect(body.IsProductActive).toBe(true);
		expect(body.SalesChannels).toEqual([1, 2]);
		expect(body.ProductCategoryIds).toBe('/1/20/');
		expect(body.SkuSellers).toEqual([expect.objectContaining({ SellerId: '1' })]);
		const images = body.Images as Array<Record<string, unknown>>;
		expect(images).toHaveLength(1);
		expect(images[0].FileId).toBe(7001);
		expect(String(images[0].ImageUrl)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/arquivos\/ids\/7001\//);
	});

	test('unknown sku returns 404', async () => {
		const result = await call(
			`${sandbox.url}/api/catalog_system/pvt/sku/stockkeepingunitbyid/9999`,
		);
		expect(result.status).toBe(404);
	});

	test('image file follows the byte formula', async () => {
		const context = await call(
			`${sandbox.url}/api/catalog_system/pvt/sku/stockkeepingunitbyid/1003`,
		);
		const imageUrl = String(
			((context.json as Record<string, unknown>).Images as Array<Record<string, unknown>>)[0]
				.ImageUrl,
		);
		const result = await call(imageUrl);
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toBe('image/jpeg');
		expect(result.bytes.length).toBe(300);
		expect([...result.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
		expect(result.bytes[3]).toBe((3 + 7001) % 256);
		expect(result.bytes[297]).toBe((297 + 7001) % 256);
		expect([...result.bytes.subarray(298)]).toEqual([0xff, 0xd9]);
		const entry = sandbox.journal().find((candidate) => candidate.route === 'imageFile');
		expect(entry?.skus).toEqual(['1003']);
	});

	test('product specification lists values', async () => {
		const withSpecs = await call(
			`${sandbox.url}/api/catalog_system/pvt/products/501/specification`,
		);
		expect(withSpecs.json).toEqual([{ Id: 30, Name: 'Voltage', Value: ['220'] }]);
		const without = await call(`${sandbox.url}/api/catalog_system/pvt/products/502/specification`);
		expect(without.json).toEqual([]);
	});

	test('sales channel list has channels 1 and 2', async () => {
		const result = await call(`${sandbox.url}/api/catalog_system/pvt/saleschannel/list`);
		const channels = result.json as Array<Record<string, unknown>>;
		expect(channels.map((channel) => channel.Id)).toEqual(expect.arrayContaining([1, 2]));
		expect(channels[0]).toMatchObject({
			CountryCode: 'BRA',
			CurrencyCode: 'BRL',
			CurrencyDecimalDigits: 2,
		});
	});
});

describe('sandbox search limits', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startTestSandbox(
			scenario({ catalog: { skuCount: 120 }, limits: { searchMaxFrom: 100, searchMaxWindow: 10 } }),
		);
	});
	afterAll(async () => sandbox.close());

	test('default window is ten products', async () => {
		const result = await call(`${sandbox.url}${SEARCH_PATH}`);
		const products = result.json as Array<Record<string, unknown>>;
		expect(products).toHaveLength(10);
		expect(products[0]).toMatchObject({ productId: '501', productName: 'Product 501' });
		expect(products[0].items).toEqual([expect.objectContaining({ itemId: '1001' })]);
	});

	test('window at the from limit is served', async () => {
		const result = await call(`${sandbox.url}${SEARCH_PATH}?_from=100&_to=109`);
		expect(result.status).toBe(200);
		expect((result.json as Array<Record<string, unknown>>)[0].productId).toBe('601');
	});

	test('from above the limit returns 400', async () => {
		const result = await call(`${sandbox.url}${SEARCH_PATH}?_from=101&_to=105`);
		expect(result.status).toBe(400);
		expect(result.headers['content-type']).toContain('text/plain');
		expect(result.text).toContain('100');
	});

	test('window above the limit returns 400', async () => {
		const result = await call(`${sandbox.url}${SEARCH_PATH}?_from=0&_to=10`);
		expect(result.status).toBe(400);
		expect(result.text).toContain('10');
	});
});

describe('sandbox fixed id pages', () => {
	test('pages after the last are empty', async () => {
		const sandbox = await startTestSandbox(
			scenario({ catalog: { skuCount: 4, idPages: [[1001, 1002], { range: [1003, 1004] }] } }),
		);
		const second = await call(`${sandbox.url}${IDS_PATH}?sc=2&page=2`);
		expect(second.json).toEqual([1003, 1004]);
		const third = await call(`${sandbox.url}${IDS_PATH}?sc=2&page=3`);
		expect(third.json).toEqual([]);
		await sandbox.close();
	});

	test('repeatLastPage repeats the last page', async () => {
		const sandbox = await startTestSandbox(
			scenario({ catalog: { skuCount: 4, idPages: [[1001, 1002]], repeatLastPage: true } }),
		);
		const fifth = await call(`${sandbox.url}${IDS_PATH}?sc=2&page=5`);
		expect(fifth.json).toEqual([1001, 1002]);
		await sandbox.close();
	});
});
