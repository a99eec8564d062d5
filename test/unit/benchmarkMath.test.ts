import { initialLoadRequests, loadBound } from '../../scripts/bench/bounds.js';
import { latencySummary, percentile, ratio } from '../../scripts/bench/statistics.js';
import { escapeXml, lineChartSvg, linearTicks } from '../../scripts/bench/svgChart.js';
import { MEMORY_CEILING_MIB, targetChecks } from '../../scripts/bench/targets.js';
import { TimeBudget } from '../../scripts/bench/timeBudget.js';

describe('percentile', () => {
	const values = [15, 20, 35, 40, 50];

	it.each([
		[5, 15],
		[20, 15],
		[30, 20],
		[40, 20],
		[50, 35],
		[95, 50],
		[100, 50],
	])('p%d of five values is %d', (p, expected) => {
		expect(percentile(values, p)).toBe(expected);
	});

	it('sorts a copy of the input', () => {
		const unsorted = [50, 15, 40, 20, 35];

		expect(percentile(unsorted, 50)).toBe(35);
		expect(unsorted).toEqual([50, 15, 40, 20, 35]);
	});

	it('p99 of 1000 values is the 990th', () => {
		const thousand = Array.from({ length: 1000 }, (_, index) => 1000 - index);

		expect(percentile(thousand, 99)).toBe(990);
	});

	it('rejects an empty list', () => {
		expect(() => percentile([], 50)).toThrow(RangeError);
	});

	it.each([0, -1, 101, Number.NaN])('rejects percentile %d', (p) => {
		expect(() => percentile([1, 2], p)).toThrow(RangeError);
	});

	it('summary has null fields without values', () => {
		expect(latencySummary([])).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
	});

	it('summary of one value', () => {
		expect(latencySummary([7])).toEqual({ count: 1, p50: 7, p95: 7, p99: 7, max: 7 });
	});
});

describe('ratio', () => {
	it('rounds to two decimals', () => {
		expect(ratio(2, 3)).toBe(0.67);
	});

	it.each([
		[null, 1],
		[1, null],
		[1, 0],
		[undefined, 1],
	])('is null for %p / %p', (value, reference) => {
		expect(ratio(value, reference)).toBeNull();
	});
});

describe('load bound', () => {
	it('counts id pages up to the first short page', () => {
		expect(initialLoadRequests({ listedSkus: 8800 })).toEqual({
			skuIdsBySalesChannel: 9,
			skuContext: 8800,
		});
		expect(initialLoadRequests({ listedSkus: 2000 }).skuIdsBySalesChannel).toBe(3);
		expect(initialLoadRequests({ listedSkus: 0 }).skuIdsBySalesChannel).toBe(1);
	});

	it('uses the slowest limit after its burst', () => {
		const bound = loadBound({
			requestsByRoute: { skuIdsBySalesChannel: 9, skuContext: 8800 },
			latencyMs: 40,
		});

		// (8800 - 250) / 250 = 34.2 s on the SKU endpoint, plus 4 round trips of 40 ms.
		expect(bound.seconds).toBeCloseTo(34.36, 6);
		expect(bound.limitedBy).toBe('Catalog, SKU endpoint');
		expect(bound.latencySeconds).toBeCloseTo(0.16, 6);
	});

	it('lets an account limit bind', () => {
		const bound = loadBound({
			requestsByRoute: { a: 100, b: 100 },
			latencyMs: 0,
			limits: [
				{ name: 'route a', routes: ['a'], ratePerSecond: 100, burst: 0 },
				{ name: 'account', routes: ['a', 'b'], ratePerSecond: 50, burst: 0 },
			],
		});

		expect(bound.seconds).toBe(4);
		expect(bound.limitedBy).toBe('account');
		expect(bound.perLimit.map((entry) => entry.requests)).toEqual([100, 200]);
	});

	it('is only latency within the burst', () => {
		const bound = loadBound({
			requestsByRoute: { skuIdsBySalesChannel: 1, skuContext: 100 },
			latencyMs: 40,
			dependentRoundTrips: 3,
		});

		expect(bound.seconds).toBeCloseTo(0.12, 6);
		expect(bound.limitedBy).toBe('none');
	});
});

describe('SVG line chart', () => {
	const chart = {
		title: 'Memory <peak>',
		xLabel: 'SKUs',
		yLabel: 'MiB',
		logX: true,
		series: [
			{
				name: 'main',
				points: [
					[1000, 400],
					[10000, 450],
					[100000, 470],
				] as Array<[number, number | null]>,
			},
			{
				name: 'main task runner',
				points: [
					[1000, 120],
					[10000, null],
					[100000, 130],
				] as Array<[number, number | null]>,
			},
		],
	};

	it('draws one polyline per series', () => {
		const svg = lineChartSvg(chart);
		const polylines = svg.match(/<polyline [^>]*points="([^"]*)"/g) ?? [];

		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
		expect(polylines).toHaveLength(2);
	});

	it('leaves null points out', () => {
		const svg = lineChartSvg(chart);
		const points = [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((match) =>
			match[1].split(' '),
		);

		expect(points[0]).toHaveLength(3);
		expect(points[1]).toHaveLength(2);
	});

	it('spaces a logarithmic axis evenly', () => {
		const svg = lineChartSvg(chart);
		const [first, second, third] = [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)][0][1]
			.split(' ')
			.map((point) => Number(point.split(',')[0]));

		expect(second - first).toBeCloseTo(third - second, 1);
	});

	it('puts larger values higher', () => {
		const svg = lineChartSvg(chart);
		const ys = [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)][0][1]
			.split(' ')
			.map((point) => Number(point.split(',')[1]));

		expect(ys[0]).toBeGreaterThan(ys[1]);
		expect(ys[1]).toBeGreaterThan(ys[2]);
	});

	it('escapes text', () => {
		const svg = lineChartSvg(chart);

		expect(svg).toContain('Memory &lt;peak&gt;');
		expect(svg).not.toContain('<peak>');
		expect(escapeXml('a & "b"')).toBe('a &amp; &quot;b&quot;');
	});

	it('rejects a chart without points', () => {
		expect(() =>
			lineChartSvg({ ...chart, series: [{ name: 'empty', points: [[1, null]] }] }),
		).toThrow(RangeError);
		expect(() => lineChartSvg({ ...chart, series: [] })).toThrow(RangeError);
	});

	it('rejects zero on a logarithmic axis', () => {
		expect(() => lineChartSvg({ ...chart, series: [{ name: 'zero', points: [[0, 1]] }] })).toThrow(
			RangeError,
		);
	});

	it('ticks cover the maximum', () => {
		expect(linearTicks(470)).toEqual([0, 100, 200, 300, 400, 500]);
		expect(linearTicks(7)).toEqual([0, 2, 4, 6, 8]);
		expect(linearTicks(0)).toEqual([0, 1]);
	});
});

