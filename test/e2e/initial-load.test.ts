import {
	WRONG_APP_TOKEN,
	loadScenario,
	runInitialLoad,
	sandboxJournal,
	sandboxState,
	testSandboxCredential,
} from '../helpers/e2e.cjs';
import {
	expectedSkips,
	initialLoadScenario,
	journalStats,
	verifyInitialLoad,
} from '../helpers/initial-load.cjs';

// These tests run the packed package and the templates in a real n8n (started once by
// test/helpers/e2e-global-setup.cjs) against the sandbox.
const LOAD_TIMEOUT_MS = 5 * 60 * 1000;

describe('initial-load template in n8n', () => {
	it(
		'publishes every eligible SKU once',
		async () => {
			await loadScenario(initialLoadScenario({ skuCount: 300 }));

			const { status, summary } = await runInitialLoad();

			expect(status).toBe(200);
			const state = await sandboxState();
			const { eligibleCount, problems } = verifyInitialLoad(state, await sandboxJournal());
			expect(problems).toEqual([]);
			expect(eligibleCount).toBeGreaterThan(0);
			expect(summary.eligible).toBe(eligibleCount);
			expect(summary.offersCreated).toBe(eligibleCount);
			expect(summary.offersUpdated).toBe(0);
			expect(summary.errors).toBe(0);
			const skips = expectedSkips(state);
			expect(summary.skippedByReason).toEqual({
				skuInactive: skips.skuInactive,
				productInactive: skips.productInactive,
			});
			expect(summary.listed).toBe(300 - skips.notInSalesChannel);
			expect(typeof summary.seconds).toBe('number');
		},
		LOAD_TIMEOUT_MS,
	);

	it(
		'second run updates existing offers',
		async () => {
			await loadScenario(initialLoadScenario({ skuCount: 40 }));
			const first = await runInitialLoad();

			const second = await runInitialLoad();

			expect(second.status).toBe(200);
			expect(second.summary.eligible).toBe(first.summary.eligible);
			expect(second.summary.offersCreated).toBe(0);
			expect(second.summary.offersUpdated).toBe(first.summary.eligible);
			expect(second.summary.errors).toBe(0);
		},
		LOAD_TIMEOUT_MS,
	);

	it(
		'empty sales channel gives zero summary',
		async () => {
			await loadScenario(initialLoadScenario({ skuCount: 20 }));

			const { status, summary } = await runInitialLoad({ salesChannel: '9' });

			expect(status).toBe(200);
			expect(summary.listed).toBe(0);
			expect(summary.eligible).toBe(0);
			expect(summary.offersCreated).toBe(0);
			expect(summary.errors).toBe(0);
			expect(summary.skippedByReason).toEqual({});
			expect(await sandboxJournal()).not.toContainEqual(
				expect.objectContaining({ route: 'mkt.upsert' }),
			);
		},
		LOAD_TIMEOUT_MS,
	);

	it(
		'low rate limits still deliver each SKU once',
		async () => {
			await loadScenario(initialLoadScenario({ skuCount: 150, rateLimited: true }));

			const { status, summary } = await runInitialLoad();

			expect(status).toBe(200);
			const journal = await sandboxJournal();
			const { eligibleCount, problems } = verifyInitialLoad(await sandboxState(), journal);
			expect(problems).toEqual([]);
			expect(summary.offersCreated).toBe(eligibleCount);
			expect(summary.errors).toBe(0);
			expect(journalStats(journal).throttled).toBeGreaterThan(0);
		},
		LOAD_TIMEOUT_MS,
	);
});

describe('VTEX API credential test in n8n', () => {
	beforeAll(async () => {
		await loadScenario(initialLoadScenario({ skuCount: 3 }));
	});

	it('accepts the right key pair', async () => {
		const result = await testSandboxCredential({});

		expect(result.status).toBe('OK');
	});

	it('rejects a wrong app token readably', async () => {
		const result = await testSandboxCredential({ appToken: WRONG_APP_TOKEN });

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/app key or app token/i);
		expect(result.message).toContain('401');
		expect(result.message).not.toContain(WRONG_APP_TOKEN);
		expect(result.message).not.toContain('sandbox-app-token');
	});
});
