import {
	WRONG_APP_TOKEN,
	changeSku,
	clearTables,
	insertRows,
	loadScenario,
	pushMapping,
	requestLogs,
	runInitialLoad,
	runMapperSetup,
	runRetryPending,
	sandboxJournal,
	sandboxState,
	tableRows,
	testSandboxCredential,
} from '../helpers/e2e.cjs';
import {
	expectedSkips,
	initialLoadScenario,
	isEligible,
	journalStats,
	verifyInitialLoad,
} from '../helpers/initial-load.cjs';

// These tests run the packed package and the templates in a real n8n (started once by
// test/helpers/e2e-global-setup.cjs) against the sandbox.
const LOAD_TIMEOUT_MS = 5 * 60 * 1000;

describe('initial-load template in n8n', () => {
	// The id map of an earlier test names offers that a newly loaded sandbox does not have.
	beforeEach(async () => {
		await clearTables();
	});

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
		'forced second run skips unchanged offers',
		async () => {
			await loadScenario(initialLoadScenario({ skuCount: 40 }));
			const first = await runInitialLoad();
			const journalBefore = (await sandboxJournal()).length;

			const second = await runInitialLoad({ force: 'true' });

			expect(second.status).toBe(200);
			expect(second.summary.eligible).toBe(first.summary.eligible);
			expect(second.summary.offersCreated).toBe(0);
			expect(second.summary.offersUpdated).toBe(0);
			expect(second.summary.errors).toBe(0);
			const journal = ((await sandboxJournal()) as JournalEntry[]).slice(journalBefore);
			const marketplaceRoutes = journal
				.map((entry) => entry.route)
				.filter((route) => route.startsWith('mkt.'));
			expect(marketplaceRoutes).toEqual([]);
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
			const journal = await sandboxJournal();
			expect(journal).not.toContainEqual(expect.objectContaining({ route: 'mkt.create' }));
			expect(journal).not.toContainEqual(expect.objectContaining({ route: 'mkt.upsert' }));
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

/** Keys of one message in VTEX's log format, with the guide's spelling ContentTransalted. */
const GUIDE_KEYS = [
	'BusinessMessage',
	'ContentDestination',
	'ContentSource',
	'ContentTransalted',
	'DateAt',
	'Direction',
	'MessageCode',
	'Operation',
	'SkuId',
	'Status',
	'Timestamp',
	'id',
].sort();

type SandboxState = Awaited<ReturnType<typeof sandboxState>>;
type JournalEntry = { route: string; path: string; skus: string[]; status: number };
type Offer = { offerId: string; skuId: string; active: boolean; stock: number; categoryId: string };

function utcDay(daysAgo = 0): string {
	return new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

function listedSkus(state: SandboxState): Array<{ id: number; isActive: boolean }> {
	return state.catalog.skus.filter((sku: { salesChannels: number[] }) =>
		sku.salesChannels.includes(state.salesChannel),
	);
}

function eligibleIds(state: SandboxState): string[] {
	return state.catalog.skus
		.filter((sku: Parameters<typeof isEligible>[0]) => isEligible(sku, state.salesChannel))
		.map((sku: { id: number }) => String(sku.id));
}

function sendsOf(journal: JournalEntry[], skuId: string): JournalEntry[] {
	return journal.filter(
		(entry) => ['mkt.create', 'mkt.upsert'].includes(entry.route) && entry.skus.includes(skuId),
	);
}

describe('logs endpoint template in n8n', () => {
	let state: SandboxState;

	beforeAll(async () => {
		await clearTables();
		await loadScenario(initialLoadScenario({ skuCount: 60 }));
		const { status } = await runInitialLoad();
		expect(status).toBe(200);
		state = await sandboxState();
	}, LOAD_TIMEOUT_MS);

	it('returns one entry per SKU sent or refused', async () => {
		const { status, body } = await requestLogs({ DateAt: utcDay(), status: 'all' });

		expect(status).toBe(200);
		const skuIds = body.Messages.map((message: { SkuId: string }) => message.SkuId).sort();
		const listed = listedSkus(state).map((sku) => String(sku.id));
		expect(skuIds).toEqual([...listed].sort());
		const eligible = new Set(eligibleIds(state));
		for (const message of body.Messages) {
			const expected = eligible.has(message.SkuId) ? 'Success' : 'Alert';
			expect(`${message.SkuId} ${message.Status}`).toBe(`${message.SkuId} ${expected}`);
		}
	});

	it('uses the field names of the guide', async () => {
		const { body } = await requestLogs({ DateAt: utcDay(), status: 'all' });

		expect(body.Messages.length).toBeGreaterThan(0);
		for (const message of body.Messages) expect(Object.keys(message).sort()).toEqual(GUIDE_KEYS);
		const sent = body.Messages.find((message: { Status: string }) => message.Status === 'Success');
		expect(sent.MessageCode).toBe('S1');
		expect(sent.Direction).toBe('VTEX to Marketplace');
		expect(sent.DateAt).toBe(utcDay());
		expect(JSON.parse(sent.ContentTransalted).price).toEqual(expect.any(Number));
	});

	it('filters by status', async () => {
		const alerts = await requestLogs({ DateAt: utcDay(), status: 'alert' });
		const warnings = await requestLogs({ DateAt: utcDay(), status: 'WARNING' });
		const successes = await requestLogs({ DateAt: utcDay(), status: 'sucess' });
		const both = await requestLogs({ DateAt: utcDay(), status: 'success,alert' });

		const skipped = listedSkus(state).length - eligibleIds(state).length;
		expect(skipped).toBeGreaterThan(0);
		expect(alerts.body.Messages).toHaveLength(skipped);
		expect(warnings.body.Messages).toHaveLength(skipped);
		expect(successes.body.Messages).toHaveLength(eligibleIds(state).length);
		expect(both.body.Messages).toHaveLength(listedSkus(state).length);
		for (const message of alerts.body.Messages) expect(message.Status).toBe('Alert');
		for (const message of successes.body.Messages) expect(message.Status).toBe('Success');
	});

	it('filters by date', async () => {
		const yesterday = await requestLogs({ DateAt: utcDay(1), status: 'all' });

		expect(yesterday.status).toBe(200);
		expect(yesterday.body.Messages).toEqual([]);
	});

	it('rejects a request without the secret', async () => {
		const withoutSecret = await requestLogs({ DateAt: utcDay() }, { secret: null });
		const wrongSecret = await requestLogs({ DateAt: utcDay() }, { secret: 'wrong-secret' });

		expect(withoutSecret.status).toBe(403);
		expect(wrongSecret.status).toBe(403);
	});

	it('rejects an invalid date', async () => {
		const { status, body } = await requestLogs({ DateAt: '31/12/2026' });

		expect(status).toBe(400);
		expect(JSON.stringify(body)).toContain('DateAt');
	});

	it('prunes entries older than the retention', async () => {
		const row = (skuId: string, daysAgo: number) => ({
			entryId: `old-${skuId}`,
			skuId,
			status: 'Success',
			operation: 'Offer creation',
			direction: 'VTEX to Marketplace',
			messageCode: 'S1',
			businessMessage: `Offer of SKU ${skuId} was created on the marketplace.`,
			contentSource: '',
			contentTranslated: '',
			contentDestination: '',
			dateAt: utcDay(daysAgo),
			loggedAt: new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000).toISOString(),
		});
		await insertRows('vtex_logs', [row('9001', 45), row('9002', 31), row('9003', 29)]);

		const { status } = await requestLogs({ DateAt: utcDay(29) });

		expect(status).toBe(200);
		const kept = (await tableRows('vtex_logs')).map((stored) => stored.entryId);
		expect(kept).not.toContain('old-9001');
		expect(kept).not.toContain('old-9002');
		expect(kept).toContain('old-9003');
		expect(kept.length).toBe(listedSkus(state).length + 1);
	});
});

describe('opaque offer ids in n8n', () => {
	it(
		'updates and deactivates the right offers',
		async () => {
			await clearTables();
			await loadScenario(initialLoadScenario({ skuCount: 30 }));
			const first = await runInitialLoad();
			const eligible = eligibleIds(await sandboxState());
			const [inactiveSku, repricedSku] = eligible;
			await changeSku(Number(inactiveSku), { isActive: false });
			await changeSku(Number(repricedSku), { price: 12345 });
			const journalBefore = (await sandboxJournal()).length;

			const second = await runInitialLoad({ force: 'true' });

			expect(first.summary.offersCreated).toBe(eligible.length);
			expect(second.status).toBe(200);
			expect(second.summary.errors).toBe(0);
			expect(second.summary.offersCreated).toBe(0);
			// Only the repriced SKU changed; the others match the last values sent.
			expect(second.summary.offersUpdated).toBe(1);
			expect(second.summary.offersDeactivated).toBe(1);
			const state = await sandboxState();
			const offers = new Map<string, Offer>(
				state.offers.map((offer: Offer) => [offer.skuId, offer]),
			);
			const journal = ((await sandboxJournal()) as JournalEntry[]).slice(journalBefore);
			for (const skuId of eligible.filter((id) => id !== inactiveSku)) {
				const updates = journal.filter((entry) => entry.route === 'mkt.upsert');
				const paths = updates.filter((entry) => entry.skus.includes(skuId)).map((e) => e.path);
				const expected = skuId === repricedSku ? [`/mkt/offers/${offers.get(skuId)!.offerId}`] : [];
				expect(paths).toEqual(expected);
			}
			expect(offers.get(repricedSku)!.offerId).toMatch(/^OF-/);
			expect(offers.get(repricedSku)).toMatchObject({ price: 123.45 });
			const deactivations = journal.filter((entry) => entry.route === 'mkt.deactivate');
			expect(deactivations.map((entry) => entry.path)).toEqual([
				`/mkt/offers/${offers.get(inactiveSku)!.offerId}/deactivate`,
			]);
			expect(offers.get(inactiveSku)).toMatchObject({ active: false, stock: 0 });
			const idMap = await tableRows('vtex_id_map');
			const inactiveRow = idMap.find((row) => row.skuId === inactiveSku);
			expect(inactiveRow).toMatchObject({
				status: 'inactive',
				offerId: offers.get(inactiveSku)!.offerId,
			});
			for (const row of idMap.filter((stored) => stored.skuId !== inactiveSku)) {
				expect(row.offerId).toBe(offers.get(row.skuId)!.offerId);
				expect(row.status).toBe('integrated');
			}
		},
		LOAD_TIMEOUT_MS,
	);
});

describe('required fields in n8n', () => {
	it(
		'keeps an incomplete SKU pending until fixed',
		async () => {
			await clearTables();
			const incomplete = 1001;
			await loadScenario(
				initialLoadScenario({
					skuCount: 12,
					requiredFields: ['title'],
					skus: [
						{
							id: incomplete,
							isActive: true,
							isProductActive: true,
							salesChannels: [1, 2],
							extraFields: { NameComplete: '' },
						},
					],
				}),
			);

			const load = await runInitialLoad();

			expect(load.status).toBe(200);
			expect(load.summary.pending).toBe(1);
			expect(sendsOf(await sandboxJournal(), String(incomplete))).toEqual([]);
			const alerts = await requestLogs({ DateAt: utcDay(), status: 'alert' });
			const entry = alerts.body.Messages.find(
				(message: { SkuId: string }) => message.SkuId === String(incomplete),
			);
			expect(entry.MessageCode).toBe('A4');
			expect(entry.BusinessMessage).toContain('title');
			const pendingRow = (await tableRows('vtex_id_map')).find(
				(row) => row.skuId === String(incomplete),
			);
			expect(pendingRow).toMatchObject({ status: 'pending', offerId: '' });

			await changeSku(incomplete, { extraFields: {} });
			const retry = await runRetryPending();
			const again = await runRetryPending();

			expect(retry.status).toBe(200);
			expect(retry.body.offersCreated).toBe(1);
			expect(again.body.pendingBefore).toBe(0);
			const sends = sendsOf(await sandboxJournal(), String(incomplete));
			expect(sends).toHaveLength(1);
			expect(sends[0].route).toBe('mkt.create');
			expect(sends[0].status).toBe(201);
			const fixedRow = (await tableRows('vtex_id_map')).find(
				(row) => row.skuId === String(incomplete),
			);
			expect(fixedRow?.status).toBe('integrated');
			expect(fixedRow?.offerId).toMatch(/^OF-/);
		},
		LOAD_TIMEOUT_MS,
	);
});

/** Builds a category tree of 100 departments with 99 categories each: 10,000 nodes. */
function categoryTree() {
	const categories = [];
	for (let department = 1; department <= 100; department++) {
		const children = [];
		for (let child = 1; child <= 99; child++) {
			children.push({
				id: `MKT-${department}-${child}`,
				name: `Category ${department}.${child}`,
				children: [],
				specifications: [],
			});
		}
		categories.push({
			id: `MKT-${department}`,
			name: `Department ${department}`,
			children,
			specifications: [],
		});
	}
	return { categories };
}

describe('VTEX Mapper round trip in n8n', () => {
	it(
		'maps categories from a pushed mapping',
		async () => {
			await clearTables();
			await loadScenario(initialLoadScenario({ skuCount: 10 }));

			const setup = await runMapperSetup(categoryTree());

			expect(setup.status).toBe(200);
			const state = await sandboxState();
			expect(state.mapper.trees).toHaveLength(1);
			expect(state.mapper.trees[0].categoryCount).toBe(10000);
			const upload = (
				(await sandboxJournal()) as Array<JournalEntry & { headers: Record<string, string> }>
			).find((entry) => entry.route === 'mapperTree');
			expect(upload?.status).toBe(204);
			expect(upload?.headers['content-encoding']).toBe('gzip');

			const push = await pushMapping([{ vtexCategoryId: '20', marketplaceCategoryId: 'MKT-7-3' }]);

			expect(push.status).toBe(200);
			const mapped = await tableRows('vtex_category_map');
			expect(mapped).toEqual([
				expect.objectContaining({ vtexCategoryId: '20', marketplaceCategoryId: 'MKT-7-3' }),
			]);
			const load = await runInitialLoad();
			expect(load.summary.errors).toBe(0);
			const offers = (await sandboxState()).offers as Offer[];
			expect(offers.length).toBe(load.summary.offersCreated);
			for (const offer of offers) expect(offer.categoryId).toBe('MKT-7-3');
		},
		LOAD_TIMEOUT_MS,
	);

	it(
		'keeps an unmapped category pending until mapped',
		async () => {
			await clearTables();
			const unmapped = 1002;
			await loadScenario(
				initialLoadScenario({
					skuCount: 10,
					skus: [
						{
							id: unmapped,
							isActive: true,
							isProductActive: true,
							salesChannels: [1, 2],
							categoryId: 30,
						},
					],
				}),
			);
			await insertRows('vtex_category_map', [
				{
					vtexCategoryId: '20',
					marketplaceCategoryId: 'MKT-7-3',
					vtexCategoryName: '',
					marketplaceCategoryName: '',
				},
			]);

			const load = await runInitialLoad();

			expect(load.status).toBe(200);
			expect(load.summary.pending).toBe(1);
			expect(sendsOf(await sandboxJournal(), String(unmapped))).toEqual([]);
			const errors = await requestLogs({ DateAt: utcDay(), status: 'error' });
			expect(errors.body.Messages).toHaveLength(1);
			expect(errors.body.Messages[0]).toMatchObject({
				SkuId: String(unmapped),
				MessageCode: 'E4',
				Status: 'Error',
			});
			const row = (await tableRows('vtex_id_map')).find(
				(stored) => stored.skuId === String(unmapped),
			);
			expect(row?.status).toBe('pending');

			await insertRows('vtex_category_map', [
				{
					vtexCategoryId: '30',
					marketplaceCategoryId: 'MKT-9-1',
					vtexCategoryName: '',
					marketplaceCategoryName: '',
				},
			]);
			const retry = await runRetryPending();
			const again = await runRetryPending();

			expect(retry.body.offersCreated).toBe(1);
			expect(again.body.pendingBefore).toBe(0);
			const sends = sendsOf(await sandboxJournal(), String(unmapped));
			expect(sends).toHaveLength(1);
			const offer = ((await sandboxState()).offers as Offer[]).find(
				(candidate) => candidate.skuId === String(unmapped),
			);
			expect(offer?.categoryId).toBe('MKT-9-1');
		},
		LOAD_TIMEOUT_MS,
	);
});
