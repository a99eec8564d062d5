'use strict';

/**
 * Scenario and checks for the initial-load template against the sandbox, shared by the demo
 * (scripts/demo.js) and the end-to-end tests.
 */

/** Route keys the load reads from VTEX, and the marketplace routes that send an offer. */
const VTEX_LOAD_ROUTES = ['skuIdsBySalesChannel', 'skuContext', 'simulation'];
const MARKETPLACE_ROUTES = ['mkt.create', 'mkt.upsert'];

/**
 * Rate limits well below the nodes' own pacing (catalog 225/s, simulation 20/s), so that the
 * sandbox returns 429 during a load and the retry path is exercised.
 */
const LOW_RATE_LIMITS = [
	{ route: 'skuIdsBySalesChannel', type: 'window', max: 1, windowMs: 1000, retryAfterSeconds: 1 },
	{ route: 'skuContext', type: 'bucket', ratePerSecond: 80, burst: 5, retryAfterSeconds: 1 },
	{ route: 'simulation', type: 'bucket', ratePerSecond: 4, burst: 2, retryAfterSeconds: 1 },
];

/**
 * Builds a scenario with a generated catalog of `skuCount` SKUs in sales channel 2: 12% outside the sales channel,
 * 6% inactive SKUs and 3% SKUs of inactive products (exact shares, deterministic per seed).
 * The marketplace double assigns opaque offer ids, so updates reach an offer only through the
 * id map.
 * @param {{ skuCount: number, rateLimited?: boolean, seed?: number,
 *   requiredFields?: string[], skus?: Array<Record<string, unknown>> }} options
 */
function initialLoadScenario({ skuCount, rateLimited = false, seed = 7, requiredFields, skus }) {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: rateLimited ? 'initial-load-rate-limited' : 'initial-load',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		catalog: {
			skuCount,
			generate: {
				seed,
				outsideSalesChannelPercent: 12,
				inactivePercent: 6,
				inactiveProductPercent: 3,
			},
			...(skus ? { skus } : {}),
		},
		marketplace: { offerIds: 'opaque', ...(requiredFields ? { requiredFields } : {}) },
		rateLimits: rateLimited ? LOW_RATE_LIMITS : [],
	};
}

/**
 * @typedef {{ id: number, isActive: boolean, isProductActive: boolean, salesChannels: number[],
 *   price: number, listPrice: number, stock: number }} SandboxSku
 * @typedef {{ route: string, status: number, skus: string[] }} JournalEntry
 */

/**
 * Whether a SKU must be published for this sales channel.
 * @param {SandboxSku} sku
 * @param {number} salesChannel
 */
function isEligible(sku, salesChannel) {
	return sku.isActive && sku.isProductActive && sku.salesChannels.includes(salesChannel);
}

/**
 * Counts journal entries per route and status.
 * @param {JournalEntry[]} journal
 */
function journalStats(journal) {
	/** @type {Record<string, number>} */
	const requestsByRoute = {};
	/** @type {Record<string, number>} */
	const throttledByRoute = {};
	for (const entry of journal) {
		requestsByRoute[entry.route] = (requestsByRoute[entry.route] ?? 0) + 1;
		if (entry.status === 429) {
			throttledByRoute[entry.route] = (throttledByRoute[entry.route] ?? 0) + 1;
		}
	}
	const throttled = Object.values(throttledByRoute).reduce((sum, count) => sum + count, 0);
	return { requestsByRoute, throttledByRoute, throttled };
}

/**
 * Compares the marketplace double with the catalog after one initial load: every eligible SKU
 * was sent exactly once with the simulated price, list price and stock, and no other SKU was
 * sent. Returns one sentence per problem (empty when the load is correct).
 * @param {{ catalog: { skus: SandboxSku[] }, salesChannel: number,
 *   offers: Array<{ skuId: string, price: number, listPrice: number | null, stock: number }> }} state
 * @param {JournalEntry[]} journal
 */
