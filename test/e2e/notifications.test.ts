import { compareMarketplace, startNotificationServers } from '../helpers/notifications-e2e.cjs';

// The notification templates in a real n8n of this file's own (one test restarts it), against
// a sandbox of its own whose broadcaster sends the change notifications.
const SETUP_TIMEOUT_MS = 10 * 60 * 1000;
const TEST_TIMEOUT_MS = 10 * 60 * 1000;

type Servers = Awaited<ReturnType<typeof startNotificationServers>>;
type JournalEntry = { route: string; status: number; skus: string[] };
type Offer = {
	offerId: string;
	skuId: string;
	active: boolean;
	price: number;
	stock: number | null;
};
type Sku = { id: number; price: number; stock: number };
type Row = Record<string, unknown>;

function skuRange(first: number, count: number): number[] {
	return Array.from({ length: count }, (_, index) => first + index);
}

describe('notification templates in n8n', () => {
	let servers: Servers;

	function journal(): JournalEntry[] {
		return servers.sandbox.journal() as JournalEntry[];
	}

	function offers(): Offer[] {
		return servers.sandbox.state().offers as Offer[];
	}

	function countRoute(entries: JournalEntry[], route: string, skuId?: string): number {
		return entries.filter(
			(entry) => entry.route === route && (skuId === undefined || entry.skus.includes(skuId)),
		).length;
	}

	async function rowsBySku(table: string): Promise<Map<string, Row>> {
		const rows = (await servers.tableRows(table)) as Row[];
		return new Map(rows.map((row) => [String(row.skuId), row]));
	}

	/** Publishes SKUs first..first+count-1: one data notification each, then apply runs. */
	async function publish(first: number, count: number): Promise<void> {
		const script = skuRange(first, count).map((sku) => ({ kind: 'data', sku }));
		await servers.broadcast({ script });
		await servers.waitForPending(count);
		await servers.applyUntilEmpty(3);
	}

	beforeAll(async () => {
		servers = await startNotificationServers();
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (servers) await servers.stop();
	});

	beforeEach(async () => {
		await servers.clearTables();
	});

	it(
		'burst of 1,000 coalesces per SKU',
		async () => {
			await servers.loadScenario({ skuCount: 100 });
			await publish(1001, 100);
			const offerIdsBefore = new Map(offers().map((offer) => [offer.skuId, offer.offerId]));
			expect(offerIdsBefore.size).toBe(100);
			const readsBefore = countRoute(journal(), 'skuContext');

			const report = await servers.broadcast({
				burst: {
					skus: 100,
					notifications: 900,
					duplicates: 100,
					casing: 'mixed',
					shuffle: true,
					seed: 11,
					kinds: ['data', 'price', 'stock', 'deactivate', 'activate'],
				},
			});
			expect(report.sent).toBe(1000);
			expect(report.statuses).toEqual({ 200: 1000 });
			const notified = new Set(
				(report as unknown as { notifications: Array<{ skuId: string }> }).notifications.map(
					(notification) => String(notification.skuId),
				),
			);
			const pending = (await servers.waitForPending(notified.size)) as Row[];
			expect(pending).toHaveLength(notified.size);
			expect(new Set(pending.map((row) => String(row.skuId)))).toEqual(notified);

			const summaries = await servers.applyUntilEmpty(3);

			expect(await servers.tableRows('vtex_pending')).toEqual([]);
			const reads = countRoute(journal(), 'skuContext') - readsBefore;
			expect(reads).toBeLessThanOrEqual(110);
			expect(reads).toBeGreaterThanOrEqual(notified.size);
			expect(summaries[0].skuReads).toBe(notified.size);
			expect(compareMarketplace(servers.sandbox.state(), 1001, 1100)).toEqual([]);
			// Deactivated and reactivated SKUs keep their offer: nothing was created again.
			expect(new Map(offers().map((offer) => [offer.skuId, offer.offerId]))).toEqual(
				offerIdsBefore,
			);
			const idMap = await rowsBySku('vtex_id_map');
			for (const sku of servers.sandbox.state().catalog.skus as Array<{
				id: number;
				isActive: boolean;
			}>) {
				const expected = sku.isActive ? 'integrated' : 'inactive';
				expect({ skuId: sku.id, status: idMap.get(String(sku.id))?.status }).toEqual({
					skuId: sku.id,
					status: expected,
				});
			}
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'price and stock go through the sub-workflow',
		async () => {
			await servers.loadScenario({ skuCount: 3 });
			await publish(1001, 3);
			const executionsBefore = (await servers.priceStockExecutions()).length;
			// Safety stock comes from the settings table; the rebuilt-offer path ignores it.
			await servers.writeSetting('safetyStock', 2);

			await servers.broadcast({
				script: [
					{ kind: 'stock', sku: 1001, set: { stock: 40 } },
					{ kind: 'price', sku: 1002 },
					{ kind: 'data', sku: 1003 },
				],
			});
			await servers.waitForPending(3);
			const summary = await servers.runApply();

			expect(summary.skuReads).toBe(3);
			expect(summary.priceStockSkus).toBe(2);
			expect(summary.offersUpdated).toBe(1);
			expect(await servers.tableRows('vtex_pending')).toEqual([]);
			expect((await servers.priceStockExecutions()).length).toBe(executionsBefore + 1);

			const offer = (skuId: string) => offers().find((entry) => entry.skuId === skuId)!;
			const catalog = servers.sandbox.state().catalog.skus as Sku[];
			const sku1002 = catalog.find((sku) => sku.id === 1002)!;
			// 40 units in VTEX minus the 2 safety units.
			expect(offer('1001').stock).toBe(38);
			expect(offer('1002').price).toBeCloseTo(sku1002.price / 100, 2);
			expect(offer('1002').stock).toBe(Math.max(sku1002.stock - 2, 0));

			const logs = (await servers.tableRows('vtex_logs')) as Row[];
			const operationsOf = (skuId: string) =>
				logs
					.filter((row) => row.skuId === skuId && row.status === 'Success')
					.map((row) => row.operation);
			expect(operationsOf('1001')).toContain('Inventory update');
			expect(operationsOf('1002')).toContain('Price update');
			expect(operationsOf('1003')).toContain('Catalog change');
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'removal and reactivation reuse the offer',
		async () => {
			await servers.loadScenario({ skuCount: 3 });
			await publish(1001, 3);
			const offerIds = new Map(offers().map((offer) => [offer.skuId, offer.offerId]));

			await servers.broadcast({
				script: [
					{ kind: 'removeFromAffiliate', sku: 1001 },
					{ kind: 'deactivate', sku: 1002, casing: 'guide' },
				],
			});
			await servers.waitForPending(2);
			await servers.applyUntilEmpty(3);

			let idMap = await rowsBySku('vtex_id_map');
			expect(idMap.get('1001')?.status).toBe('removed');
			expect(idMap.get('1002')?.status).toBe('inactive');
			expect(idMap.get('1003')?.status).toBe('integrated');
			for (const skuId of ['1001', '1002']) {
				const offer = offers().find((entry) => entry.skuId === skuId);
				expect({ skuId, active: offer?.active, stock: offer?.stock }).toEqual({
					skuId,
					active: false,
					stock: 0,
				});
			}

			await servers.broadcast({
				script: [
					{ kind: 'data', sku: 1001, set: { salesChannels: [1, 2] } },
					{ kind: 'activate', sku: 1002 },
				],
			});
			await servers.waitForPending(2);
			await servers.applyUntilEmpty(3);

			idMap = await rowsBySku('vtex_id_map');
			expect(idMap.get('1001')?.status).toBe('integrated');
			expect(idMap.get('1002')?.status).toBe('integrated');
			expect(new Map(offers().map((offer) => [offer.skuId, offer.offerId]))).toEqual(offerIds);
			expect(countRoute(journal(), 'mkt.create')).toBe(3);
			expect(compareMarketplace(servers.sandbox.state(), 1001, 1003)).toEqual([]);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'deactivate-all keeps every offer',
		async () => {
			await servers.loadScenario({ skuCount: 5 });
			await publish(1001, 5);
			const offerIds = offers().map((offer) => offer.offerId);

			const summary = await servers.runDeactivateAll();

			expect(summary).toMatchObject({ offers: 5, deactivated: 5, errors: 0 });
			expect(offers().map((offer) => offer.offerId)).toEqual(offerIds);
			expect(offers().every((offer) => offer.active === false && offer.stock === 0)).toBe(true);
			const idMap = await rowsBySku('vtex_id_map');
			expect([...idMap.values()].map((row) => row.status)).toEqual(Array(5).fill('inactive'));
			expect([...idMap.values()].map((row) => row.offerId).sort()).toEqual([...offerIds].sort());
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'restart between receive and apply',
		async () => {
			await servers.loadScenario({ skuCount: 20 });
			const report = await servers.broadcast({
				burst: {
					skus: 20,
					notifications: 60,
					duplicates: 10,
					casing: 'mixed',
					shuffle: true,
					seed: 5,
				},
			});
			const notified = new Set(
				(report as unknown as { notifications: Array<{ skuId: string }> }).notifications.map(
					(notification) => String(notification.skuId),
				),
			);
			const before = (await servers.waitForPending(notified.size)) as Row[];
			expect(before).toHaveLength(notified.size);

			await servers.restartN8n();

			const after = (await servers.tableRows('vtex_pending')) as Row[];
			expect(after.map((row) => [row.skuId, row.ver]).sort()).toEqual(
				before.map((row) => [row.skuId, row.ver]).sort(),
			);
			await servers.applyUntilEmpty(3);
			expect(await servers.tableRows('vtex_pending')).toEqual([]);
			expect(new Set(offers().map((offer) => offer.skuId))).toEqual(notified);
			expect(compareMarketplace(servers.sandbox.state(), 1001, 1020)).toEqual([]);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'12 marketplace failures dead-letter once',
		async () => {
			await servers.loadScenario({
				skuCount: 2,
				faults: [
					{
						route: 'mkt.create',
						match: { sku: 1002 },
						calls: [1, 12],
						status: 503,
						body: { message: 'Marketplace under maintenance' },
					},
				],
			});
			await servers.broadcast({
				script: [
					{ kind: 'price', sku: 1001 },
					{ kind: 'price', sku: 1002 },
				],
			});
			await servers.waitForPending(2);

			for (let run = 1; run <= 9; run++) {
				await servers.runApply();
				const pending = await rowsBySku('vtex_pending');
				expect({ run, attempts: pending.get('1002')?.attempts }).toEqual({ run, attempts: run });
			}
			expect(String((await rowsBySku('vtex_pending')).get('1002')?.lastError)).toContain('503');
			const summary = await servers.runApply();

			expect(summary.deadLettered).toBe(1);
			expect(await servers.tableRows('vtex_pending')).toEqual([]);
			const deadLetters = (await servers.tableRows('vtex_dead_letter')) as Row[];
			expect(deadLetters).toHaveLength(1);
			expect(deadLetters[0]).toMatchObject({ skuId: '1002', attempts: 10 });
			const errorsOf1002 = async () =>
				((await servers.tableRows('vtex_logs')) as Row[]).filter(
					(row) => row.skuId === '1002' && row.status === 'Error',
				);
			const errors = await errorsOf1002();
			expect(errors).toHaveLength(1);
			expect(errors[0].messageCode).toBe('E2');
			expect(countRoute(journal(), 'mkt.create', '1001')).toBe(1);

			// The marketplace still fails its next two calls (faults 11 and 12), then recovers.
			for (let probe = 0; probe < 2; probe++) {
				const response = await fetch(`${servers.sandbox.url}/mkt/offers`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ skuId: '1002', title: 'probe', price: 1, stock: 0 }),
				});
				expect(response.status).toBe(503);
			}

			const requeue = await servers.runRequeue();
			expect(requeue).toMatchObject({ requeued: 1, skuIds: ['1002'] });
			expect(await servers.tableRows('vtex_dead_letter')).toEqual([]);
			const requeued = await rowsBySku('vtex_pending');
			expect(requeued.get('1002')?.attempts).toBe(0);

			await servers.applyUntilEmpty(2);

			const creates = journal().filter(
				(entry) => entry.route === 'mkt.create' && entry.skus.includes('1002'),
			);
			expect(creates.filter((entry) => entry.status === 201)).toHaveLength(1);
			expect(offers().filter((offer) => offer.skuId === '1002')).toHaveLength(1);
			expect(await errorsOf1002()).toHaveLength(1);
			expect(await servers.tableRows('vtex_pending')).toEqual([]);
			expect(compareMarketplace(servers.sandbox.state(), 1001, 1002)).toEqual([]);
		},
		TEST_TIMEOUT_MS,
	);
});
