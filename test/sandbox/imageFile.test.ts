import { call, startTestSandbox } from '../helpers/sandbox.cjs';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

describe('sandbox image files', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startTestSandbox({
			catalog: { skuCount: 1, skus: [{ id: 1001, images: [{ fileId: 7001, bytes: 64 }] }] },
		});
	});
	afterEach(async () => sandbox.close());

	test('image served without key pair', async () => {
		const result = await call(`${sandbox.url}/arquivos/ids/7001/sku-1001-1.jpg`, {
			auth: false,
		});
		expect(result.status).toBe(200);
		expect(result.bytes.length).toBe(64);

		const entry = sandbox.journal().find((candidate) => candidate.route === 'imageFile');
		expect(entry?.status).toBe(200);
		expect(entry?.headers['x-vtex-api-appkey']).toBeUndefined();
		expect(entry?.headers['x-vtex-api-apptoken']).toBeUndefined();
	});

	test('journal shows keys sent to images', async () => {
		await call(`${sandbox.url}/arquivos/ids/7001/sku-1001-1.jpg`);
		const entry = sandbox.journal().find((candidate) => candidate.route === 'imageFile');
		expect(entry?.headers['x-vtex-api-appkey']).toBe('vtexappkey-acmestore-SANDBOX');
	});

	test('image route cannot be forbidden', () => {
		expect(() =>
			sandbox.load({ catalog: { skuCount: 1 }, forbiddenRoutes: ['imageFile'] }),
		).toThrow(/not a VTEX route key/);
	});
});