function verifyInitialLoad(state, journal) {
	/** @type {string[]} */
	const problems = [];
	const skusById = new Map(state.catalog.skus.map((sku) => [String(sku.id), sku]));
	const offersBySku = new Map(state.offers.map((offer) => [offer.skuId, offer]));

	/** @type {Map<string, number>} */
	const sendsBySku = new Map();
	for (const entry of journal) {
		if (!MARKETPLACE_ROUTES.includes(entry.route)) continue;
		for (const skuId of entry.skus) sendsBySku.set(skuId, (sendsBySku.get(skuId) ?? 0) + 1);
	}

	const eligible = state.catalog.skus.filter((sku) => isEligible(sku, state.salesChannel));
	for (const sku of eligible) {
		const skuId = String(sku.id);
		const sends = sendsBySku.get(skuId) ?? 0;
		if (sends !== 1) problems.push(`SKU ${skuId} is eligible but was sent ${sends} times`);
		const offer = offersBySku.get(skuId);
		if (!offer) {
			problems.push(`SKU ${skuId} is eligible but has no offer on the marketplace`);
			continue;
		}
		const expected = { price: sku.price / 100, listPrice: sku.listPrice / 100, stock: sku.stock };
		for (const [field, value] of Object.entries(expected)) {
			const actual = offer[/** @type {'price' | 'listPrice' | 'stock'} */ (field)];
			// VTEX Price outputs no list price when it equals the price, so the offer leaves it out.
			if (field === 'listPrice' && actual === null && sku.listPrice === sku.price) continue;
			if (actual === null || Math.abs(Number(actual) - value) > 0.005) {
				problems.push(`SKU ${skuId}: offer ${field} is ${actual}, expected ${value}`);
			}
		}
	}
	for (const skuId of sendsBySku.keys()) {
		const sku = skusById.get(skuId);
		if (!sku || !isEligible(sku, state.salesChannel)) {
			problems.push(`SKU ${skuId} is not eligible but was sent to the marketplace`);
		}
	}
	return { eligibleCount: eligible.length, problems };
}

/**
 * Compares the logs endpoint's messages of one initial load with the catalog: one message per
 * SKU of the sales channel, `Success` for an eligible SKU (sent) and `Alert` for the others
 * (refused). Returns one sentence per problem (empty when the messages are right).
 * @param {{ catalog: { skus: SandboxSku[] }, salesChannel: number }} state
 * @param {Array<{ SkuId: string, Status: string }>} messages
 */
function verifyLogMessages(state, messages) {
	/** @type {string[]} */
	const problems = [];
	/** @type {Map<string, string[]>} */
	const statusesBySku = new Map();
	for (const message of messages) {
		const statuses = statusesBySku.get(message.SkuId) ?? [];
		statuses.push(message.Status);
		statusesBySku.set(message.SkuId, statuses);
	}
	const listed = state.catalog.skus.filter((sku) => sku.salesChannels.includes(state.salesChannel));
	for (const sku of listed) {
		const skuId = String(sku.id);
		const expected = isEligible(sku, state.salesChannel) ? 'Success' : 'Alert';
		const statuses = statusesBySku.get(skuId) ?? [];
		if (statuses.length !== 1 || statuses[0] !== expected) {
			problems.push(`SKU ${skuId}: log statuses [${statuses.join(', ')}], expected [${expected}]`);
		}
		statusesBySku.delete(skuId);
	}
	for (const skuId of statusesBySku.keys()) {
		problems.push(`SKU ${skuId} has a log entry but is not in the sales channel`);
	}
	return { listedCount: listed.length, problems };
}

/**
 * Counts the catalog's SKUs by the first reason they are skipped, for the demo's report.
 * @param {{ catalog: { skus: SandboxSku[] }, salesChannel: number }} state
 */
function expectedSkips(state) {
	let notInSalesChannel = 0;
	let skuInactive = 0;
	let productInactive = 0;
	for (const sku of state.catalog.skus) {
		if (!sku.salesChannels.includes(state.salesChannel)) notInSalesChannel += 1;
		else if (!sku.isActive) skuInactive += 1;
		else if (!sku.isProductActive) productInactive += 1;
	}
	return { notInSalesChannel, skuInactive, productInactive };
}

module.exports = {
	VTEX_LOAD_ROUTES,
	MARKETPLACE_ROUTES,
	LOW_RATE_LIMITS,
	initialLoadScenario,
	isEligible,
	journalStats,
	verifyInitialLoad,
	verifyLogMessages,
	expectedSkips,
};
