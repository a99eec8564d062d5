import { call, startTestSandbox } from '../helpers/sandbox.cjs';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

function scenario(marketplace: Record<string, unknown>) {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'required-fields-test',
		catalog: { skuCount: 3 },
		marketplace: { requiredFields: ['title', 'categoryId', 'attributes.brand'], ...marketplace },
	};
}

const COMPLETE = {
	title: 'Lumen desk lamp',
	categoryId: 'HOME-LIGHT',
	price: 89.9,
	stock: 12,
	attributes: { brand: 'Lumen' },
};

function offerOf(sandbox: Sandbox, skuId: string) {
	return sandbox.state().offers.find((offer) => offer.skuId === skuId);
}

describe('marketplace required fields', () => {
	let sandbox: Sandbox;
	afterEach(async () => sandbox.close());

	test('upsert create names missing fields', async () => {
		sandbox = await startTestSandbox(scenario({}));
		const result = await call(`${sandbox.url}/mkt/offers/1001`, {
			method: 'PUT',
			auth: false,
			body: { title: '', categoryId: null, price: 89.9, attributes: {} },
		});

		expect(result.status).toBe(400);
		expect(result.json).toMatchObject({
			error: 'missing_required_fields',
			fields: ['title', 'categoryId', 'attributes.brand'],
		});
		expect((result.json as { message: string }).message).toContain('attributes.brand');
		expect(sandbox.state().offers).toEqual([]);
	});

	test('complete create is stored', async () => {
		sandbox = await startTestSandbox(scenario({}));
		const result = await call(`${sandbox.url}/mkt/offers/1001`, {
			method: 'PUT',
			auth: false,
			body: COMPLETE,
		});
		expect(result.status).toBe(201);
		expect(offerOf(sandbox, '1001')).toMatchObject(COMPLETE);
	});

	test('opaque create names missing fields', async () => {
		sandbox = await startTestSandbox(scenario({ offerIds: 'opaque' }));
		const refused = await call(`${sandbox.url}/mkt/offers`, {
			method: 'POST',
			auth: false,
			body: { skuId: '1002', title: 'Lumen floor lamp', categoryId: 'HOME-LIGHT' },
		});
		expect(refused.status).toBe(400);
		expect((refused.json as { fields: string[] }).fields).toEqual(['attributes.brand']);
		expect(sandbox.state().offers).toEqual([]);

		const created = await call(`${sandbox.url}/mkt/offers`, {
			method: 'POST',
			auth: false,
			body: { skuId: '1002', ...COMPLETE },
		});
		expect(created.status).toBe(201);
		expect(sandbox.state().offers).toHaveLength(1);
	});

	test('partial update may omit fields', async () => {
		sandbox = await startTestSandbox(
			scenario({ offers: [{ skuId: '1001', ...COMPLETE, offerId: 'MKT-1001' }] }),
		);
		const result = await call(`${sandbox.url}/mkt/offers/1001`, {
			method: 'PUT',
			auth: false,
			body: { price: 79.9 },
		});
		expect(result.status).toBe(200);
		expect(offerOf(sandbox, '1001')?.price).toBe(79.9);
	});

	test('update may not blank fields', async () => {
		sandbox = await startTestSandbox(
			scenario({ offers: [{ skuId: '1001', ...COMPLETE, offerId: 'MKT-1001' }] }),
		);
		const result = await call(`${sandbox.url}/mkt/offers/1001`, {
			method: 'PUT',
			auth: false,
			body: { title: '  ', price: 79.9 },
		});
		expect(result.status).toBe(400);
		expect((result.json as { fields: string[] }).fields).toEqual(['title']);
		expect(offerOf(sandbox, '1001')).toMatchObject({ title: COMPLETE.title, price: 89.9 });
		expect(offerOf(sandbox, '1001')?.history).toEqual({});
	});

	test('invalid required fields rejected', async () => {
		sandbox = await startTestSandbox(scenario({}));
		expect(() => sandbox.load(scenario({ requiredFields: 'title' }))).toThrow(
			/marketplace.requiredFields/,
		);
		expect(() => sandbox.load(scenario({ requiredFields: [''] }))).toThrow(
			/marketplace.requiredFields/,
		);
		expect(sandbox.state().requiredFields).toEqual(['title', 'categoryId', 'attributes.brand']);
	});
});

describe('marketplace offer fields', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startTestSandbox({ catalog: { skuCount: 2 }, marketplace: {} });
	});
	afterEach(async () => sandbox.close());

	test('extra fields are stored', async () => {
		const result = await call(`${sandbox.url}/mkt/offers/1001`, {
			method: 'PUT',
			auth: false,
			body: { title: 'Mug', brand: 'Acme', ean: '7890000010015', images: ['a.jpg'] },
		});
		expect(result.status).toBe(201);
		const offer = offerOf(sandbox, '1001') as Record<string, unknown>;
		expect(offer).toMatchObject({ title: 'Mug', brand: 'Acme', ean: '7890000010015' });
		expect(offer.images).toEqual([]);
		expect(offer.history).toMatchObject({ brand: ['Acme'], ean: ['7890000010015'] });
	});

	test('deactivate stores body fields', async () => {
		await call(`${sandbox.url}/mkt/offers/1001`, {
			method: 'PUT',
			auth: false,
			body: { title: 'Mug', stock: 5 },
		});
		const result = await call(`${sandbox.url}/mkt/offers/MKT-1001/deactivate`, {
			method: 'POST',
			auth: false,
			body: { stock: 0 },
		});
		expect(result.status).toBe(200);
		expect(offerOf(sandbox, '1001')).toMatchObject({ active: false, stock: 0 });

		const invalid = await call(`${sandbox.url}/mkt/offers/MKT-1001/deactivate`, {
			method: 'POST',
			auth: false,
			body: { stock: -1 },
		});
		expect(invalid.status).toBe(400);
	});
});
