'use strict';

/**
 * Writes a benchmark run as benchmarks.json (every measurement and the raw results),
 * benchmarks.md and, with part c, two SVG charts.
 */

const fs = require('node:fs');
const path = require('node:path');
const { buildMeasurements, peakByRole } = require('./measurements');
const { lineChartSvg } = require('./svgChart');
const { PUBLISHED_LIMITS, DEPENDENT_ROUND_TRIPS } = require('./bounds');
const { ratio } = require('./statistics');
const { targetChecks } = require('./targets');

/** @param {number | null | undefined} value */
function format(value) {
	if (value === null || value === undefined) return '-';
	return typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
}

/**
 * @param {string[]} header
 * @param {Array<Array<unknown>>} rows
 */
function table(header, rows) {
	const line = (/** @type {unknown[]} */ cells) =>
		`| ${cells.map((cell) => String(cell)).join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Formats the one-minute load average before and after a load, or '-' for older results.
 * @param {{ loadAverage?: number[] }} run
 */
function loadAverage(run) {
	return run.loadAverage ? run.loadAverage.join(' → ') : '-';
}

/** @param {Record<string, any>} results */
function headerSection(results) {
	const start = results.machineAtStart;
	const end = results.machineAtEnd;
	const versions = results.versions;
	return [
		'# Benchmarks',
		'',
		'Measured by `scripts/bench.js` in a real n8n against the VTEX sandbox (`sandbox/`). ' +
			'Every figure on this page comes from the single run described here; ' +
			'`benchmarks.json` holds the same run as data.',
		'',
		table(
			['', ''],
			[
				[
					'Command',
					`\`${results.command}\` (${results.mode} run, parts ${results.parts.join(', ')})`,
				],
				[
					'Started, finished',
					`${results.startedAt}, ${results.finishedAt} (${results.totalMinutes} min)`,
				],
				['Machine', `${start.cpus} x ${start.cpuModel}, ${start.memoryGiB} GiB, ${start.kernel}`],
				['Failures', results.failures?.length ? results.failures.join('; ') : 'none'],
				[
					'Time budget',
					`${format(results.budgetMinutes)} min; skipped for lack of time: ${
						results.skippedForTime?.length ? results.skippedForTime.join('; ') : 'nothing'
					}`,
				],
				[
					'Load average (1, 5, 15 min)',
					`start ${start.loadAverage.join(', ')}; end ${end.loadAverage.join(', ')}`,
				],
				[
					'n8n',
					`${versions.n8n} on Node ${versions.nodeForN8n}; one process on SQLite, queue mode on PostgreSQL and Redis`,
				],
				[
					'Package',
					`${versions.package} at commit ${versions.commit}${versions.uncommittedChanges ? ' with uncommitted changes' : ''}`,
				],
			],
		),
		'',
		'The sandbox and the benchmark driver run in one Node process beside n8n on the same ' +
			'machine, so they take CPU from n8n. The tables give the one-minute load average before ' +
			'and after each load: above the number of processors, other work shared the machine and ' +
			'the times are longer than on an idle one.',
	].join('\n');
}

function conditionsSection() {
	const rows = PUBLISHED_LIMITS.map((limit) => [
		limit.name,
		limit.routes.join(', '),
		`${limit.ratePerSecond}/s`,
		limit.burst,
		limit.routes.length === 1 ? 'yes' : 'no (see below)',
	]);
	return [
		'## Conditions',
		'',
		"Parts a and b use VTEX's published Catalog limits (15,000 requests per minute per " +
			'endpoint, 45,000 per account) as token buckets, and delay every sandbox response by 40 ms, ' +
			'marketplace included. A throttled request gets 429 with `Retry-After: 1`.',
		'',
		table(['Limit', 'Routes', 'Rate', 'Burst', 'Enforced by the sandbox'], rows),
		'',
		'VTEX publishes no burst size, so a bucket holds one second of requests. The sandbox limits ' +
			'each route on its own, so the account limit is not enforced; the two Catalog routes together ' +
			'cannot exceed it. VTEX publishes no limit for the fulfillment simulation, so it is not ' +
			"limited. The package's nodes still pace themselves at their defaults (Catalog 225/s, " +
			'simulation 20/s with 50 SKUs per request).',
		'',
		'The catalog is the one of `npm run demo`: generated SKUs, 12% outside sales channel 2 (never ' +
			'listed), 6% inactive and 3% of inactive products (listed and read, not sent). The ' +
			'marketplace double assigns its own offer ids. Before every load the sandbox is reloaded and ' +
			'every Data Table emptied, so each load starts from an empty marketplace.',
	].join('\n');
}