describe('benchmark targets', () => {
	const memory = (main: number) => [
		{ role: 'main', pid: 1, peakRssMiB: main, hwmMiB: main },
		{ role: 'main task runner', pid: 2, peakRssMiB: 150, hwmMiB: 150 },
	];

	it('marks parts not run as not measured', () => {
		const checks = targetChecks({});

		expect(checks.length).toBeGreaterThan(0);
		for (const entry of checks) expect(entry.met).toBeNull();
	});

	it('judges memory growth between the largest sizes', () => {
		const open = {
			runs: [
				{ skus: 1000, run: { memory: memory(400) } },
				{ skus: 10000, run: { memory: memory(500) } },
				{ skus: 100000, run: { memory: memory(590) } },
			],
		};
		const [growth, ceiling] = targetChecks({ open }).filter((entry) =>
			entry.target.startsWith('c:'),
		);

		expect(growth.measured).toBe('18%');
		expect(growth.met).toBe(true);
		expect(ceiling.met).toBe(true);
	});

	it('fails memory above the ceiling', () => {
		const open = {
			runs: [
				{ skus: 10000, run: { memory: memory(900) } },
				{ skus: 100000, run: { memory: memory(MEMORY_CEILING_MIB + 1) } },
			],
		};
		const [growth, ceiling] = targetChecks({ open }).filter((entry) =>
			entry.target.startsWith('c:'),
		);

		expect(growth.met).toBe(false);
		expect(ceiling.met).toBe(false);
	});

	it('needs a 1.5 times speedup', () => {
		const run = (wallSeconds: number) => ({ wallSeconds, delivered: 10, eligible: 10, lost: 0 });
		const comparison = (template: number, tuned: number) => ({
			runs: { template: run(template), default: run(1), tuned: run(tuned) },
		});
		const speedup = (template: number, tuned: number) =>
			targetChecks({ comparison: comparison(template, tuned) })[1];

		expect(speedup(10, 15).met).toBe(true);
		expect(speedup(10, 14.9).met).toBe(false);
	});
});

describe('benchmark time budget', () => {
	const minute = 60000;

	it('cuts a timeout to what is left', () => {
		let now = 0;
		const budget = new TimeBudget(10, () => now);

		expect(budget.timeoutFor('first', 15 * minute)).toBe(9 * minute);
		now = 4 * minute;
		expect(budget.timeoutFor('second', 2 * minute)).toBe(2 * minute);
		expect(budget.skipped).toEqual([]);
	});

	it('skips a step that no longer fits', () => {
		let now = 0;
		const budget = new TimeBudget(10, () => now);
		now = 8.5 * minute;

		expect(budget.timeoutFor('late', 5 * minute)).toBeNull();
		expect(budget.timeoutFor('small', 0, { reserveMs: 0, minimumMs: minute })).toBe(0);
		expect(budget.skipped).toEqual(['late']);
	});

	it('has no end without a budget', () => {
		const budget = new TimeBudget(Infinity, () => 0);

		expect(budget.timeoutFor('any', 5 * minute)).toBe(5 * minute);
		expect(budget.remainingMs()).toBe(Infinity);
	});
});

describe('benchmark time budget slices', () => {
	const minute = 60000;

	it('ends no later than the whole', () => {
		let now = 0;
		const budget = new TimeBudget(10, () => now);
		now = 6 * minute;
		const part = budget.slice(8);

		expect(part.remainingMs()).toBe(4 * minute);
	});

	it('caps a part at its minutes', () => {
		const budget = new TimeBudget(10, () => 0);
		const part = budget.slice(3);

		expect(part.remainingMs()).toBe(3 * minute);
		expect(part.timeoutFor('load', 15 * minute)).toBe(2 * minute);
	});

	it('records skips in the whole', () => {
		const budget = new TimeBudget(10, () => 0);
		const part = budget.slice(1);

		expect(part.timeoutFor('too long', 5 * minute)).toBeNull();
		expect(budget.skipped).toEqual(['too long']);
	});
});

describe('benchmark time budget units', () => {
	it('returns whole milliseconds', () => {
		const budget = new TimeBudget(10, () => 0);

		expect(budget.timeoutFor('third', 600000 / 7, { reserveMs: 0 })).toBe(85714);
	});
});
