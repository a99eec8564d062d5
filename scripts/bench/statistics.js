'use strict';

/**
 * Returns the p-th percentile of the values by the nearest-rank method: the smallest value
 * that at least p percent of the values are less than or equal to. p is in (0, 100].
 * @param {number[]} values
 * @param {number} p
 */
function percentile(values, p) {
	if (!(p > 0 && p <= 100)) throw new RangeError(`Percentile ${p} is invalid: use 0 < p <= 100`);
	if (values.length === 0) throw new RangeError('Percentile of an empty list is undefined');

	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[rank - 1];
}

/**
 * Summarizes latencies in milliseconds: count, p50, p95, p99 and maximum.
 * @param {number[]} latenciesMs
 */
function latencySummary(latenciesMs) {
	if (latenciesMs.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
	return {
		count: latenciesMs.length,
		p50: percentile(latenciesMs, 50),
		p95: percentile(latenciesMs, 95),
		p99: percentile(latenciesMs, 99),
		max: Math.max(...latenciesMs),
	};
}

/**
 * Returns value / reference rounded to two decimals, or null when either is missing or the
 * reference is zero.
 * @param {number | null | undefined} value
 * @param {number | null | undefined} reference
 */
function ratio(value, reference) {
	if (value == null || reference == null || reference === 0) return null;
	return Math.round((value / reference) * 100) / 100;
}

module.exports = { percentile, latencySummary, ratio };
