'use strict';

const { performance } = require('node:perf_hooks');
const { Journal } = require('./journal');
const { RuleCounter } = require('./match');
const { RateLimiter } = require('./rateLimits');
const { applySkuFields, ScenarioError } = require('./scenario');

/**
 * Everything the sandbox holds for one loaded scenario: catalog, marketplace double, journal,
 * request numbering, rate limits and timers. A load replaces the whole runtime.
 */
class Runtime {
	/**
	 * @param {ReturnType<typeof import('./scenario').normalizeScenario>} scenario
	 */
	constructor(scenario) {
		this.scenario = scenario;
		this.loadedAtMs = performance.now();
		this.journal = new Journal();
		this.counter = new RuleCounter();
		this.rateLimiter = new RateLimiter(scenario.rateLimits, 0);
		/** @type {Map<number, number>} start of each SKU's stale simulation period, in elapsed ms */
		this.staleStartedMs = new Map();
		this.marketplace = scenario.marketplace;
		/** @type {Map<string, Record<string, unknown[]>>} changed values per offer id and field */
		this.history = new Map();
		this.mapper = {
			/** @type {Map<string, Record<string, unknown>>} */
			connectors: new Map(),
			/** @type {Map<string, {receivedBytes: number, categoryCount: number, tree: unknown}>} */
			trees: new Map(),
			/** @type {import('./mapperPush').MappingPush[]} mappings sent to connectors, oldest first */
			pushes: [],
		};
		/** @type {Set<NodeJS.Timeout>} */
		this.timers = new Set();
	}

	/** Milliseconds since the load, the clock of the journal and the rate limits. */
	elapsedMs() {
		return performance.now() - this.loadedAtMs;
	}

	/**
	 * Returns the change history of an offer, created empty on first use.
	 * @param {string} offerId
	 */
	offerHistory(offerId) {
		let history = this.history.get(offerId);
		if (!history) {
			history = {};
			this.history.set(offerId, history);
		}
		return history;
	}

	/**
	 * Edits the fields of a catalog SKU; sends no notification.
	 * @param {number | string} skuId
	 * @param {Record<string, unknown>} set
	 * @throws {ScenarioError} when the SKU is unknown or a field is invalid
	 */
	applyChange(skuId, set) {
		const sku = this.scenario.skus.get(Number(skuId));
		if (!sku) throw new ScenarioError(`SKU ${skuId} is not in the catalog`);
		if (typeof set !== 'object' || set === null || Array.isArray(set)) {
			throw new ScenarioError('set must be an object of SKU fields');
		}
		// Validate on a copy first, so an invalid field leaves the SKU unchanged.
		applySkuFields(structuredClone(sku), set, 'set');
		applySkuFields(sku, set, 'set');
		return sku;
	}

	/**
	 * Runs a callback after a delay unless the runtime is disposed first.
	 * @param {number} delayMs
	 * @param {() => void} callback
	 */
	schedule(delayMs, callback) {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			callback();
		}, delayMs);
		timer.unref();
		this.timers.add(timer);
	}

	/** Cancels the scheduled changes; a load or close calls it. */
	dispose() {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	/** Returns a JSON snapshot of the catalog, the offers with their history, affiliates and Mapper. */
	state() {
		const { scenario } = this;
		const defaultWarehouse = scenario.warehouses[0].id;
		return {
			case: scenario.caseName,
			account: scenario.account,
			salesChannel: scenario.salesChannel,
			affiliateId: scenario.affiliateId,
			catalog: {
				skus: [...scenario.skus.values()].map((sku) => ({
					...structuredClone(sku),
					inventory: sku.inventory ?? { [defaultWarehouse]: sku.stock },
				})),
				products: [...scenario.products.values()],
				warehouses: scenario.warehouses,
			},
			offerIds: this.marketplace.offerIds,
			requiredFields: [...this.marketplace.requiredFields],
			offers: [...this.marketplace.offers.values()].map((offer) => ({
				...structuredClone(offer),
				history: structuredClone(this.history.get(offer.offerId) ?? {}),
			})),
			affiliates: [...scenario.affiliates.values()],
			// Reports of POST /__sandbox/broadcast (sandbox/broadcaster.js), oldest first.
			broadcasts: structuredClone(/** @type {{broadcasts?: object[]}} */ (this).broadcasts ?? []),
			mapper: {
				connectors: [...this.mapper.connectors.values()],
				trees: [...this.mapper.trees.entries()].map(([mapperId, upload]) => ({
					mapperId,
					...upload,
				})),
				pushes: structuredClone(this.mapper.pushes),
			},
		};
	}
}

module.exports = { Runtime };
