'use strict';

/**
 * Turns the results of a benchmark run into a flat list of measurements: name, value, unit,
 * and a baseline or bound with the ratio value / reference.
 */

const { ratio } = require('./statistics');

/**
 * @typedef {{ name: string, value: number | null, unit: string, baseline?: number | null,
 *   baselineName?: string, bound?: number | null, boundName?: string, ratio?: number | null,
 *   note?: string }} Measurement
 */

/**
 * @param {string} name
 * @param {number | null} value
 * @param {string} unit
 * @param {Partial<Measurement>} [extra]
 * @returns {Measurement}
 */
function measurement(name, value, unit, extra = {}) {
	const reference = extra.baseline ?? extra.bound;
	return {
		name,
		value,
		unit,
		...extra,
		...(reference === undefined ? {} : { ratio: ratio(value, reference) }),
	};
}

/** @param {number} value */
function seconds(value) {
	return Math.round(value * 10) / 10;
}

/**
 * Peak resident memory per process role of one load, the largest process of each role.
 * @param {Array<{ role: string, peakRssMiB: number }>} memory
 */
function peakByRole(memory) {
	/** @type {Record<string, number>} */
	const peaks = {};
	for (const entry of memory)
		peaks[entry.role] = Math.max(peaks[entry.role] ?? 0, entry.peakRssMiB);
	return peaks;
}

/**
 * @param {Record<string, any>} comparison
 * @returns {Measurement[]}
 */
function comparisonMeasurements(comparison) {
	const { template, default: plain, tuned } = comparison.runs;
	const size = comparison.skus.toLocaleString('en-US');
	const reference = tuned
		? { baseline: seconds(tuned.wallSeconds), baselineName: 'hand-tuned built-in nodes' }
		: {};
	const list = [
		measurement(`a: ${size} SKUs, template, wall time`, seconds(template.wallSeconds), 's', {
			...reference,
			note: template.error ? `did not finish: ${template.error}` : undefined,
		}),
	];
	for (const [label, run] of [
		['template', template],
		['built-in nodes with default settings', plain],
		['hand-tuned built-in nodes', tuned],
	]) {
		if (!run) continue;
		list.push(
			measurement(`a: ${size} SKUs, ${label}, SKUs delivered`, run.delivered, 'SKUs', {
				bound: run.eligible,
				boundName: 'eligible SKUs',
			}),
		);
	}
	if (plain) {
		list.push(
			measurement(
				`a: ${size} SKUs, built-in nodes with default settings, wall time`,
				seconds(plain.wallSeconds),
				's',
				{
					...reference,
					note: plain.error ? `execution failed: ${plain.error}` : 'execution succeeded',
				},
			),
		);
	}
	return list;
}

/**
 * @param {Record<string, any>} bound
 * @param {Record<string, any> | undefined} open
 * @returns {Measurement[]}
 */
function boundMeasurements(bound, open) {
	const size = bound.skus.toLocaleString('en-US');
	const list = [
		measurement(
			`b: ${size} SKUs, template, single process, wall time`,
			seconds(bound.run.wallSeconds),
			's',
			{
				bound: seconds(bound.bound.seconds),
				boundName: `published limits and ${bound.latencyMs} ms latency`,
			},
		),
		measurement(`b: ${size} SKUs, template, SKUs delivered`, bound.run.delivered, 'SKUs', {
			bound: bound.run.eligible,
			boundName: 'eligible SKUs',
		}),
	];
	const floor = open?.runs.find((/** @type {any} */ entry) => entry.skus === bound.skus);
	if (floor) {
		list.push(
			measurement(
				`b: ${size} SKUs, template, no latency and no limits (CPU floor)`,
				seconds(floor.run.wallSeconds),
				's',
				{
					bound: seconds(bound.bound.seconds),
					boundName: `published limits and ${bound.latencyMs} ms latency`,
				},
			),
		);
	}
	if (bound.queueMode) {
		list.push(
			measurement(
				`b: ${size} SKUs, template, queue mode, wall time`,
				seconds(bound.queueMode.wallSeconds),
				's',
				{
					bound: seconds(bound.bound.seconds),
					boundName: `published limits and ${bound.latencyMs} ms latency`,
				},
			),
		);
	}
	return list;
}

/**
 * @param {Record<string, any>} open
 * @returns {Measurement[]}
 */
function openMeasurements(open) {
	const list = [];
	for (const { skus, run } of open.runs) {
		const size = skus.toLocaleString('en-US');
		list.push(
			measurement(`c: ${size} SKUs, wall time`, seconds(run.wallSeconds), 's', {
				note: run.error ? `did not finish: ${run.error}` : undefined,
			}),
		);
		for (const [role, peak] of Object.entries(peakByRole(run.memory))) {
			list.push(measurement(`c: ${size} SKUs, peak resident memory, ${role}`, peak, 'MiB'));
		}
	}
	const [small, large] = [open.runs.at(-2), open.runs.at(-1)];
	if (small && large && small !== large) {
		const smallPeak = peakByRole(small.run.memory).main;
		const largePeak = peakByRole(large.run.memory).main;
		list.push(
			measurement(
				`c: main process peak memory, ${large.skus.toLocaleString('en-US')} against ${small.skus.toLocaleString('en-US')} SKUs`,
				largePeak ?? null,
				'MiB',
				{ baseline: smallPeak ?? null, baselineName: `${small.skus.toLocaleString('en-US')} SKUs` },
			),
		);
	}
	return list;
}

/**
 * @param {Record<string, any>} trigger
 * @returns {Measurement[]}
 */
function triggerMeasurements(trigger) {
	const list = [];
	const { sweep, reads } = trigger;
	list.push(
		measurement(
			'd: notifications per second sustained with nothing lost, single process',
			sweep.sustainedPerSecond,
			'1/s',
		),
	);
	const best = sweep.steps.find(
		(/** @type {any} */ step) => step.ratePerSecond === sweep.sustainedPerSecond,
	);
	if (best) {
		for (const key of ['p50', 'p95', 'p99']) {
			list.push(
				measurement(
					`d: acknowledgement latency ${key} at ${best.ratePerSecond}/s`,
					best.latencyMs[key],
					'ms',
				),
			);
		}
	}
	if (trigger.queueMode) {
		list.push(
			measurement(
				'd: notifications per second sustained with nothing lost, queue mode',
				trigger.queueMode.sustainedPerSecond,
				'1/s',
			),
		);
	}
	list.push(
		measurement(
			`d: VTEX requests to apply ${reads.notifications.toLocaleString('en-US')} notifications over ${reads.skus.toLocaleString('en-US')} SKUs`,
			reads.vtexReads,
			'requests',
			{ bound: reads.skus, boundName: 'one SKU read per SKU' },
		),
	);
	return list;
}

/**
 * Builds every measurement that the results contain.
 * @param {Record<string, any>} results
 * @returns {Measurement[]}
 */
function buildMeasurements(results) {
	return [
		...(results.comparison ? comparisonMeasurements(results.comparison) : []),
		...(results.bound ? boundMeasurements(results.bound, results.open) : []),
		...(results.open ? openMeasurements(results.open) : []),
		...(results.trigger ? triggerMeasurements(results.trigger) : []),
	];
}

module.exports = { buildMeasurements, peakByRole, measurement };
