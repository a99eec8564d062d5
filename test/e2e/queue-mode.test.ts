import {
	MARKETPLACE_ROUTES,
	initialLoadScenario,
	isEligible,
	verifyInitialLoad,
} from '../helpers/initial-load.cjs';
import {
	QueueServers,
	countFinishedExecutions,
	reportLine,
	startQueueServers,
} from '../helpers/queue-mode-e2e.cjs';

// The templates on n8n's queue mode: PostgreSQL, Redis, one main process and two workers, each
// with the packed package in its own user folder, against a sandbox of this file's own.
const SETUP_TIMEOUT_MS = 10 * 60 * 1000;
const TEST_TIMEOUT_MS = 5 * 60 * 1000;
const SKU_COUNT = 120;

/**
 * The sandbox's simulation limit in the pacing test: the nodes' default pace of 20 per second.
 * It sends no Ratelimit-* headers, because the pacers' adaptation to them would hide most of the
 * difference that the process count makes (3 429s instead of 0 in one run with headers).
 */
const SIMULATION_LIMIT = {
	route: 'simulation',
	type: 'bucket',
	ratePerSecond: 20,
	burst: 5,
	retryAfterSeconds: 1,
};

type JournalEntry = { route: string; status: number; skus: string[] };
type SandboxSku = {
	id: number;
	isActive: boolean;
	isProductActive: boolean;
	salesChannels: number[];
	price: number;
	listPrice: number;
	stock: number;
};
type Offer = { offerId: string; skuId: string; active: boolean; stock: number | null };
type Row = Record<string, unknown>;

