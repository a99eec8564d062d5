import { startSandbox } from '../../sandbox';
import { parseNotifications } from '../../nodes/VtexTrigger/notification';
import { startReceiver } from '../helpers/notificationReceiver.cjs';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

interface BroadcastReport {
	sent: number;
	url: string;
	statuses: Record<string, number>;
	notifications: Array<{
		order: number;
		skuId: string;
		kind: string;
		casing: string;
		duplicate: boolean;
		status: number | null;
	}>;
}

const scenario = {
	format: 'vtex-sandbox-scenario/1',
	case: 'broadcaster',
	catalog: { skuCount: 5 },
};

describe('sandbox broadcaster', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;

	async function broadcast(
		body: Record<string, unknown>,
	): Promise<{ status: number; report: BroadcastReport & { error?: string } }> {
		const response = await fetch(`${sandbox.url}/__sandbox/broadcast`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return { status: response.status, report: (await response.json()) as BroadcastReport };
	}

	function sku(id: number): Record<string, unknown> {
		const found = sandbox.state().catalog.skus.find((entry: { id: number }) => entry.id === id);
		if (!found) throw new Error(`SKU ${id} is missing`);
		return found;
	}

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, scenario });
		receiver = await startReceiver();
	});

	afterAll(async () => {
		await receiver.close();
		await sandbox.close();
	});

	beforeEach(() => {
		sandbox.load(scenario);
		receiver.received.length = 0;
	});

	it('applies script changes and notifies', async () => {
		const { status, report } = await broadcast({
			url: `${receiver.url}/hook?token=abc`,
			script: [
				{ kind: 'price', sku: 1001 },
				{ kind: 'stock', sku: 1002, set: { stock: 0 } },
				{ kind: 'deactivate', sku: 1003 },
				{ kind: 'removeFromAffiliate', sku: 1004 },
				{ kind: 'data', sku: 1005, casing: 'guide' },
				{ kind: 'new', sku: 2001, set: { name: 'Fresh item' } },
				{ kind: 'stock', sku: 1001, account: 'otherstore' },
			],
		});

		expect(status).toBe(200);
		expect(report.sent).toBe(7);
		expect(report.statuses).toEqual({ '200': 7 });
		expect(report.url).toBe(`${receiver.url}/hook?token=%5Bredacted%5D`);
		expect(sku(1001).price).toBe(10100);
		expect(sku(1002).stock).toBe(0);
		expect(sku(1003).isActive).toBe(false);
		expect(sku(1004).salesChannels).toEqual([1]);
		expect(sku(1005).name).toBe('Item 1005 (edited)');
		expect(sku(2001).name).toBe('Fresh item');
		expect(sku(2001).salesChannels).toEqual([1, 2]);
		expect(receiver.received.map((request) => request.path)).toEqual(
			Array(7).fill('/hook?token=abc'),
		);

		const parsed = parseNotifications(
			receiver.received.map((request) => request.body),
			'2026-01-01T00:00:00.000Z',
		);
		if (!parsed.valid) throw new Error(parsed.error);
		expect(parsed.notifications.map((item) => item.changes)).toEqual([
			['price'],
			['stock'],
			['deactivated'],
			['removedFromAffiliate'],
			['data'],
			['data'],
			['stock'],
		]);
		expect(parsed.notifications[6].account).toBe('otherstore');
		expect(parsed.notifications[0].affiliateId).toBe('KTZ');
		expect(receiver.received[4].body).toMatchObject({
			idSKU: '1005',
			hasStockKeepingUnitModified: 'true',
		});
		expect(receiver.received[0].body).toMatchObject({ IdSku: '1001', PriceModified: true });
	});

	it('changes only the own account catalog', async () => {
		await broadcast({
			url: receiver.url,
			script: [{ kind: 'stock', sku: 1001, account: 'otherstore' }],
		});

		expect(sku(1001).stock).toBe(10);
	});

	it('sends a burst with duplicates, mixed casing, shuffled', async () => {
		const { report } = await broadcast({
			url: receiver.url,
			burst: {
				skus: 5,
				notifications: 40,
				duplicates: 10,
				casing: 'mixed',
				shuffle: true,
				seed: 3,
			},
		});

		expect(report.sent).toBe(50);
		expect(receiver.received).toHaveLength(50);
		expect(report.notifications.filter((entry) => entry.duplicate)).toHaveLength(10);
		const casings = new Set(report.notifications.map((entry) => entry.casing));
		expect(casings).toEqual(new Set(['pascal', 'guide']));
		const ids = report.notifications.map((entry) => Number(entry.skuId));
		expect(ids).not.toEqual([...ids].sort((a, b) => a - b));
		expect(new Set(ids)).toEqual(new Set([1001, 1002, 1003, 1004, 1005]));
		const parsed = parseNotifications(
			receiver.received.map((request) => request.body),
			'2026-01-01T00:00:00.000Z',
		);
		expect(parsed.valid).toBe(true);
	});

	it('repeats the same burst for one seed', async () => {
		const burst = {
			skus: 3,
			notifications: 12,
			duplicates: 2,
			casing: 'mixed',
			shuffle: true,
			seed: 9,
		};
		const first = await broadcast({ url: receiver.url, burst });
		sandbox.load(scenario);

		const second = await broadcast({ url: receiver.url, burst });

		const outline = (report: BroadcastReport) =>
			report.notifications.map((entry) => `${entry.skuId}:${entry.kind}:${entry.casing}`);
		expect(outline(second.report)).toEqual(outline(first.report));
	});

	it('spreads a burst over spreadMs', async () => {
		const started = Date.now();

		await broadcast({ url: receiver.url, burst: { skus: 2, notifications: 5, spreadMs: 400 } });

		expect(Date.now() - started).toBeGreaterThanOrEqual(380);
	});

	it('records statuses of the receiver', async () => {
		const rejecting = await startReceiver({ respond: () => 401 });
		try {
			const { report } = await broadcast({
				url: rejecting.url,
				script: [{ kind: 'price', sku: 1001 }],
			});

			expect(report.statuses).toEqual({ '401': 1 });
			expect(sandbox.state().broadcasts).toHaveLength(1);
		} finally {
			await rejecting.close();
		}
	});

	describe('rejects invalid requests', () => {
		const cases: Array<[string, Record<string, unknown>, string]> = [
			[
				'remote URL',
				{ url: 'http://example.com/hook', script: [{ kind: 'price', sku: 1001 }] },
				'127.0.0.1',
			],
			[
				'https URL',
				{ url: 'https://127.0.0.1/hook', script: [{ kind: 'price', sku: 1001 }] },
				'http://',
			],
			['no script or burst', { url: 'http://127.0.0.1:9/hook' }, 'either script or burst'],
			[
				'unknown kind',
				{ url: 'http://127.0.0.1:9/hook', script: [{ kind: 'explode', sku: 1001 }] },
				'script[0].kind',
			],
			[
				'unknown SKU',
				{
					url: 'http://127.0.0.1:9/hook',
					script: [
						{ kind: 'price', sku: 1001 },
						{ kind: 'price', sku: 9999 },
					],
				},
				'SKU 9999 is not in the catalog',
			],
			[
				'existing new SKU',
				{ url: 'http://127.0.0.1:9/hook', script: [{ kind: 'new', sku: 1001 }] },
				'SKU 1001 already exists',
			],
			[
				'too many',
				{ url: 'http://127.0.0.1:9/hook', burst: { notifications: 6000 } },
				'exceed the limit of 5000',
			],
			[
				'long spread',
				{ url: 'http://127.0.0.1:9/hook', burst: { spreadMs: 600000 } },
				'spreadMs must be from 0 to 60000',
			],
		];

		for (const [name, body, message] of cases) {
			it(`400 for ${name}`, async () => {
				const { status, report } = await broadcast(body);

				expect(status).toBe(400);
				expect(report.error).toContain(message);
				expect(sku(1001).price).toBe(10000);
				expect(receiver.received).toHaveLength(0);
			});
		}
	});
});
