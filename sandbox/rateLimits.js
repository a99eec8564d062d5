'use strict';

/**
 * @typedef {object} WindowLimit
 * @property {string} route
 * @property {'window'} type
 * @property {number} max requests accepted per window
 * @property {number} windowMs
 * @property {number} [retryAfterSeconds]
 */

/**
 * @typedef {object} BucketLimit
 * @property {string} route
 * @property {'bucket'} type
 * @property {number} ratePerSecond refill rate
 * @property {number} burst capacity
 * @property {number} [retryAfterSeconds]
 * @property {boolean} [headers] send Ratelimit-* headers on every response of the route
 */

/**
 * Rate limits of one loaded scenario. Time is in milliseconds on a monotonic clock.
 *
 * A window limit rejects a request when `max` requests were accepted in the preceding
 * `windowMs`. A bucket starts full, refills continuously, and rejects a request when less than
 * one whole token is left. A rejected request takes no token and does not count as accepted.
 */
class RateLimiter {
	/**
	 * @param {(WindowLimit | BucketLimit)[]} rules
	 * @param {number} startMs
	 */
	constructor(rules, startMs) {
		this.rules = rules.map((rule) => ({
			rule,
			/** accepted request times, for window limits */
			acceptedMs: /** @type {number[]} */ ([]),
			tokens: rule.type === 'bucket' ? rule.burst : 0,
			refilledMs: startMs,
		}));
	}

	/**
	 * @param {(typeof this.rules)[number]} state
	 * @param {number} nowMs
	 */
	refill(state, nowMs) {
		const rule = /** @type {BucketLimit} */ (state.rule);
		const elapsedSeconds = (nowMs - state.refilledMs) / 1000;
		state.tokens = Math.min(rule.burst, state.tokens + elapsedSeconds * rule.ratePerSecond);
		state.refilledMs = nowMs;
	}

	/**
	 * Decides whether a request on the route is accepted, and takes its token or window slot.
	 * @param {string} route
	 * @param {number} nowMs
	 * @returns {{retryAfterSeconds: number} | null} null when accepted
	 */
	admit(route, nowMs) {
		const states = this.rules.filter((state) => state.rule.route === route);
		for (const state of states) {
			const rule = state.rule;
			if (rule.type === 'window') {
				state.acceptedMs = state.acceptedMs.filter((time) => time > nowMs - rule.windowMs);
				if (state.acceptedMs.length >= rule.max)
					return { retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
			} else {
				this.refill(state, nowMs);
				if (state.tokens < 1) return { retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
			}
		}
		// Only an accepted request uses capacity, so every limit of the route is checked first.
		for (const state of states) {
			if (state.rule.type === 'window') state.acceptedMs.push(nowMs);
			else state.tokens -= 1;
		}
		return null;
	}

	/**
	 * Returns the Ratelimit-* headers of the route's bucket limits that ask for them.
	 * @param {string} route
	 * @param {number} nowMs
	 * @returns {Record<string, string>}
	 */
	headers(route, nowMs) {
		/** @type {Record<string, string>} */
		const headers = {};
		for (const state of this.rules) {
			const rule = state.rule;
			if (rule.route !== route || rule.type !== 'bucket' || !rule.headers) continue;
			this.refill(state, nowMs);
			headers['Ratelimit-Limit'] = String(rule.burst);
			headers['Ratelimit-Remaining'] = String(Math.floor(state.tokens));
			headers['Ratelimit-Reset'] = String(
				Math.ceil((rule.burst - state.tokens) / rule.ratePerSecond),
			);
		}
		return headers;
	}
}

module.exports = { RateLimiter };
