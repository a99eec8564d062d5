import {
	changeSku,
	clearSettings,
	installTemplates,
	runTemplate,
	sandboxJournal,
	sandboxState,
	seedPublishedCatalog,
	tableRows,
	writeSetting,
} from '../helpers/reconcile-e2e.cjs';

// The reconcile and price-stock-apply templates in the real n8n of the end-to-end suite, against
// the sandbox. Each test seeds vtex_id_map and vtex_last_sent as a finished load leaves them,
// changes VTEX silently, and checks what reached the marketplace double.
const RUN_TIMEOUT_MS = 4 * 60 * 1000;

interface JournalEntry {
	seq: number;
	route: string;
	method: string;
	path: string;
	skus: string[];
	status: number | null;
}

interface SandboxOffer {
	offerId: string;
	skuId: string;
	price: number;
	listPrice: number | null;
	stock: number;
}

interface LogRow {
	skuId: string;
	status: string;
	operation: string;
	messageCode: string;
	businessMessage: string;
}

function marketplaceRequests(journal: JournalEntry[]): JournalEntry[] {
	return journal.filter((entry) => entry.route.startsWith('mkt.') || entry.path.startsWith('/mkt'));
}

async function offersBySku(): Promise<Map<string, SandboxOffer>> {
	const state = (await sandboxState()) as { offers: SandboxOffer[] };
	return new Map(state.offers.map((offer) => [offer.skuId, offer]));
}

/** Raises the price by 5.00 and keeps the list price at or above it, so no check flags it. */
async function raisePrice(skuId: string, sent: { price: number; listPrice: number | null }) {
	const priceCents = Math.round(sent.price * 100) + 500;
	const listPriceCents = Math.max(Math.round((sent.listPrice ?? sent.price) * 100), priceCents);
	await changeSku(skuId, { price: priceCents, listPrice: listPriceCents });
}

beforeAll(async () => {
	await installTemplates();
}, RUN_TIMEOUT_MS);

afterAll(async () => {
	await clearSettings();
});

describe('reconcile template in n8n', () => {
	it(
		'sends exactly the drifted SKUs of 5,000',
		async () => {
			const sent = await seedPublishedCatalog(5000);
			const skuIds = [...sent.keys()];
			const priceDrift = skuIds.filter((_, index) => index % 33 === 0);
			const stockDrift = skuIds.filter((_, index) => index % 33 === 16 || index % 99 === 0);
			for (const skuId of priceDrift) await raisePrice(skuId, sent.get(skuId)!);
			for (const skuId of stockDrift) await changeSku(skuId, { stock: sent.get(skuId)!.stock + 3 });
			const drifted = new Set([...priceDrift, ...stockDrift]);
			expect(drifted.size).toBeGreaterThanOrEqual(250);

			const first = await runTemplate('reconcile', { scope: 'all' });
			expect(first.status).toBe(200);
			expect(first.summary.listed).toBe(5000);
			expect(first.summary.published).toBe(5000);
			expect(first.summary.sent).toBe(drifted.size);
			expect(first.summary.priceUpdates).toBe(priceDrift.length);
			expect(first.summary.stockUpdates).toBe(stockDrift.length);
			expect(first.summary.failed).toBe(0);
			expect(first.summary.readErrors).toBe(0);

			const journal = (await sandboxJournal()) as JournalEntry[];
			const requests = marketplaceRequests(journal);
			expect(requests.filter((entry) => entry.method === 'GET')).toEqual([]);
			expect(requests.every((entry) => entry.route === 'mkt.upsert')).toBe(true);
			const sentSkus = requests.map((entry) => entry.skus[0]);
			expect(sentSkus.length).toBe(drifted.size);
			expect(new Set(sentSkus)).toEqual(drifted);

			const offers = await offersBySku();
			for (const skuId of priceDrift) {
				expect(offers.get(skuId)!.price).toBeCloseTo(sent.get(skuId)!.price + 5, 2);
			}
			for (const skuId of stockDrift) {
				expect(offers.get(skuId)!.stock).toBe(sent.get(skuId)!.stock + 3);
			}

			const lastSeq = journal.at(-1)!.seq;
			const second = await runTemplate('reconcile', { scope: 'all' });
			expect(second.status).toBe(200);
			expect(second.summary.sent).toBe(0);
			expect(second.summary.unchanged).toBe(5000);
			const laterRequests = marketplaceRequests((await sandboxJournal(lastSeq)) as JournalEntry[]);
			expect(laterRequests).toEqual([]);
		},
		RUN_TIMEOUT_MS,
	);

	it(
		'never sends a flagged price',
		async () => {
			const sent = await seedPublishedCatalog(20);
			const dropped = ['1003', '1007'];
			for (const skuId of dropped) {
				const { price } = sent.get(skuId)!;
				await changeSku(skuId, {
					price: Math.round(price * 30),
					listPrice: Math.round(price * 30),
				});
			}
			await raisePrice('1010', sent.get('1010')!);

			const run = await runTemplate('reconcile', { scope: 'price', maxDropPercent: 50 });
			expect(run.status).toBe(200);
			expect(run.summary.flagged).toBe(2);
			expect(run.summary.sent).toBe(1);

			const requests = marketplaceRequests((await sandboxJournal()) as JournalEntry[]);
			expect(requests.map((entry) => entry.skus[0])).toEqual(['1010']);
			const offers = await offersBySku();
			for (const skuId of dropped) expect(offers.get(skuId)!.price).toBe(sent.get(skuId)!.price);

			const logs = (await tableRows('vtex_logs')) as LogRow[];
			for (const skuId of dropped) {
				const alerts = logs.filter((row) => row.skuId === skuId && row.status === 'Alert');
				expect(alerts).toHaveLength(1);
				expect(alerts[0].messageCode).toBe('A5');
				expect(logs.filter((row) => row.skuId === skuId && row.status === 'Success')).toEqual([]);
			}
			const successes = logs.filter((row) => row.status === 'Success');
			expect(successes.map((row) => [row.skuId, row.operation])).toEqual([
				['1010', 'Price update'],
			]);
		},
		RUN_TIMEOUT_MS,
	);
});