/** @param {Record<string, any>} comparison */
function comparisonSection(comparison) {
	const labels = {
		template: 'Template `workflows/initial-load.json`',
		default: 'Built-in nodes, default settings (`bench/baseline-default.json`)',
		tuned: 'Built-in nodes, hand-tuned (`bench/baseline-tuned.json`)',
	};
	const rows = Object.entries(comparison.runs).map(([workflow, run]) => [
		labels[/** @type {'template'} */ (workflow)],
		format(Math.round(run.wallSeconds * 10) / 10),
		`${format(run.delivered)} of ${format(run.eligible)}`,
		format(run.lost),
		format(run.throttled),
		format(run.extraSends),
		run.error ? `failed: ${run.error}` : 'succeeded',
		loadAverage(run),
	]);
	const speedup = comparison.runs.tuned
		? ratio(comparison.runs.tuned.wallSeconds, comparison.runs.template.wallSeconds)
		: null;
	return [
		`## a. Initial load of ${format(comparison.skus)} SKUs against built-in nodes`,
		'',
		table(
			[
				'Workflow',
				'Wall time (s)',
				'Delivered',
				'Lost',
				'429s',
				'Extra sends',
				'Execution',
				'Load average',
			],
			rows,
		),
		'',
		`"Delivered" counts eligible SKUs whose offer has the catalog's price and stock. ` +
			(speedup === null
				? 'The hand-tuned baseline did not run, for lack of time.'
				: `The hand-tuned baseline took ${format(speedup)} times as long as the template.`),
		'',
		'### How the baselines were built',
		'',
		'Both are what an n8n user builds from built-in nodes for the same job, without this package, ' +
			'and do less than the template: no log entries, no id map, no category map, no deactivation ' +
			"of offers whose SKU became ineligible. A Webhook starts them. VTEX's key headers come from " +
			'one Custom Auth credential.',
		'',
		'1. **List SKU IDs**: HTTP Request on `stockkeepingunitidsbysaleschannel?sc=2&pageSize=1000` with ' +
			'its Pagination option (page = `$pageCount + 1`, complete when the response is empty) and ' +
			'Full Response on, because the endpoint returns a bare JSON array.',
		'2. **Split Out** on `body`: one item per SKU id.',
		'3. **Get SKU**: HTTP Request per SKU on `stockkeepingunitbyid/{id}`.',
		'4. **Eligible?**: If node, SKU active, product active and sales channel 2 listed.',
		'5. **Get price and stock**: HTTP Request per SKU, POST to the fulfillment simulation with one item.',
		'6. **Build offer**: Edit Fields, title from the SKU, price and list price divided by 100, stock ' +
			'from `logisticsInfo`.',
		'7. **Send offer**: HTTP Request per offer, POST to the marketplace.',
		'',
		'The default baseline keeps every setting at its default. The hand-tuned one changes only ' +
			'settings a user finds on the nodes: **Get SKU** has Batching of 5 items every 25 ms ' +
			'(200 requests per second, 80% of the per-endpoint limit, because Batching only spaces out ' +
			'dispatch and does not wait for responses). The three VTEX requests have Retry On Fail ' +
			"with 5 tries 5 s apart (n8n's maximum for both). **Get SKU**, **Get price and stock** and " +
			'**Send offer** time out after 30 s, and **List SKU IDs** stops after 1,000 pages. ' +
			'**Send offer** is not retried, because n8n retries a whole node and a second create of an ' +
			'offer fails with 409. The ' +
			'simulation is not spaced out, because VTEX publishes no limit for it.',
	].join('\n');
}

