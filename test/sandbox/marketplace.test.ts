import { createHash } from 'node:crypto';
import { call, startTestSandbox } from '../helpers/sandbox.cjs';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

function scenario(marketplace: Record<string, unknown>) {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'marketplace-test',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		catalog: { skuCount: 3 },
		marketplace,
	};
}

function offerOf(sandbox: Sandbox, skuId: string) {
	return sandbox.state().offers.find((offer) => offer.skuId === skuId);
}

describe('marketplace double with sku ids', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startTestSandbox(
			scenario({
				offers: [{ offerId: 'MKT-1001', skuId: '1001', price: 39, stock: 4, active: true }],
			}),
		);
	});
	afterEach(async () => sandbox.close());

	test('upsert creates then updates', async () => {
		const created = await call(`${sandbox.url}/mkt/offers/1002`, {
			method: 'PUT',
			auth: false,
			body: { title: 'Mug', price: 39.9, stock: 3 },
		});
		expect(created.status).toBe(201);
		expect(created.json).toEqual({ offerId: 'MKT-1002' });
		expect(offerOf(sandbox, '1002')).toMatchObject({
			title: 'Mug',
			price: 39.9,
			stock: 3,
			active: true,
		});

		const updated = await call(`${sandbox.url}/mkt/offers/1001`, {
			method: 'PUT',
			auth: false,
			body: { stock: 2 },
		});
		expect(updated.status).toBe(200);
		expect(updated.json).toEqual({ offerId: 'MKT-1001' });
	});

	test('history keeps changed values only', async () => {
		for (const stock of [4, 2, 2, 0]) {
			await call(`${sandbox.url}/mkt/offers/1001`, {
				method: 'PUT',
				auth: false,
				body: { stock, price: 39 },
			});
		}
		const offer = offerOf(sandbox, '1001');
		expect(offer?.history).toEqual({ stock: [2, 0] });
	});

	test('negative stock returns 400', async () => {
		const result = await call(`${sandbox.url}/mkt/offers/1001`, {
			method: 'PUT',
			auth: false,
			body: { stock: -1 },
		});
		expect(result.status).toBe(400);
		expect(offerOf(sandbox, '1001')?.stock).toBe(4);
	});

	test('deactivate and unknown offer', async () => {
		const result = await call(`${sandbox.url}/mkt/offers/1001/deactivate`, {
			method: 'POST',
			auth: false,
		});
		expect(result.status).toBe(200);
		expect(offerOf(sandbox, '1001')?.active).toBe(false);
		expect(offerOf(sandbox, '1001')?.history).toEqual({ active: [false] });
		const unknown = await call(`${sandbox.url}/mkt/offers/1003/deactivate`, {
			method: 'POST',
			auth: false,
		});
		expect(unknown.status).toBe(404);
	});

	test('image upload stores size and digest', async () => {
		const image = Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3, 0xff, 0xd9]);
		const result = await call(`${sandbox.url}/mkt/offers/1001/images`, {
			method: 'POST',
			auth: false,
			headers: { 'Content-Type': 'image/jpeg' },
			body: image,
		});
		expect(result.status).toBe(201);
		const digest = createHash('sha256').update(image).digest('hex');
		expect(offerOf(sandbox, '1001')?.images).toEqual([{ size: 8, sha256: digest }]);
	});

	test('list returns every offer', async () => {
		const result = await call(`${sandbox.url}/mkt/offers`, { auth: false });
		expect(
			(result.json as { offers: Array<{ offerId: string }> }).offers.map((offer) => offer.offerId),
		).toEqual(['MKT-1001']);
		const journal = sandbox.journal();
		expect(journal[0].route).toBe('mkt.list');
	});

	test('create is rejected without opaque ids', async () => {
		const result = await call(`${sandbox.url}/mkt/offers`, {
			method: 'POST',
			auth: false,
			body: { skuId: '1002' },
		});
		expect(result.status).toBe(405);
	});
});

describe('marketplace double with opaque ids', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startTestSandbox(
			scenario({
				offerIds: 'opaque',
				offers: [{ offerId: 'OF-7f3a', skuId: '1001', price: 119, stock: 7, active: true }],
			}),
		);
	});
	afterEach(async () => sandbox.close());

	test('create assigns an opaque id', async () => {
		const result = await call(`${sandbox.url}/mkt/offers`, {
			method: 'POST',
			auth: false,
			body: { skuId: '1002', price: 119, stock: 5 },
		});
		expect(result.status).toBe(201);
		const offerId = (result.json as { offerId: string }).offerId;
		expect(offerId).toMatch(/^OF-[0-9a-f]{4,8}$/);
		expect(sandbox.journal()[0]).toMatchObject({
			route: 'mkt.create',
			skus: ['1002'],
			status: 201,
		});

		const update = await call(`${sandbox.url}/mkt/offers/${offerId}`, {
			method: 'PUT',
			auth: false,
			body: { stock: 4 },
		});
		expect(update.status).toBe(200);
		expect(sandbox.journal()[1].skus).toEqual(['1002']);
	});

	test('update by sku id is rejected', async () => {
		const result = await call(`${sandbox.url}/mkt/offers/1001`, {
			method: 'PUT',
			auth: false,
			body: { stock: 4 },
		});
		expect(result.status).toBe(404);
	});

	test('second create for a sku conflicts', async () => {
		const result = await call(`${sandbox.url}/mkt/offers`, {
			method: 'POST',
			auth: false,
			body: { skuId: '1001' },
		});
		expect(result.status).toBe(409);
		expect(result.text).toContain('already exists');
	});
});
