'use strict';

/**
 * The time budget of a benchmark run: each step gets a timeout from what is left, and a step
 * that no longer fits is skipped and recorded, so the run ends near its budget with what fit.
 */
class TimeBudget {
	/**
	 * @param {number} totalMinutes Infinity for no budget
	 * @param {() => number} [now] clock in milliseconds
	 */
	constructor(totalMinutes, now = Date.now) {
		this.now = now;
		this.totalMinutes = totalMinutes;
		this.deadline = now() + totalMinutes * 60 * 1000;
		/** @type {string[]} */
		this.skipped = [];
	}

	/**
	 * Returns a budget of at most `minutes` that ends no later than this one and records its
	 * skipped steps here, so that one part of a run cannot take the time of the parts after it.
	 * @param {number} minutes
	 */
	slice(minutes) {
		const part = new TimeBudget(minutes, this.now);
		part.deadline = Math.min(part.deadline, this.deadline);
		part.skipped = this.skipped;
		return part;
	}

	remainingMs() {
		return Math.max(0, this.deadline - this.now());
	}

	/**
	 * Returns a step's timeout: `plannedMs`, cut to what is left after `reserveMs`. Returns null,
	 * and records the step as skipped, when less than `minimumMs` would be left for it.
	 * @param {string} step what the report calls the step
	 * @param {number} plannedMs
	 * @param {{ reserveMs?: number, minimumMs?: number }} [options] `reserveMs` keeps time for
	 *   stopping n8n and writing the report
	 */
	timeoutFor(step, plannedMs, { reserveMs = 60000, minimumMs = 60000 } = {}) {
		const available = this.remainingMs() - reserveMs;
		if (available < minimumMs) {
			this.skipped.push(step);
			return null;
		}
		// Whole milliseconds, because timers and AbortSignal.timeout reject fractions.
		return Math.floor(Math.min(plannedMs, available));
	}
}

module.exports = { TimeBudget };