/**
 * @param {Record<string, any>} bound
 * @param {Record<string, any> | undefined} open
 * @param {string} queueNote why queue mode was not measured
 */
function boundSection(bound, open, queueNote) {
	const floor = open?.runs.find((/** @type {any} */ entry) => entry.skus === bound.skus);
	const row = (/** @type {string} */ setup, /** @type {any} */ run) => [
		setup,
		format(Math.round(run.wallSeconds * 10) / 10),
		format(Math.round(bound.bound.seconds * 10) / 10),
		format(ratio(run.wallSeconds, bound.bound.seconds)),
		`${format(run.delivered)} of ${format(run.eligible)}`,
		format(run.throttled),
		loadAverage(run),
	];
	const rows = [
		row('Single process', bound.run),
		bound.queueMode
			? row('Queue mode', bound.queueMode)
			: ['Queue mode', 'not measured', '', '', '', '', ''],
	];
	const perLimit = bound.bound.perLimit
		.map(
			(/** @type {any} */ entry) =>
				`${entry.name}: ${format(entry.requests)} requests, ${format(Math.round(entry.seconds * 10) / 10)} s`,
		)
		.join('; ');
	return [
		`## b. ${format(bound.skus)} SKUs against the bound of the limits`,
		'',
		table(
			['Setup', 'Wall time (s)', 'Bound (s)', 'Ratio', 'Delivered', '429s', 'Load average'],
			rows,
		),
		'',
		`The bound is the least time any client needs: each Catalog limit's requests beyond its burst ` +
			`at its rate, for the slowest limit, plus ${DEPENDENT_ROUND_TRIPS} dependent round trips of ` +
			`${bound.latencyMs} ms (id page, SKU, simulation, offer). Every listed SKU is read once, since ` +
			`VTEX has no endpoint that returns many SKUs with their context. Here: ${perLimit}; limited by ` +
			`"${bound.bound.limitedBy}".`,
		'',
		floor
			? `Without latency or limits (part c) the same load took ${format(Math.round(floor.run.wallSeconds * 10) / 10)} s: ` +
				"that is n8n's own cost per item and the floor under any tuning of pacing."
			: 'The CPU floor (the same load without latency or limits) was not measured in this run.',
		bound.queueMode ? '' : `\nQueue mode was not measured: ${queueNote}.`,
	].join('\n');
}

/**
 * @param {Record<string, any>} open
 * @param {string[]} chartFiles
 */
function openSection(open, chartFiles) {
	const roles = [
		...new Set(
			open.runs.flatMap((/** @type {any} */ entry) =>
				entry.run.memory.map((/** @type {any} */ m) => m.role),
			),
		),
	];
	const rows = open.runs.map((/** @type {any} */ { skus, run, timeoutSeconds }) => {
		const peaks = peakByRole(run.memory);
		return [
			format(skus),
			format(Math.round(run.wallSeconds * 10) / 10),
			`${format(run.delivered)} of ${format(run.eligible)}`,
			...roles.map((role) => format(peaks[role])),
			run.error ? `did not finish within ${format(timeoutSeconds)} s: ${run.error}` : 'finished',
			loadAverage(run),
		];
	});
	return [
		'## c. Without latency or limits: wall time and peak memory',
		'',
		table(
			[
				'SKUs',
				'Wall time (s)',
				'Delivered',
				...roles.map((role) => `Peak RSS ${role} (MiB)`),
				'Load',
				'Load average',
			],
			rows,
		),
		'',
		`Each size ran on a freshly started n8n, so a process's peak belongs to one load. Peak RSS is ` +
			'the highest VmRSS sampled every 250 ms from `/proc/<pid>/status` during the load, for the ' +
			'main process and each of its child processes (the JavaScript task runner). The VTEX nodes ' +
			`had Requests per Second set to ${format(open.requestsPerSecond)}, so that n8n's own cost, ` +
			`not the nodes' pacing, sets the time. A load that outlasts its share of the run's time budget is stopped, and the table says so.`,
		'',
		...chartFiles.map((file) => `![${file}](${file})`),
	].join('\n');
}

