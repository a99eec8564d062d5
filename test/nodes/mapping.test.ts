import { startSandbox } from '../../sandbox';
import { resetPacers } from '../../nodes/shared/transport/rateLimit';
import { outputOf, runWorkflow } from '../harness';
import { buildCategoryTree, countCategories } from '../helpers/categoryTree';
import type { TreeCategory } from '../helpers/categoryTree';
import { sandboxCredentials, workflowFor } from '../helpers/workflows';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

interface MapperState {
	mapper: {
		connectors: Array<Record<string, unknown>>;
		trees: Array<{ mapperId: string; receivedBytes: number; tree: { categories: TreeCategory[] } }>;
	};
}

function scenario(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'mapping-node',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		catalog: { skuCount: 1 },
		...extra,
	};
}

const SMALL_TREE = {
	categories: [
		{
			id: 'HOME',
			name: 'Home',
			specifications: [],
			children: [
				{
					id: 'HOME-LIGHT',
					name: 'Lighting',
					children: [],
					specifications: [
						{
							attributeName: 'Voltage',
							required: true,
							attributeValues: [{ valueName: '110' }, { valueName: '220' }],
						},
					],
				},
			],
		},
	],
};

function sendTreeNode(parameters: Record<string, unknown>, continueOnFail = false) {
	return {
		type: 'vtexMapping' as const,
		name: 'Send Tree',
		parameters: {
			resource: 'mapper',
			operation: 'sendCategoryTree',
			mapperId: 'mpr-5d21',
			...parameters,
		},
		continueOnFail,
	};
}