describe('price-stock-apply template in n8n', () => {
	it(
		'applies safety and minimum stock',
		async () => {
			const sent = await seedPublishedCatalog(20);
			await changeSku('1001', { stock: 40 });
			await changeSku('1002', { stock: 4 });

			const run = await runTemplate('apply', {
				skuIds: ['1001', '1002', '1005'],
				scope: 'stock',
				safetyStock: 3,
				minimumStock: 2,
			});
			expect(run.status).toBe(200);
			expect(run.summary.requested).toBe(3);

			const offers = await offersBySku();
			// 40 - 3 safety units.
			expect(offers.get('1001')!.stock).toBe(37);
			// 4 - 3 = 1 is below the minimum of 2, so 0 is published.
			expect(offers.get('1002')!.stock).toBe(0);
			const expected1005 = Math.max(sent.get('1005')!.stock - 3, 0);
			const stock1005 = expected1005 < 2 ? 0 : expected1005;
			expect(offers.get('1005')!.stock).toBe(stock1005);

			const logs = (await tableRows('vtex_logs')) as LogRow[];
			const inventory = logs.filter((row) => row.operation === 'Inventory update');
			expect(inventory.filter((row) => row.skuId === '1001')).toHaveLength(1);
			expect(inventory.every((row) => row.status === 'Success')).toBe(true);
			const lastSent = (await tableRows('vtex_last_sent')) as Array<{
				skuId: string;
				stock: number;
			}>;
			expect(lastSent.find((row) => row.skuId === '1001')!.stock).toBe(37);
		},
		RUN_TIMEOUT_MS,
	);

	it(
		'holds a price that drops too far',
		async () => {
			const sent = await seedPublishedCatalog(20);
			const { price } = sent.get('1004')!;
			await changeSku('1004', { price: Math.round(price * 40), listPrice: Math.round(price * 40) });

			const run = await runTemplate('apply', {
				skuIds: '1004,1006',
				scope: 'all',
				maxDropPercent: 50,
			});
			expect(run.status).toBe(200);
			expect(run.summary.flagged).toBe(1);
			expect(run.summary.sent).toBe(0);
			expect(marketplaceRequests((await sandboxJournal()) as JournalEntry[])).toEqual([]);

			const logs = (await tableRows('vtex_logs')) as LogRow[];
			expect(logs.map((row) => [row.skuId, row.status, row.messageCode])).toEqual([
				['1004', 'Alert', 'A5'],
			]);

			// With the guard off, the same drop is a change like any other.
			const unguarded = await runTemplate('apply', {
				skuIds: ['1004'],
				scope: 'price',
				maxDropPercent: 0,
			});
			expect(unguarded.summary.sent).toBe(1);
			expect((await offersBySku()).get('1004')!.price).toBeCloseTo(price * 0.4, 2);
		},
		RUN_TIMEOUT_MS,
	);

	it(
		'reads options from vtex_settings',
		async () => {
			await seedPublishedCatalog(20);
			await writeSetting('safetyStock', 3);
			await changeSku('1001', { stock: 40 });

			const fromTable = await runTemplate('apply', { skuIds: ['1001'], scope: 'stock' });
			expect(fromTable.status).toBe(200);
			expect(fromTable.summary.sent).toBe(1);
			// 40 - 3 safety units from the table row.
			expect((await offersBySku()).get('1001')!.stock).toBe(37);

			// An input the caller passes wins over the table row.
			await changeSku('1001', { stock: 50 });
			const fromInput = await runTemplate('apply', {
				skuIds: ['1001'],
				scope: 'stock',
				safetyStock: 5,
			});
			expect(fromInput.summary.sent).toBe(1);
			expect((await offersBySku()).get('1001')!.stock).toBe(45);
		},
		RUN_TIMEOUT_MS,
	);

	it(
		'reconcile passes the table guard',
		async () => {
			const sent = await seedPublishedCatalog(20);
			// A drop of 20 % passes the default guard of 50 % but not the table's 10 %.
			await writeSetting('maxDropPercent', 10);
			const { price } = sent.get('1008')!;
			const droppedCents = Math.round(price * 80);
			await changeSku('1008', { price: droppedCents, listPrice: droppedCents });

			const run = await runTemplate('reconcile', { scope: 'price' });
			expect(run.status).toBe(200);
			expect(run.summary.flagged).toBe(1);
			expect(run.summary.sent).toBe(0);
			expect(marketplaceRequests((await sandboxJournal()) as JournalEntry[])).toEqual([]);
			expect((await offersBySku()).get('1008')!.price).toBe(price);
		},
		RUN_TIMEOUT_MS,
	);
});