describe('templates in queue mode', () => {
	let servers: QueueServers;

	function journal(): JournalEntry[] {
		return servers.sandbox.journal() as JournalEntry[];
	}

	function catalogSkus(): SandboxSku[] {
		return servers.sandbox.state().catalog.skus as SandboxSku[];
	}

	function offerOf(skuId: string): Offer | undefined {
		return (servers.sandbox.state().offers as Offer[]).find((offer) => offer.skuId === skuId);
	}

	function countRequests(entries: JournalEntry[], routes: string[], skuId: string): number {
		return entries.filter((entry) => routes.includes(entry.route) && entry.skus.includes(skuId))
			.length;
	}

	beforeAll(async () => {
		// One job at a time per worker, so two runs started together run on both workers.
		servers = await startQueueServers({ skuCount: SKU_COUNT, concurrency: 1 });
	}, SETUP_TIMEOUT_MS);

	// Every test starts from empty tables and a freshly loaded sandbox with no offers.
	beforeEach(async () => {
		await servers.clearTables();
		await servers.sandbox.load(initialLoadScenario({ skuCount: SKU_COUNT }));
	});

	afterAll(
		async () => {
			if (servers) await servers.stop();
		},
		2 * 60 * 1000,
	);

	it(
		'initial load runs on the workers',
		async () => {
			const { status, summary } = await servers.runInitialLoad();

			expect(status).toBe(200);
			const { eligibleCount, problems } = verifyInitialLoad(servers.sandbox.state(), journal());
			expect(problems).toEqual([]);
			expect(eligibleCount).toBeGreaterThan(0);
			expect(summary.offersCreated).toBe(eligibleCount);
			expect(summary.errors).toBe(0);

			const logs = servers.readLogs();
			expect(logs.main).toMatch(/Enqueued execution \d+/);
			expect(countFinishedExecutions(logs.main)).toBe(0);
			const finished = countFinishedExecutions(logs['worker-1'] + logs['worker-2']);
			expect(finished).toBeGreaterThan(0);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'concurrent notifications of one SKU apply once',
		async () => {
			await servers.runInitialLoad();
			const eligible = catalogSkus()
				.filter((sku) => isEligible(sku, 2))
				.slice(0, 6);
			const newStock = new Map(eligible.map((sku, index) => [String(sku.id), 500 + index]));
			const before = journal().length;

			// Eight identical notifications per SKU leave the broadcaster at once (it sends 8 at a
			// time), so first upserts of one SKU race on two workers.
			const report = await servers.broadcast({
				script: eligible.map((sku) => ({
					kind: 'stock',
					sku: sku.id,
					set: { stock: newStock.get(String(sku.id)) },
					duplicates: 7,
				})),
			});
			expect(report.sent).toBe(eligible.length * 8);
			expect(report.statuses).toEqual({ 200: eligible.length * 8 });
			const pending = (await servers.waitForPending(eligible.length)) as Row[];
			const pendingSkus = new Set(pending.map((row) => String(row.skuId)));
			expect(pendingSkus).toEqual(new Set(newStock.keys()));
			reportLine(
				`${pending.length} pending rows for ${pendingSkus.size} SKUs after ` +
					`${report.sent} concurrent notifications`,
			);

			const summaries = await servers.applyUntilEmpty(3);

			expect(await servers.tableRows('vtex_pending')).toEqual([]);
			expect(summaries[0].skus).toBe(eligible.length);
			expect(summaries[0].skuReads).toBe(eligible.length);
			const entries = journal().slice(before);
			for (const [skuId, stock] of newStock) {
				expect({ skuId, reads: countRequests(entries, ['skuContext'], skuId) }).toEqual({
					skuId,
					reads: 1,
				});
				expect({ skuId, sends: countRequests(entries, MARKETPLACE_ROUTES, skuId) }).toEqual({
					skuId,
					sends: 1,
				});
				expect({ skuId, stock: offerOf(skuId)?.stock }).toEqual({ skuId, stock });
			}
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'duplicate pending rows apply once',
		async () => {
			await servers.runInitialLoad();
			const sku = catalogSkus().find((candidate) => isEligible(candidate, 2));
			const skuId = String(sku?.id);
			const before = journal().length;

			// The outcome of a lost race under PostgreSQL: two rows of one SKU, with different
			// versions and attempt counts.
			await servers.insertRows('vtex_pending', [
				{ skuId, ver: '900001', changes: 'stock', attempts: 0 },
				{ skuId, ver: '900002', changes: 'price', attempts: 2 },
			]);
			expect(await servers.tableRows('vtex_pending')).toHaveLength(2);

			const summary = await servers.runApply();

			expect(summary.pendingRows).toBe(2);
			expect(summary.skus).toBe(1);
			expect(summary.skuReads).toBe(1);
			expect(summary.applied).toBe(1);
			expect(await servers.tableRows('vtex_pending')).toEqual([]);
			const entries = journal().slice(before);
			expect(countRequests(entries, ['skuContext'], skuId)).toBe(1);
			// The offer is unchanged since the load, so apply may skip the send, but never sends twice.
			expect(countRequests(entries, MARKETPLACE_ROUTES, skuId)).toBeLessThanOrEqual(1);
		},
		TEST_TIMEOUT_MS,
	);

	/**
	 * Prices SKUs 1001-1060 and 1061-1120 in two runs started together, and counts the
	 * simulation requests the sandbox accepted and throttled during them.
	 */
	async function runTwoPacedLoads(credential: 'shared' | 'unshared') {
		const before = journal().length;
		const logsBefore = servers.readLogs();
		const half = SKU_COUNT / 2;

		const runs = await Promise.all([
			servers.runPacing(credential, 1001, half),
			servers.runPacing(credential, 1001 + half, half),
		]);

		const entries = journal()
			.slice(before)
			.filter((entry) => entry.route === 'simulation');
		const pricedSkus = new Set(
			entries.filter((entry) => entry.status === 200).flatMap((entry) => entry.skus),
		);
		const logsAfter = servers.readLogs();
		const newExecutions = ['worker-1', 'worker-2'].map(
			(name) =>
				countFinishedExecutions(logsAfter[name]) - countFinishedExecutions(logsBefore[name]),
		);
		return {
			runs,
			pricedSkus,
			throttled: entries.filter((entry) => entry.status === 429).length,
			newExecutions,
		};
	}

	it(
		'two workers share one pacing budget',
		async () => {
			await servers.sandbox.load({
				...initialLoadScenario({ skuCount: SKU_COUNT }),
				rateLimits: [SIMULATION_LIMIT],
			});

			// Shared first: the unshared runs' 429s slow the pacers down for a while afterwards.
			const shared = await runTwoPacedLoads('shared');
			const unshared = await runTwoPacedLoads('unshared');
			reportLine(
				`429s for ${SKU_COUNT} simulations on two workers: ${shared.throttled} with the ` +
					`budget shared by 2 processes, ${unshared.throttled} without`,
			);

			for (const result of [shared, unshared]) {
				expect(result.runs).toEqual([
					{ items: SKU_COUNT / 2, failed: 0 },
					{ items: SKU_COUNT / 2, failed: 0 },
				]);
				expect(result.pricedSkus.size).toBe(SKU_COUNT);
				expect(result.newExecutions[0]).toBeGreaterThanOrEqual(1);
				expect(result.newExecutions[1]).toBeGreaterThanOrEqual(1);
			}
			expect(shared.throttled).toBeLessThanOrEqual(SKU_COUNT * 0.05);
			expect(unshared.throttled).toBeGreaterThan(shared.throttled);
		},
		TEST_TIMEOUT_MS,
	);
});
