'use strict';

/**
 * VTEX's published Catalog limits (15,000 requests per minute per endpoint and 45,000 per
 * account), as per-second token buckets. VTEX publishes no burst size, so the benchmark's
 * sandbox lets one second's worth through at once. VTEX publishes no limit for the fulfillment
 * simulation, so neither the sandbox nor the bound limits it.
 */
const PUBLISHED_LIMITS = [
	{
		name: 'Catalog, SKU ids endpoint',
		routes: ['skuIdsBySalesChannel'],
		ratePerSecond: 250,
		burst: 250,
	},
	{ name: 'Catalog, SKU endpoint', routes: ['skuContext'], ratePerSecond: 250, burst: 250 },
	{
		name: 'Catalog, account',
		routes: ['skuIdsBySalesChannel', 'skuContext'],
		ratePerSecond: 750,
		burst: 750,
	},
];

/**
 * Round trips that depend on each other in any initial load: an id page, then the SKU, then its
 * price and stock, then the offer sent to the marketplace.
 */
const DEPENDENT_ROUND_TRIPS = 4;

/**
 * Returns the fewest Catalog requests that any initial load of `listedSkus` SKUs makes: one
 * read per SKU (VTEX has no endpoint that returns many SKU contexts) and the id pages up to
 * the first page shorter than `pageSize`.
 * @param {{ listedSkus: number, pageSize?: number }} options
 * @returns {Record<string, number>} requests by sandbox route key
 */
function initialLoadRequests({ listedSkus, pageSize = 1000 }) {
	return {
		skuIdsBySalesChannel: Math.floor(listedSkus / pageSize) + 1,
		skuContext: listedSkus,
	};
}

/**
 * Computes a lower bound of a load's wall time in seconds: the time the slowest limit needs
 * for its requests once its burst is spent, plus one latency per dependent round trip.
 * @param {{ requestsByRoute: Record<string, number>, latencyMs: number,
 *   limits?: Array<{ name: string, routes: string[], ratePerSecond: number, burst: number }>,
 *   dependentRoundTrips?: number }} options
 */
function loadBound({
	requestsByRoute,
	latencyMs,
	limits = PUBLISHED_LIMITS,
	dependentRoundTrips = DEPENDENT_ROUND_TRIPS,
}) {
	const perLimit = limits.map((limit) => {
		const requests = limit.routes.reduce((sum, route) => sum + (requestsByRoute[route] ?? 0), 0);
		const seconds = Math.max(0, (requests - limit.burst) / limit.ratePerSecond);
		return { name: limit.name, requests, seconds };
	});

	const slowest = perLimit.reduce(
		(worst, entry) => (entry.seconds > worst.seconds ? entry : worst),
		{ name: 'none', requests: 0, seconds: 0 },
	);
	const latencySeconds = (dependentRoundTrips * latencyMs) / 1000;
	return {
		seconds: slowest.seconds + latencySeconds,
		limitedBy: slowest.name,
		latencySeconds,
		perLimit,
	};
}

module.exports = { PUBLISHED_LIMITS, DEPENDENT_ROUND_TRIPS, initialLoadRequests, loadBound };