/**
 * @param {Record<string, any>} trigger
 * @param {string} queueNote why queue mode was not measured
 */
function triggerSection(trigger, queueNote) {
	const { sweep, reads, queueMode } = trigger;
	const stepRow = (/** @type {string} */ setup, /** @type {any} */ step) => [
		setup,
		format(step.ratePerSecond),
		format(step.achievedPerSecond),
		`${format(step.acknowledged)} of ${format(step.sent)}`,
		format(step.missingRows),
		format(step.delayedSends),
		format(step.latencyMs.p50),
		format(step.latencyMs.p95),
		format(step.latencyMs.p99),
		format(step.latencyMs.max),
	];
	const rows = [
		...sweep.steps.map((/** @type {any} */ step) => stepRow('single process', step)),
		...(queueMode
			? queueMode.steps.map((/** @type {any} */ step) => stepRow('queue mode', step))
			: []),
	];
	const sentCount =
		reads.planned > reads.notifications
			? `${format(reads.notifications)} (of ${format(reads.planned)} planned, because sending stops after a time limit)`
			: format(reads.notifications);
	const queueSentence = queueMode
		? `queue mode (main process receiving, two workers executing): ${format(queueMode.sustainedPerSecond)} per second.`
		: `queue mode was not measured (${queueNote}).`;
	const readRoutes = Object.entries(reads.readsByRoute)
		.map(([route, count]) => `${route} ${format(count)}`)
		.join(', ');
	return [
		'## d. Notifications',
		'',
		'Each step POSTs one notification per SKU, every one to its scheduled time (open loop, at most ' +
			'256 open requests), to the VTEX Trigger of `workflows/notifications-receive.json`, then waits ' +
			'until `vtex_pending` has a row for every SKU. A notification is lost when it was not ' +
			'acknowledged with 200 or its row never appeared. The sweep stops after the first step that ' +
			'loses one.',
		'',
		table(
			[
				'Setup',
				'Rate (1/s)',
				'Sent (1/s)',
				'Acknowledged',
				'Rows missing',
				'Sends delayed',
				'p50 (ms)',
				'p95 (ms)',
				'p99 (ms)',
				'max (ms)',
			],
			rows,
		),
		'',
		`Sustained with nothing lost: single process ${format(sweep.sustainedPerSecond)} per second; ` +
			queueSentence,
		'',
		`Reads: notifications of data, price and stock changes, ${sentCount}, over ` +
			`${format(reads.skus)} SKUs, sent 16 at a time, were acknowledged at ${format(reads.acknowledgedPerSecond)} per second ` +
			`(${format(reads.acknowledged)} acknowledged; p50 ${format(reads.latencyMs.p50)} ms, p99 ${format(reads.latencyMs.p99)} ms) ` +
			`and left ${format(reads.pendingRows)} rows in \`vtex_pending\`. ` +
			`\`workflows/notifications-apply.json\` then ran ${format(reads.applyRuns)} times and made ${format(reads.vtexReads)} VTEX requests ` +
			`(${readRoutes}) in ${format(Math.round(reads.applySeconds * 10) / 10)} s, left ${format(reads.leftPending)} rows, ` +
			`and the marketplace double differed from the catalog on ${format(reads.marketplaceProblems)} SKUs.`,
	].join('\n');
}

/** @param {Record<string, any>} results */
function targetSection(results) {
	const verdict = (/** @type {boolean | null} */ met) => {
		if (met === null) return 'not measured';
		return met ? 'met' : 'not met';
	};
	const rows = targetChecks(results).map((entry) => [
		entry.target,
		entry.measured,
		verdict(entry.met),
	]);
	return [
		'## Targets',
		'',
		'The project set these targets for the package. A quick run uses smaller sizes, so its ' +
			'verdicts do not speak for the full sizes.',
		'',
		table(['Target', 'Measured', 'Verdict'], rows),
	].join('\n');
}