describe('VTEX Mapping node, mapper resource', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, scenario: scenario() });
	});

	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(() => {
		resetPacers();
		sandbox.load(scenario());
	});

	function mapperState(): MapperState['mapper'] {
		return (sandbox.state() as unknown as MapperState).mapper;
	}

	it('registers a connector and returns its ID', async () => {
		const workflow = workflowFor({
			type: 'vtexMapping',
			name: 'Register',
			parameters: {
				resource: 'mapper',
				operation: 'register',
				displayName: 'Acme marketplace',
				categoryTreeEndPoint: 'http://127.0.0.1:5678/webhook/tree',
				mappingEndPoint: 'http://127.0.0.1:5678/webhook/mapping',
				allowsRemap: true,
			},
		});

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const items = outputOf(run, 'Register');
		const calls = sandbox.journal().filter((entry) => entry.route === 'mapperRegister');

		expect(run.status).toBe('success');
		expect(calls).toHaveLength(1);
		expect(calls[0].method).toBe('POST');
		expect(calls[0].query).toEqual({ an: 'acmestore' });
		expect(items[0].json.mapperId).toMatch(/^mpr-[0-9a-f]{4}$/);
		expect(items[0].json.raw).toEqual({ id: items[0].json.mapperId });
		expect(mapperState().connectors[0]).toMatchObject({
			displayName: 'Acme marketplace',
			categoryTreeEndPoint: 'http://127.0.0.1:5678/webhook/tree',
			mappingEndPoint: 'http://127.0.0.1:5678/webhook/mapping',
			properties: { allowsRemap: true },
		});
	});

	it('sends a tree gzip-compressed', async () => {
		const workflow = workflowFor(sendTreeNode({}), [SMALL_TREE]);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const items = outputOf(run, 'Send Tree');
		const calls = sandbox.journal().filter((entry) => entry.route === 'mapperTree');

		expect(run.status).toBe('success');
		expect(calls).toHaveLength(1);
		expect(calls[0].method).toBe('POST');
		expect(calls[0].path).toBe('/api/mkp-category-mapper/categories/marketplace/mpr-5d21');
		expect(calls[0].query).toEqual({ an: 'acmestore' });
		expect(calls[0].headers['content-encoding']).toBe('gzip');
		expect(calls[0].status).toBe(204);
		expect(mapperState().trees[0].tree).toEqual(SMALL_TREE);
		expect(items[0].json).toMatchObject({
			mapperId: 'mpr-5d21',
			uploaded: true,
			status: 204,
			topLevelCount: 1,
			categoryCount: 2,
			compressedBytes: calls[0].bodySize,
			uncompressedBytes: JSON.stringify(SMALL_TREE).length,
			maxUploadBytes: 1024 * 1024,
		});
		expect(items[0].json.treeHash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('sends a 10,000-node tree under the default limit', async () => {
		const tree = buildCategoryTree(10_000);
		const workflow = workflowFor(sendTreeNode({}), [tree]);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const items = outputOf(run, 'Send Tree');
		const received = mapperState().trees[0];

		expect(run.status).toBe('success');
		expect(items[0].json.categoryCount).toBe(10_000);
		expect(items[0].json.uncompressedBytes as number).toBeGreaterThan(1024 * 1024);
		expect(items[0].json.compressedBytes as number).toBeLessThan(1024 * 1024);
		expect(received.receivedBytes).toBe(items[0].json.compressedBytes);
		expect(countCategories(received.tree.categories)).toBe(10_000);
		expect(received.tree).toEqual(tree);
	});

	it('normalizes ids, null children and missing specifications', async () => {
		const input = {
			tree: JSON.stringify({ categories: [{ id: 7, name: 'Tools', children: null }] }),
		};
		const workflow = workflowFor(sendTreeNode({ tree: '={{ $json.tree }}' }), [input]);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));

		expect(run.status).toBe('success');
		expect(mapperState().trees[0].tree).toEqual({
			categories: [{ id: '7', name: 'Tools', children: [], specifications: [] }],
		});
	});

	it('joins one category per item into one upload', async () => {
		const workflow = workflowFor(sendTreeNode({ inputMode: 'categoryPerItem' }), [
			{ id: 'A', name: 'Alpha' },
			{ id: 'B', name: 'Beta' },
		]);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const items = outputOf(run, 'Send Tree');

		expect(run.status).toBe('success');
		expect(sandbox.journal().filter((entry) => entry.route === 'mapperTree')).toHaveLength(1);
		expect(mapperState().trees[0].tree.categories.map((category) => category.id)).toEqual([
			'A',
			'B',
		]);
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('skips a tree whose hash equals the last one', async () => {
		const first = await runWorkflow(
			workflowFor(sendTreeNode({}), [SMALL_TREE]),
			sandboxCredentials(sandbox.url),
		);
		const treeHash = outputOf(first, 'Send Tree')[0].json.treeHash as string;
		sandbox.load(scenario());

		const second = await runWorkflow(
			workflowFor(sendTreeNode({ options: { lastTreeHash: treeHash } }), [SMALL_TREE]),
			sandboxCredentials(sandbox.url),
		);
		const items = outputOf(second, 'Send Tree');

		expect(items[0].json).toMatchObject({ uploaded: false, status: null, treeHash });
		expect(sandbox.journal().filter((entry) => entry.route === 'mapperTree')).toHaveLength(0);
	});

	it('sends nothing above the upload limit', async () => {
		const tree = buildCategoryTree(400);
		const workflow = workflowFor(sendTreeNode({ options: { maxUploadBytes: 4096 } }), [tree]);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const message = run.data.resultData.error?.message ?? '';
		const description = String(run.data.resultData.error?.description ?? '');

		expect(run.status).toBe('error');
		expect(sandbox.journal().filter((entry) => entry.route === 'mapperTree')).toHaveLength(0);
		expect(message).toMatch(/^The category tree is \d+ bytes gzip-compressed/);
		expect(message).toContain('above the upload limit of 4096 bytes');
		expect(description).toContain('fewer categories, or fewer attribute values');
		expect(`${message} ${description}`).not.toMatch(/split|several uploads|in parts/i);
	});

	it('emits one error item with an Error entry', async () => {
		const tree = buildCategoryTree(400);
		const workflow = workflowFor(sendTreeNode({ options: { maxUploadBytes: 4096 } }, true), [tree]);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const items = outputOf(run, 'Send Tree');
		const entries = items[0].json.logEntries as Array<Record<string, unknown>>;

		expect(run.status).toBe('success');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toContain('4096');
		expect(items[0].json.maxUploadBytes).toBe(4096);
		expect(items[0].json.compressedBytes as number).toBeGreaterThan(4096);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ status: 'Error', messageCode: 'E6', skuId: null });
		expect(entries[0].businessMessage).toContain('Trim the category tree');
		expect(sandbox.journal().filter((entry) => entry.route === 'mapperTree')).toHaveLength(0);
	});

	it('reports a 413 with the size and the limit', async () => {
		sandbox.load(scenario({ limits: { mapperMaxBodyBytes: 2000 } }));
		const tree = buildCategoryTree(400);
		const workflow = workflowFor(sendTreeNode({}), [tree]);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const calls = sandbox.journal().filter((entry) => entry.route === 'mapperTree');
		const message = run.data.resultData.error?.message ?? '';

		expect(run.status).toBe('error');
		expect(calls).toHaveLength(1);
		expect(calls[0].status).toBe(413);
		expect(message).toContain('VTEX Mapper rejected the category tree as too large (HTTP 413)');
		expect(message).toContain(`it is ${calls[0].bodySize} bytes gzip-compressed`);
		expect(message).toContain('the upload limit set in this node is 1048576 bytes');
	});

	it('reports an unreachable Mapper with E5', async () => {
		const workflow = workflowFor(sendTreeNode({}, true), [SMALL_TREE]);

		const run = await runWorkflow(workflow, sandboxCredentials('http://127.0.0.1:9'));
		const items = outputOf(run, 'Send Tree');
		const entries = items[0].json.logEntries as Array<Record<string, unknown>>;

		expect(run.status).toBe('success');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toEqual(expect.any(String));
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ status: 'Error', messageCode: 'E5', skuId: null });
		expect(entries[0].businessMessage).toContain('VTEX Mapper call failed');
	});

	it('rejects a tree without category IDs', async () => {
		const workflow = workflowFor(sendTreeNode({}, true), [
			{ categories: [{ name: 'No id' }, { id: 'X', name: 'Ok', children: [{ id: 'Y' }] }] },
		]);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const items = outputOf(run, 'Send Tree');

		expect(items[0].json.error).toBe(
			'Invalid category tree: categories[0].id is missing; categories[1].children[0].name is missing',
		);
		expect(sandbox.journal().filter((entry) => entry.route === 'mapperTree')).toHaveLength(0);
	});

	it('rejects two categories with one id', async () => {
		const tree = {
			categories: [
				{ id: '10', name: 'Bags', children: [{ id: '11', name: 'Backpacks' }] },
				{ id: '20', name: 'Shoes', children: [{ id: '11', name: 'Boots' }] },
			],
		};
		const workflow = workflowFor(sendTreeNode({}, true), [tree]);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const items = outputOf(run, 'Send Tree');

		expect(items[0].json.error).toBe(
			'Invalid category tree: categories[1].children[0].id "11" is already the id of categories[0].children[0]',
		);
		expect(sandbox.journal().filter((entry) => entry.route === 'mapperTree')).toHaveLength(0);
	});

	it('logs an invalid tree as E1', async () => {
		const tree = {
			categories: [
				{ id: 10, name: 'Bags' },
				{ id: ' 10', name: 'Shoes' },
			],
		};
		const workflow = workflowFor(sendTreeNode({}, true), [tree]);

		const run = await runWorkflow(workflow, sandboxCredentials(sandbox.url));
		const entries = outputOf(run, 'Send Tree')[0].json.logEntries as Array<Record<string, unknown>>;

		// Nothing reached VTEX Mapper, so the entry requests a fixed tree, not another run.
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ status: 'Error', messageCode: 'E1', skuId: null });
		expect(entries[0].businessMessage).toContain('categories[1].id "10" is already the id of');
		expect(entries[0].businessMessage).toContain('Fix the category tree');
		expect(entries[0].businessMessage).not.toContain('Mapper call failed');
		expect(sandbox.journal().filter((entry) => entry.route === 'mapperTree')).toHaveLength(0);
	});
});
