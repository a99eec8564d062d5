'use strict';

/**
 * Sandbox scenarios of the benchmark: the initial-load catalog of the demo and the end-to-end
 * tests, with or without VTEX's published limits and a fixed latency.
 */

const load = require('../../test/helpers/initial-load.cjs');
const { ROUTE_KEYS } = require('../../sandbox/routeKeys');
const { PUBLISHED_LIMITS } = require('./bounds');

/**
 * Token buckets for the published limits that name one route. The sandbox limits each route
 * on its own, so the account-wide Catalog limit is not enforced. It cannot bind in these runs
 * because the two Catalog routes together stay under it.
 */
function publishedRateLimits() {
	return PUBLISHED_LIMITS.filter((limit) => limit.routes.length === 1).map((limit) => ({
		route: limit.routes[0],
		type: 'bucket',
		ratePerSecond: limit.ratePerSecond,
		burst: limit.burst,
		retryAfterSeconds: 1,
	}));
}

/**
 * Builds the initial-load scenario of `skuCount` SKUs: 88% of them in sales channel 2, of which
 * some are inactive (see test/helpers/initial-load.cjs). With `limited`, the sandbox enforces
 * the published limits and delays every response by `latencyMs`, marketplace included.
 * @param {{ skuCount: number, limited: boolean, latencyMs?: number }} options
 */
function loadScenario({ skuCount, limited, latencyMs = 40 }) {
	const scenario = load.initialLoadScenario({ skuCount });
	if (!limited) return scenario;
	return {
		...scenario,
		rateLimits: publishedRateLimits(),
		latencyMs: Object.fromEntries(ROUTE_KEYS.map((route) => [route, latencyMs])),
	};
}

/**
 * Counts the SKUs that the id listing returns and those that are eligible, without running
 * anything: the sandbox generates the catalog from the scenario.
 * @param {{ catalog: { skus: Array<any> }, salesChannel: number }} state sandbox.state()
 */
function catalogCounts(state) {
	const listed = state.catalog.skus.filter((sku) =>
		sku.salesChannels.includes(state.salesChannel),
	).length;
	const eligible = state.catalog.skus.filter((sku) =>
		load.isEligible(sku, state.salesChannel),
	).length;
	return { skus: state.catalog.skus.length, listed, eligible };
}

module.exports = { publishedRateLimits, loadScenario, catalogCounts };