/** @param {Array<Record<string, any>>} measurements */
function measurementSection(measurements) {
	const rows = measurements.map((entry) => [
		entry.name,
		format(entry.value),
		entry.unit,
		entry.baseline !== undefined
			? `baseline ${format(entry.baseline)} (${entry.baselineName})`
			: entry.bound !== undefined
				? `bound ${format(entry.bound)} (${entry.boundName})`
				: '',
		format(entry.ratio),
	]);
	return [
		'## All measurements',
		'',
		table(['Measurement', 'Value', 'Unit', 'Reference', 'Ratio'], rows),
	].join('\n');
}

/**
 * Writes the charts of part c and returns their file names.
 * @param {Record<string, any>} open
 * @param {string} outDir
 */
function writeCharts(open, outDir) {
	const finished = open.runs.filter((/** @type {any} */ entry) => !entry.run.error);
	if (finished.length === 0) return [];
	const roles = [
		...new Set(
			open.runs.flatMap((/** @type {any} */ entry) =>
				entry.run.memory.map((/** @type {any} */ m) => m.role),
			),
		),
	];
	const memory = lineChartSvg({
		title: 'Peak resident memory per n8n process',
		xLabel: 'SKUs in the catalog (logarithmic)',
		yLabel: 'MiB',
		logX: true,
		series: roles.map((role) => ({
			name: role,
			points: open.runs.map((/** @type {any} */ { skus, run }) => [
				skus,
				peakByRole(run.memory)[role] ?? null,
			]),
		})),
	});
	const time = lineChartSvg({
		title: 'Wall time of the initial load without latency or limits',
		xLabel: 'SKUs in the catalog (logarithmic)',
		yLabel: 'seconds',
		logX: true,
		series: [
			{
				name: 'template',
				points: finished.map((/** @type {any} */ { skus, run }) => [
					skus,
					Math.round(run.wallSeconds * 10) / 10,
				]),
			},
		],
	});
	fs.writeFileSync(path.join(outDir, 'benchmarks-memory.svg'), memory);
	fs.writeFileSync(path.join(outDir, 'benchmarks-time.svg'), time);
	return ['benchmarks-memory.svg', 'benchmarks-time.svg'];
}

/**
 * Writes benchmarks.json, benchmarks.md and the charts into `outDir`; returns their paths.
 * @param {Record<string, any>} results
 * @param {string} outDir
 */
function writeReport(results, outDir) {
	fs.mkdirSync(outDir, { recursive: true });
	const measurements = buildMeasurements(results);
	const charts = results.open ? writeCharts(results.open, outDir) : [];
	const reproduce = [
		'## Reproducing',
		'',
		'```sh',
		'npm ci',
		'npm run bench            # full run; writes docs/benchmarks.md, .json and the charts',
		'npm run bench -- --quick # smaller sizes, a few minutes, into a temporary folder',
		'npm run bench -- --only a,b --out /tmp/bench  # some parts only',
		'```',
		'',
		'The first run installs the cached n8n runtime (minutes). Stop other n8n work on the machine first.',
	].join('\n');

	const queueNote = results.queueModeNote ?? 'not run';
	const sections = [
		headerSection(results),
		targetSection(results),
		reproduce,
		conditionsSection(),
		results.comparison ? comparisonSection(results.comparison) : '',
		results.bound ? boundSection(results.bound, results.open, queueNote) : '',
		results.open ? openSection(results.open, charts) : '',
		results.trigger ? triggerSection(results.trigger, queueNote) : '',
		measurementSection(measurements),
	].filter(Boolean);

	const jsonFile = path.join(outDir, 'benchmarks.json');
	const markdownFile = path.join(outDir, 'benchmarks.md');
	const targets = targetChecks(results);
	fs.writeFileSync(
		jsonFile,
		`${JSON.stringify({ ...results, measurements, targets }, null, '\t')}\n`,
	);
	fs.writeFileSync(markdownFile, `${sections.join('\n\n')}\n`);
	return [jsonFile, markdownFile, ...charts.map((file) => path.join(outDir, file))];
}

module.exports = { writeReport };
