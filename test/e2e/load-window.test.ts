import {
	clearTables,
	insertRows,
	lastInitialLoadError,
	loadScenario,
	runInitialLoad,
	sandboxJournal,
	sandboxState,
	tableRows,
} from '../helpers/e2e.cjs';
import { initialLoadScenario, verifyInitialLoad } from '../helpers/initial-load.cjs';

// These tests run in the real n8n of test/helpers/e2e-global-setup.cjs against the sandbox.
const LOAD_TIMEOUT_MS = 5 * 60 * 1000;

type JournalEntry = {
	route: string;
	query: Record<string, string>;
	skus: string[];
	status: number;
};

function listedPages(journal: JournalEntry[]): string[] {
	return journal
		.filter((entry) => entry.route === 'skuIdsBySalesChannel')
		.map((entry) => entry.query.page);
}

function sentSkus(journal: JournalEntry[]): string[] {
	return journal
		.filter((entry) => ['mkt.create', 'mkt.upsert'].includes(entry.route))
		.flatMap((entry) => entry.skus)
		.sort();
}

describe('initial load window in n8n', () => {
	beforeEach(async () => {
		await clearTables();
		await loadScenario(initialLoadScenario({ skuCount: 20 }));
	});

	it(
		'rejects a second load within the window',
		async () => {
			const first = await runInitialLoad();
			const requestsAfterFirst = (await sandboxJournal()).length;

			const second = await runInitialLoad();

			expect(first.summary.status).toBe('finished');
			expect(second.status).toBe(200);
			expect(second.summary.status).toBe('rejected');
			const finishedAt = new Date(first.summary.finishedAt).toISOString();
			expect(second.summary.lastFinishedAt).toBe(finishedAt);
			expect(second.summary.message).toContain(`finished at ${finishedAt}`);
			expect(second.summary.message).toContain('load window of 24 h');
			expect(second.summary.message).toContain('force');
			expect((await sandboxJournal()).length).toBe(requestsAfterFirst);
		},
		LOAD_TIMEOUT_MS,
	);

	it(
		'runs a forced load within the window',
		async () => {
			const first = await runInitialLoad();
			const journalAfterFirst: JournalEntry[] = await sandboxJournal();

			const forced = await runInitialLoad({ force: 'true' });
			const forcedRequests: JournalEntry[] = (await sandboxJournal()).slice(
				journalAfterFirst.length,
			);

			expect(forced.status).toBe(200);
			expect(forced.summary.status).toBe('finished');
			expect(forced.summary.resumed).toBe(false);
			expect(forced.summary.loadId).not.toBe(first.summary.loadId);
			// The forced load reads the whole catalog again, and sends nothing for offers whose
			// values did not change since the first load.
			expect(listedPages(forcedRequests)).toContain('1');
			const contextReads = forcedRequests.filter((entry) => entry.route === 'skuContext');
			expect(contextReads.length).toBeGreaterThanOrEqual(first.summary.eligible);
			expect(forced.summary.offersCreated).toBe(0);
			expect(forced.summary.offersUpdated).toBe(0);
			expect(sentSkus(forcedRequests)).toEqual([]);
			const rows = await tableRows('vtex_load_checkpoint');
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ loadId: forced.summary.loadId, status: 'finished' });
		},
		LOAD_TIMEOUT_MS,
	);

	it(
		'reads the window from vtex_settings',
		async () => {
			await insertRows('vtex_settings', [{ name: 'loadWindowHours', value: '0' }]);
			await runInitialLoad();

			const fromTable = await runInitialLoad();
			const fromCaller = await runInitialLoad({ loadWindowHours: '48' });

			expect(fromTable.summary.status).toBe('finished');
			// The caller's input wins over the table's row.
			expect(fromCaller.summary.status).toBe('rejected');
			expect(fromCaller.summary.message).toContain('load window of 48 h');
		},
		LOAD_TIMEOUT_MS,
	);

	it(
		'rejects an invalid window setting',
		async () => {
			const { status } = await runInitialLoad({ loadWindowHours: 'soon' });

			expect(status).toBe(500);
			expect(await lastInitialLoadError()).toContain('Invalid loadWindowHours "soon"');
			expect(await sandboxJournal()).toEqual([]);
		},
		LOAD_TIMEOUT_MS,
	);

	it(
		'resumes an unfinished load without force',
		async () => {
			// Three fixed pages of ten SKU IDs. The checkpoint row is that of a run that stopped after
			// finishing page 1.
			const scenario = initialLoadScenario({ skuCount: 30 });
			const pages = [0, 1, 2].map((page) =>
				Array.from({ length: 10 }, (_, index) => 1001 + page * 10 + index),
			);
			await loadScenario({ ...scenario, catalog: { ...scenario.catalog, idPages: pages } });
			await insertRows('vtex_load_checkpoint', [
				{
					salesChannel: '2',
					affiliateId: 'KTZ',
					loadId: 'stopped-load',
					lastPage: 1,
					status: 'running',
					startedAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
					finishedAt: null,
					totals: JSON.stringify({ listed: 10 }),
				},
			]);

			const { status, summary } = await runInitialLoad();

			expect(status).toBe(200);
			expect(summary.status).toBe('finished');
			expect(summary.resumed).toBe(true);
			expect(summary.resumedAfterPage).toBe(1);
			expect(summary.loadId).toBe('stopped-load');
			expect(summary.listed).toBe(30);
			const journal = (await sandboxJournal()) as JournalEntry[];
			expect(listedPages(journal)).toEqual(['2', '3', '4']);
			const state = await sandboxState();
			const eligibleLater = state.catalog.skus
				.filter(
					(sku: {
						id: number;
						isActive: boolean;
						isProductActive: boolean;
						salesChannels: number[];
					}) =>
						sku.id > 1010 && sku.isActive && sku.isProductActive && sku.salesChannels.includes(2),
				)
				.map((sku: { id: number }) => String(sku.id))
				.sort();
			expect(sentSkus(journal)).toEqual(eligibleLater);
			expect(summary.offersCreated).toBe(eligibleLater.length);
		},
		LOAD_TIMEOUT_MS,
	);

	it(
		'publishes every SKU of fixed pages',
		async () => {
			const scenario = initialLoadScenario({ skuCount: 30 });
			const pages = [0, 1, 2].map((page) =>
				Array.from({ length: 10 }, (_, index) => 1001 + page * 10 + index),
			);
			await loadScenario({ ...scenario, catalog: { ...scenario.catalog, idPages: pages } });

			const { summary } = await runInitialLoad();

			const journal = (await sandboxJournal()) as JournalEntry[];
			const { problems } = verifyInitialLoad(await sandboxState(), journal);
			expect(problems).toEqual([]);
			expect(listedPages(journal)).toEqual(['1', '2', '3', '4']);
			expect(summary.pages).toBe(3);
			expect(summary.resumed).toBe(false);
		},
		LOAD_TIMEOUT_MS,
	);
});
