'use strict';

/**
 * @typedef {object} Fault
 * @property {string} route
 * @property {import('./match').RequestMatch} [match]
 * @property {[number, number | null]} [calls] inclusive range of request numbers
 * @property {number} [status] response sent instead of the normal one
 * @property {Record<string, string>} [headers]
 * @property {unknown} [body] a string is sent as it is, anything else as JSON
 * @property {number} [delayMs]
 */

/**
 * Numbers the request for every fault of its route and returns the first fault whose `calls`
 * range contains its number, or null. Every fault's numbering advances, even when an earlier
 * fault applies, because the format numbers every request whatever its response.
 *
 * @param {Fault[]} faults
 * @param {import('./match').RuleCounter} counter
 * @param {string} route
 * @param {import('./match').MatchableRequest} request
 * @returns {Fault | null}
 */
function selectFault(faults, counter, route, request) {
	let selected = null;
	for (const fault of faults) {
		const number = counter.next(fault, route, request);
		if (number === 0 || selected) continue;
		const [first, last] = fault.calls ?? [1, null];
		if (number >= first && (last === null || number <= last)) selected = fault;
	}
	return selected;
}

module.exports = { selectFault };
