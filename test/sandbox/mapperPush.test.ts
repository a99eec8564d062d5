import { call, startTestSandbox } from '../helpers/sandbox.cjs';
import { findClosedPort, startReceiver } from '../helpers/receiver.cjs';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const REGISTER_PATH = '/api/mkp-category-mapper/connector/register?an=acmestore';

const MAPPING = {
	categories: [
		{ vtexCategoryId: '22', marketplaceCategoryId: 'KITCHEN-COOK' },
		{ vtexCategoryId: '21', marketplaceCategoryId: 'HOME-LIGHT' },
	],
};

async function register(sandbox: Sandbox, displayName: string, mappingEndPoint: string) {
	const result = await call(`${sandbox.url}${REGISTER_PATH}`, {
		method: 'POST',
		body: {
			displayName,
			categoryTreeEndPoint: 'http://127.0.0.1:5678/webhook/vtex/category-tree',
			mappingEndPoint,
			properties: { allowsRemap: true },
		},
	});
	expect(result.status).toBe(200);
	return String((result.json as { id: string }).id);
}

function push(sandbox: Sandbox, body: unknown) {
	return call(`${sandbox.url}/__sandbox/mapper/push`, { method: 'POST', auth: false, body });
}

/** Builds a tree of departments with 99 leaves each, `departments * 100` categories in all. */
function buildTree(departments: number) {
	return {
		categories: Array.from({ length: departments }, (_, d) => ({
			id: `D${d}`,
			name: `Department ${d}`,
			specifications: [],
			children: Array.from({ length: 99 }, (_, leaf) => ({
				id: `D${d}-L${leaf}`,
				name: `Leaf ${d}.${leaf}`,
				children: [],
				specifications: [
					{ attributeName: 'Colour', required: false, attributeValues: [{ valueName: 'Red' }] },
				],
			})),
		})),
	};
}

describe('sandbox mapper push', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	beforeEach(async () => {
		sandbox = await startTestSandbox({ catalog: { skuCount: 1 } });
		receiver = await startReceiver();
	});
	afterEach(async () => {
		await sandbox.close();
		await receiver.close();
	});

	test('push posts mapping to endpoint', async () => {
		const mapperId = await register(sandbox, 'Acme', `${receiver.url}/webhook/vtex/mapping?x=1`);
		const result = await push(sandbox, { mapperId, mapping: MAPPING });

		expect(result.status).toBe(200);
		expect(result.json).toEqual({
			mapperId,
			url: `${receiver.url}/webhook/vtex/mapping?x=1`,
			status: 200,
		});
		expect(receiver.requests).toHaveLength(1);
		expect(receiver.requests[0].method).toBe('POST');
		expect(receiver.requests[0].url).toBe('/webhook/vtex/mapping?x=1');
		expect(receiver.requests[0].headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(receiver.requests[0].body)).toEqual(MAPPING);
	});

	test('push is recorded in state', async () => {
		const mapperId = await register(sandbox, 'Acme', `${receiver.url}/mapping`);
		await push(sandbox, { mapping: MAPPING });

		const pushes = sandbox.state().mapper.pushes;
		expect(pushes).toHaveLength(1);
		expect(pushes[0]).toMatchObject({
			mapperId,
			url: `${receiver.url}/mapping`,
			mapping: MAPPING,
			status: 200,
			responseBody: '{}',
			error: null,
		});
		expect(Number.isNaN(Date.parse(pushes[0].pushedAt))).toBe(false);
	});

	test('endpoint error status is returned', async () => {
		const failing = await startReceiver({ status: 500 });
		try {
			await register(sandbox, 'Acme', `${failing.url}/mapping`);
			const result = await push(sandbox, { mapping: MAPPING });
			expect(result.status).toBe(200);
			expect((result.json as { status: number }).status).toBe(500);
			expect(sandbox.state().mapper.pushes[0].status).toBe(500);
		} finally {
			await failing.close();
		}
	});

	test('localhost endpoint is reached', async () => {
		await register(sandbox, 'Acme', `http://localhost:${receiver.port}/mapping`);
		const result = await push(sandbox, { mapping: MAPPING });
		expect((result.json as { status: number }).status).toBe(200);
		expect(receiver.requests[0].headers.host).toBe(`localhost:${receiver.port}`);
	});

	test('remote endpoint is rejected', async () => {
		for (const endpoint of [
			'http://mapping.example.com/webhook',
			'https://127.0.0.1:8443/webhook',
			'http://10.0.0.5/webhook',
		]) {
			const other = await startTestSandbox({ catalog: { skuCount: 1 } });
			try {
				await register(other, 'Remote', endpoint);
				const result = await push(other, { mapping: MAPPING });
				expect(result.status).toBe(400);
				expect((result.json as { error: string }).error).toContain(endpoint.split('/')[2]);
				expect(other.state().mapper.pushes).toEqual([]);
			} finally {
				await other.close();
			}
		}
	});

	test('unreachable endpoint returns 502', async () => {
		const port = await findClosedPort();
		await register(sandbox, 'Acme', `http://127.0.0.1:${port}/mapping`);
		const result = await push(sandbox, { mapping: MAPPING });
		expect(result.status).toBe(502);
		const pushes = sandbox.state().mapper.pushes;
		expect(pushes).toHaveLength(1);
		expect(pushes[0].status).toBeNull();
		expect(pushes[0].error).toMatch(/ECONNREFUSED/);
	});

	test('connector choice errors', async () => {
		const none = await push(sandbox, { mapping: MAPPING });
		expect(none.status).toBe(409);

		await register(sandbox, 'First', `${receiver.url}/first`);
		await register(sandbox, 'Second', `${receiver.url}/second`);
		const ambiguous = await push(sandbox, { mapping: MAPPING });
		expect(ambiguous.status).toBe(400);

		const unknown = await push(sandbox, { mapperId: 'mpr-none', mapping: MAPPING });
		expect(unknown.status).toBe(404);
		expect(receiver.requests).toEqual([]);
	});

	test('body without mapping is rejected', async () => {
		await register(sandbox, 'Acme', `${receiver.url}/mapping`);
		expect((await push(sandbox, { mapperId: 'x' })).status).toBe(400);
		expect((await push(sandbox, [MAPPING])).status).toBe(400);
		const get = await call(`${sandbox.url}/__sandbox/mapper/push`, { auth: false });
		expect(get.status).toBe(405);
		expect(receiver.requests).toEqual([]);
	});

	test('mapper round trip with large tree', async () => {
		const mapperId = await register(sandbox, 'Acme', `${receiver.url}/mapping`);
		const tree = buildTree(100);
		const treePath = `/api/mkp-category-mapper/categories/marketplace/${mapperId}?an=acmestore`;

		// Uncompressed, the tree is above the 1 MiB limit, which is checked first.
		expect(JSON.stringify(tree).length).toBeGreaterThan(1024 * 1024);
		const plain = await call(`${sandbox.url}${treePath}`, { method: 'POST', body: tree });
		expect(plain.status).toBe(413);

		const gzipped = await call(`${sandbox.url}${treePath}`, {
			method: 'POST',
			body: tree,
			gzip: true,
		});
		expect(gzipped.status).toBe(204);
		const upload = sandbox.state().mapper.trees.find((entry) => entry.mapperId === mapperId);
		expect(upload?.categoryCount).toBe(10000);

		const pushed = await push(sandbox, { mapperId, mapping: MAPPING });
		expect((pushed.json as { status: number }).status).toBe(200);
		expect(JSON.parse(receiver.requests[0].body)).toEqual(MAPPING);
	});
});
