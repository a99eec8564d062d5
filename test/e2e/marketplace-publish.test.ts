import {
	clearTables,
	loadScenario,
	runInitialLoad,
	sandboxJournal,
	sandboxState,
	tableRows,
} from '../helpers/e2e.cjs';

// These tests run the marketplace publish template through the initial-load template in a real
// n8n (started once by test/helpers/e2e-global-setup.cjs) against the sandbox's marketplace double.
const LOAD_TIMEOUT_MS = 3 * 60 * 1000;

type Json = Record<string, unknown>;

interface JournalEntry {
	route: string;
	path: string;
	status: number;
	skus: string[];
}

interface OfferState {
	offerId: string;
	skuId: string;
	history: Record<string, unknown[] | undefined>;
}

/** Two SKUs of category 20; the category map stays empty, so both go to the default GEN. */
function publishScenario(marketplace: Json): Json {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'marketplace-publish',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		catalog: {
			skuCount: 2,
			skus: [
				{ id: 1001, price: 11900, listPrice: 13900, stock: 7 },
				{ id: 1002, price: 11900, listPrice: 11900, stock: 5 },
			],
		},
		marketplace,
	};
}

function requestsOf(journal: JournalEntry[], route: string, skuId: string): JournalEntry[] {
	return journal.filter((entry) => entry.route === route && entry.skus.includes(skuId));
}

describe('marketplace-publish template in n8n', () => {
	beforeEach(async () => {
		await clearTables();
	});

	it(
		'adopts an offer the ID map lost',
		async () => {
			await loadScenario(
				publishScenario({
					offerIds: 'opaque',
					offers: [
						{
							offerId: 'OF-7f3a',
							skuId: '1001',
							categoryId: 'GEN',
							price: 119,
							listPrice: 139,
							stock: 7,
							active: true,
						},
					],
				}),
			);

			const { status, summary } = await runInitialLoad();

			expect(status).toBe(200);
			expect(summary.errors).toBe(0);
			const journal = (await sandboxJournal()) as JournalEntry[];
			expect(requestsOf(journal, 'mkt.create', '1001')).toHaveLength(0);
			const adoptedUpdates = requestsOf(journal, 'mkt.upsert', '1001');
			expect(adoptedUpdates.map((entry) => [entry.path, entry.status])).toEqual([
				['/mkt/offers/OF-7f3a', 200],
			]);
			expect(requestsOf(journal, 'mkt.create', '1002').map((entry) => entry.status)).toEqual([201]);
			const offers = (await sandboxState()).offers as OfferState[];
			const forSku = offers.filter((offer) => offer.skuId === '1001');
			expect(forSku.map((offer) => offer.offerId)).toEqual(['OF-7f3a']);
			// The adopted offer already had VTEX's price and stock, so neither changed.
			expect(forSku[0].history.price).toBeUndefined();
			expect(forSku[0].history.stock).toBeUndefined();
			const idMap = (await tableRows('vtex_id_map')) as Json[];
			const adopted = idMap.find((row) => row.skuId === '1001');
			expect(adopted).toMatchObject({ offerId: 'OF-7f3a', status: 'integrated' });
		},
		LOAD_TIMEOUT_MS,
	);

	it(
		'creates at the SKU ID after a 405',
		async () => {
			await loadScenario(publishScenario({}));

			const { status, summary } = await runInitialLoad();

			expect(status).toBe(200);
			expect(summary.errors).toBe(0);
			expect(summary.offersCreated).toBe(2);
			const journal = (await sandboxJournal()) as JournalEntry[];
			expect(requestsOf(journal, 'mkt.create', '1001').map((entry) => entry.status)).toEqual([405]);
			expect(requestsOf(journal, 'mkt.upsert', '1001').map((entry) => entry.status)).toEqual([201]);
			const offers = (await sandboxState()).offers as OfferState[];
			expect(offers.map((offer) => offer.offerId).sort()).toEqual(['MKT-1001', 'MKT-1002']);
			const idMap = (await tableRows('vtex_id_map')) as Json[];
			expect(idMap.find((row) => row.skuId === '1002')).toMatchObject({
				offerId: 'MKT-1002',
				status: 'integrated',
			});
		},
		LOAD_TIMEOUT_MS,
	);
});
