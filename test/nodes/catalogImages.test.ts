import { startSandbox } from '../../sandbox';
import { imageBytes } from '../../sandbox/routes/images';
import { outputOf, runWorkflow } from '../harness';
import { sandboxCredentials, workflowFor } from '../helpers/workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

function scenario(): Record<string, unknown> {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'catalog-images',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		catalog: {
			skuCount: 1,
			skus: [
				{
					id: 1001,
					images: [
						{ fileId: 501, bytes: 2048 },
						{ fileId: 502, bytes: 100 },
					],
				},
			],
		},
	};
}

describe('VTEX Catalog node, downloadImages', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, scenario: scenario() });
	});

	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(() => sandbox.load(scenario()));

	function skuItem(): Record<string, unknown> {
		return {
			skuId: '1001',
			sku: {
				Id: 1001,
				Images: [
					{ ImageUrl: `${sandbox.url}/arquivos/ids/501/sku-1001-1.jpg`, FileId: 501 },
					{ ImageUrl: `${sandbox.url}/arquivos/ids/502/sku-1001-2.jpg`, FileId: 502 },
				],
			},
		};
	}

	function downloadNode(options: Record<string, number> = {}, continueOnFail = false) {
		return {
			type: 'vtexCatalog' as const,
			name: 'Images',
			parameters: { resource: 'sku', operation: 'downloadImages', options },
			continueOnFail,
		};
	}

	it('downloads each image as binary', async () => {
		const run = await runWorkflow(
			workflowFor(downloadNode(), [skuItem()]),
			sandboxCredentials(sandbox.url),
		);
		const items = outputOf(run, 'Images');
		const binary = items[0].binary ?? {};

		expect(run.status).toBe('success');
		expect(Object.keys(binary)).toEqual(['image0', 'image1']);
		expect(binary.image0.mimeType).toBe('image/jpeg');
		expect(binary.image0.fileName).toBe('sku-1001-1.jpg');
		expect(Buffer.from(binary.image0.data, 'base64').equals(imageBytes(501, 2048))).toBe(true);
		expect(Buffer.from(binary.image1.data, 'base64').equals(imageBytes(502, 100))).toBe(true);
		expect(items[0].json.imageFiles).toEqual([
			{
				binaryProperty: 'image0',
				url: `${sandbox.url}/arquivos/ids/501/sku-1001-1.jpg`,
				fileName: 'sku-1001-1.jpg',
				mimeType: 'image/jpeg',
				bytes: 2048,
			},
			{
				binaryProperty: 'image1',
				url: `${sandbox.url}/arquivos/ids/502/sku-1001-2.jpg`,
				fileName: 'sku-1001-2.jpg',
				mimeType: 'image/jpeg',
				bytes: 100,
			},
		]);
		expect(items[0].json.skuId).toBe('1001');
	});

	it('sends no VTEX key to the image host', async () => {
		await runWorkflow(workflowFor(downloadNode(), [skuItem()]), sandboxCredentials(sandbox.url));
		const calls = sandbox.journal().filter((entry) => entry.route === 'imageFile');

		expect(calls).toHaveLength(2);
		for (const call of calls) {
			expect(call.status).toBe(200);
			expect(call.headers).not.toHaveProperty('x-vtex-api-appkey');
			expect(call.headers).not.toHaveProperty('x-vtex-api-apptoken');
		}
	});

	it('stops at the image count limit', async () => {
		const run = await runWorkflow(
			workflowFor(downloadNode({ maxImages: 1 }), [skuItem()]),
			sandboxCredentials(sandbox.url),
		);
		const items = outputOf(run, 'Images');

		expect(Object.keys(items[0].binary ?? {})).toEqual(['image0']);
		expect(sandbox.journal().filter((entry) => entry.route === 'imageFile')).toHaveLength(1);
	});

	it('rejects an image above the size limit', async () => {
		const run = await runWorkflow(
			workflowFor(downloadNode({ maxImageBytes: 1000 }, true), [skuItem()]),
			sandboxCredentials(sandbox.url),
		);
		const items = outputOf(run, 'Images');

		expect(items[0].json.error).toBe(
			'Image 1 of SKU 1001 is 2048 bytes, above the limit of 1000 bytes',
		);
		expect(items[0].json.skuId).toBe('1001');
	});

	it('reports a missing image file', async () => {
		const item = skuItem();
		(item.sku as { Images: unknown[] }).Images = [`${sandbox.url}/arquivos/ids/999/gone.jpg`];
		const run = await runWorkflow(
			workflowFor(downloadNode({}, true), [item]),
			sandboxCredentials(sandbox.url),
		);
		const items = outputOf(run, 'Images');

		expect(items[0].json.error).toBe(
			`Could not download image 1 of SKU 1001 from ${sandbox.url}/arquivos/ids/999/gone.jpg (HTTP 404)`,
		);
	});

	it('outputs a SKU without images unchanged', async () => {
		const run = await runWorkflow(
			workflowFor(downloadNode(), [{ skuId: '1002', sku: { Images: [] } }]),
			sandboxCredentials(sandbox.url),
		);
		const items = outputOf(run, 'Images');

		expect(items[0].json).toEqual({ skuId: '1002', sku: { Images: [] }, imageFiles: [] });
		expect(items[0].binary).toBeUndefined();
	});
});
