'use strict';

/**
 * The project's performance targets, checked against one benchmark run. A target whose part
 * did not run is reported as not measured, never as met.
 */

const { peakByRole } = require('./measurements');

/** 1.2 GB (decimal) in MiB, the per-process memory ceiling. */
const MEMORY_CEILING_MIB = Math.floor(1.2e9 / 2 ** 20);

/**
 * @param {string} target
 * @param {boolean | null} met null when not measured
 * @param {string} measured
 */
function check(target, met, measured) {
	return { target, met, measured };
}

/** @param {Record<string, any> | undefined} comparison */
function comparisonChecks(comparison) {
	if (!comparison) {
		return [
			check('a: the template delivers every SKU without tuning', null, 'not measured'),
			check(
				'a: the template is at least 1.5 times as fast as the hand-tuned baseline',
				null,
				'not measured',
			),
		];
	}
	const { template, tuned } = comparison.runs;
	const speedup = tuned ? tuned.wallSeconds / template.wallSeconds : null;
	return [
		check(
			'a: the template delivers every SKU without tuning',
			template.delivered === template.eligible && !template.error,
			`${template.delivered} of ${template.eligible}`,
		),
		speedup === null
			? check(
					'a: the template is at least 1.5 times as fast as the hand-tuned baseline',
					null,
					'the hand-tuned baseline did not run',
				)
			: check(
					'a: the template is at least 1.5 times as fast as the hand-tuned baseline',
					speedup >= 1.5 && !template.error,
					`${speedup.toFixed(2)} times${tuned.lost > 0 ? `, and the baseline lost ${tuned.lost} SKUs` : ''}`,
				),
	];
}

/** @param {Record<string, any> | undefined} bound */
function boundChecks(bound) {
	if (!bound) return [check('b: wall time within 1.2 times the bound', null, 'not measured')];
	const ratio = bound.run.wallSeconds / bound.bound.seconds;
	return [
		check(
			'b: wall time within 1.2 times the bound, single process',
			ratio <= 1.2 && bound.run.delivered === bound.run.eligible,
			`${ratio.toFixed(2)} times`,
		),
		check(
			'b: wall time within 1.2 times the bound, queue mode',
			bound.queueMode ? bound.queueMode.wallSeconds / bound.bound.seconds <= 1.2 : null,
			bound.queueMode
				? `${(bound.queueMode.wallSeconds / bound.bound.seconds).toFixed(2)} times`
				: 'not measured',
		),
	];
}

/** @param {Record<string, any> | undefined} open */
function openChecks(open) {
	const finished = open ? open.runs.filter((/** @type {any} */ entry) => !entry.run.error) : [];
	const checks = [];
	if (finished.length >= 2) {
		const [small, large] = finished.slice(-2);
		const growth = peakByRole(large.run.memory).main / peakByRole(small.run.memory).main - 1;
		checks.push(
			check(
				`c: main process memory grows under 20% from ${small.skus} to ${large.skus} SKUs`,
				growth < 0.2,
				`${Math.round(growth * 100)}%`,
			),
		);
	} else {
		checks.push(
			check('c: memory grows under 20% between the two largest sizes', null, 'not measured'),
		);
	}
	const peaks = open
		? open.runs.flatMap((/** @type {any} */ entry) =>
				entry.run.memory.map((/** @type {any} */ m) => m.peakRssMiB),
			)
		: [];
	checks.push(
		check(
			`c: every n8n process stays under 1.2 GB (${MEMORY_CEILING_MIB} MiB)`,
			peaks.length ? Math.max(...peaks) < MEMORY_CEILING_MIB : null,
			peaks.length ? `largest ${Math.max(...peaks)} MiB` : 'not measured',
		),
	);
	return checks;
}

/** @param {Record<string, any> | undefined} trigger */
function triggerChecks(trigger) {
	if (!trigger) {
		return [
			check('d: at least 100 notifications per second with p99 under 250 ms', null, 'not measured'),
			check(
				'd: at most 1,100 VTEX requests for 10,000 notifications over 1,000 SKUs',
				null,
				'not measured',
			),
		];
	}
	const { sweep, reads } = trigger;
	const fast = sweep.steps.filter(
		(/** @type {any} */ step) =>
			step.lost === 0 && step.delayedSends === 0 && step.latencyMs.p99 < 250,
	);
	const best = fast.length
		? Math.max(...fast.map((/** @type {any} */ step) => step.ratePerSecond))
		: 0;
	const readLimit = Math.round(reads.skus * 1.1);
	return [
		check(
			'd: at least 100 notifications per second with p99 under 250 ms, single process',
			best >= 100,
			`${best} per second`,
		),
		check(
			`d: at most ${readLimit} VTEX requests for ${reads.notifications} notifications over ${reads.skus} SKUs`,
			reads.vtexReads <= readLimit,
			`${reads.vtexReads}`,
		),
	];
}

/**
 * Checks every target against the results.
 * @param {Record<string, any>} results
 * @returns {Array<{ target: string, met: boolean | null, measured: string }>}
 */
function targetChecks(results) {
	return [
		...comparisonChecks(results.comparison),
		...boundChecks(results.bound),
		...openChecks(results.open),
		...triggerChecks(results.trigger),
	];
}

module.exports = { targetChecks, MEMORY_CEILING_MIB };
