'use strict';

/**
 * @typedef {object} MatchableRequest
 * @property {string} path
 * @property {Record<string, string | string[]>} query
 * @property {Record<string, string | string[] | undefined>} headers lower-case names
 * @property {string[]} skus
 */

/**
 * @typedef {object} RequestMatch
 * @property {Record<string, string>} [query] parameters that must be present with these values
 * @property {string | number} [sku] a SKU the request must concern
 * @property {Record<string, string>} [header] headers that must be present with these values
 * @property {string} [path] the exact path
 */

/**
 * @param {string | string[] | undefined} value
 * @returns {string | undefined}
 */
function firstValue(value) {
	return Array.isArray(value) ? value[0] : value;
}

/**
 * Tests a request, live or from the journal, against a `match` object of the scenario format.
 * A missing match matches every request.
 * @param {RequestMatch | undefined} match
 * @param {MatchableRequest} request
 */
function requestMatches(match, request) {
	if (!match) return true;
	if (match.path !== undefined && request.path !== match.path) return false;
	if (match.sku !== undefined && !request.skus.includes(String(match.sku))) return false;
	for (const [name, expected] of Object.entries(match.query ?? {})) {
		if (firstValue(request.query[name]) !== String(expected)) return false;
	}
	for (const [name, expected] of Object.entries(match.header ?? {})) {
		if (firstValue(request.headers[name.toLowerCase()]) !== String(expected)) return false;
	}
	return true;
}

/**
 * Numbers the requests that a rule applies to. With a `match`, only matching requests count,
 * as the scenario format requires. Without one, every request of the route counts.
 */
class RuleCounter {
	constructor() {
		/** @type {Map<object, number>} */
		this.counts = new Map();
	}

	/**
	 * Returns the number of this request for the rule, or 0 when the rule does not apply.
	 * @param {{route: string, match?: RequestMatch}} rule
	 * @param {string} route
	 * @param {MatchableRequest} request
	 */
	next(rule, route, request) {
		if (rule.route !== route || !requestMatches(rule.match, request)) return 0;
		const count = (this.counts.get(rule) ?? 0) + 1;
		this.counts.set(rule, count);
		return count;
	}
}

module.exports = { requestMatches, RuleCounter, firstValue };
