#!/usr/bin/env node
'use strict';

/**
 * Benchmarks the package in a real n8n against the VTEX sandbox and writes the results.
 *
 *   npm run bench                      full run into docs/benchmarks.md and .json, within 70 minutes
 *   npm run bench -- --quick           smaller sizes, a few minutes, writes to a temporary folder
 *   npm run bench -- --only a,d        only some parts (a, b, c, d)
 *   npm run bench -- --out DIR         write the report to DIR
 *   npm run bench -- --no-queue-mode   skip the queue-mode runs of parts b and d
 *   npm run bench -- --max-minutes N   time budget (default 70, quick 20): loads get timeouts
 *                                      from what is left, and steps that no longer fit are skipped
 *
 * Parts: a) initial load of the template against two baselines made of built-in nodes, with
 * VTEX's published limits and 40 ms latency; b) a larger load of the template next to the
 * bound those limits set; c) loads without latency or limits, for wall time and peak memory of
 * every n8n process; d) the notification flow: acknowledgement latency at rising rates and the
 * VTEX reads for many notifications over few SKUs.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startSandbox } = require('../sandbox');
const { buildAndPack } = require('./runtime/package');
const { startBenchN8n, startBenchQueueStack } = require('./bench/servers');
const { runLoad } = require('./bench/loadRuns');
const { loadScenario } = require('./bench/scenarios');
const { initialLoadRequests, loadBound } = require('./bench/bounds');
const triggerRuns = require('./bench/triggerRuns');
const environment = require('./bench/environment');
const { writeReport } = require('./bench/report');
const { TimeBudget } = require('./bench/timeBudget');

const PARTS = ['a', 'b', 'c', 'd'];

/**
 * Sizes of the full run and of --quick, with the most minutes each part may take (parts run in
 * the order a, b, d, c, queue mode, and the run's budget caps them all).
 */
const PLANS = {
	full: {
		comparisonSkus: 2000,
		boundSkus: 10000,
		openSkus: [1000, 10000, 100000],
		sweepRates: [25, 50, 100, 150, 200],
		sweepSeconds: 10,
		readsSkus: 1000,
		readsNotifications: 10000,
		readsMaxSendMinutes: 8,
		// 100,000 SKUs take about 20 minutes on two cores, so part c needs more than one load's
		// usual timeout.
		loadTimeoutMinutes: 30,
		maxMinutes: 70,
		partMinutes: { a: 8, b: 6, d: 10, c: 34, queue: 12 },
	},
	quick: {
		// Above one bucket's burst of listed SKUs, so that a default baseline meets 429s.
		comparisonSkus: 600,
		boundSkus: 1000,
		openSkus: [200, 1000, 3000],
		sweepRates: [20, 50],
		sweepSeconds: 3,
		readsSkus: 100,
		readsNotifications: 300,
		readsMaxSendMinutes: 3,
		loadTimeoutMinutes: 5,
		maxMinutes: 20,
		partMinutes: { a: 5, b: 3, d: 5, c: 7, queue: 5 },
	},
};

/** Pace of the VTEX nodes in part c, so high that pacing adds no measurable wait. */
const OPEN_REQUESTS_PER_SECOND = 100000;

/** @param {string[]} argv */
function parseOptions(argv) {
	const options = { quick: false, queueMode: true, parts: PARTS, out: '', maxMinutes: 0 };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--quick') options.quick = true;
		else if (arg === '--no-queue-mode') options.queueMode = false;
		else if (arg === '--only') options.parts = String(argv[++i] ?? '').split(',');
		else if (arg === '--out') options.out = String(argv[++i] ?? '');
		else if (arg === '--max-minutes') options.maxMinutes = Number(argv[++i]);
		else {
			throw new Error(
				`Unknown option ${arg}; use --quick, --only a,b,c,d, --no-queue-mode, ` +
					'--max-minutes N or --out DIR',
			);
		}
	}
	if (!(Number.isFinite(options.maxMinutes) && options.maxMinutes >= 0)) {
		throw new Error('--max-minutes takes a number of minutes, for example --max-minutes 30');
	}
	const unknown = options.parts.filter((part) => !PARTS.includes(part));
	if (unknown.length > 0 || options.parts.length === 0) {
		throw new Error(`--only takes a comma-separated list of a, b, c and d, not "${unknown}"`);
	}
	if (!options.out) {
		options.out = options.quick
			? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-bench-'))
			: path.resolve(__dirname, '..', 'docs');
	}
	return options;
}

/** n8n instances and the sandbox that are running, stopped on Ctrl-C because n8n runs detached. */
const running = new Set();

/**
 * Starts an n8n instance and registers it for stopping on Ctrl-C.
 * @template {{ stop: () => Promise<unknown> } | null} T
 * @param {() => Promise<T>} start
 * @returns {Promise<T>}
 */
async function startTracked(start) {
	const instance = await start();
	if (instance) running.add(instance);
	return instance;
}

/** @param {{ stop: () => Promise<unknown> }} instance */
async function stopTracked(instance) {
	running.delete(instance);
	await instance.stop();
}

/** @param {string} line */
function log(line) {
	process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/**
 * Prints one load's result in a line.
 * @param {string} label
 * @param {Awaited<ReturnType<typeof runLoad>>} result
 */
function logLoad(label, result) {
	const failure = result.error ? `, failed: ${result.error}` : '';
	log(
		`  ${label}: ${result.wallSeconds.toFixed(1)} s, delivered ${result.delivered}/${result.eligible}, ` +
			`429s ${result.throttled}${failure}`,
	);
}

/**
 * Runs the larger load of part b on an instance, or returns null when the budget is spent.
 * @param {{ plan: typeof PLANS.full, budget: TimeBudget, instance: any, sandbox: any,
 *   label: string }} context
 */
async function runBoundLoad({ plan, budget, instance, sandbox, label }) {
	const step = `b: ${plan.boundSkus} SKUs, ${label}`;
	const timeoutMs = budget.timeoutFor(step, plan.loadTimeoutMinutes * 60000);
	if (timeoutMs === null) return null;
	const scenario = loadScenario({ skuCount: plan.boundSkus, limited: true });
	log(`b) ${plan.boundSkus} SKUs, published limits, 40 ms latency, ${label}`);
	const run = await runLoad({ instance, sandbox, scenario, workflow: 'template', timeoutMs });
	logLoad('template', run);
	return run;
}

/**
 * Runs the notification rate sweep (part d) on an instance, or returns null when the budget
 * is spent.
 * @param {{ plan: typeof PLANS.full, budget: TimeBudget, instance: any, sandbox: any,
 *   label: string }} context
 */
async function runSweep({ plan, budget, instance, sandbox, label }) {
	// Each rate sends for sweepSeconds and then waits for its rows, about twice as long.
	const plannedMs = plan.sweepRates.length * plan.sweepSeconds * 3000;
	if (budget.timeoutFor(`d: notification sweep, ${label}`, plannedMs) === null) return null;
	const flow = triggerRuns.notificationFlow(sandbox, instance.server);
	log(
		`d) notification rates ${plan.sweepRates.join(', ')} per second, ${plan.sweepSeconds} s each, ${label}`,
	);
	return triggerRuns.rateSweep({ flow, rates: plan.sweepRates, seconds: plan.sweepSeconds, log });
}

/**
 * Runs parts a, b and d on one n8n process, with latency and limits switched per run.
 * @param {{ plan: typeof PLANS.full, budget: TimeBudget, parts: string[], sandbox: any,
 *   tarball: string, results: Record<string, any> }} context
 */
async function runSingleProcessParts({ plan, budget, parts, sandbox, tarball, results }) {
	log('Starting n8n (single process) for parts a, b and d');
	const instance = await startTracked(() =>
		startBenchN8n({ sandboxUrl: sandbox.url, tarball, log: () => {} }),
	);
	try {
		if (parts.includes('a')) {
			const partBudget = budget.slice(plan.partMinutes.a);
			const scenario = loadScenario({ skuCount: plan.comparisonSkus, limited: true });
			log(`a) ${plan.comparisonSkus} SKUs, published limits, 40 ms latency`);
			/** @type {Record<string, any>} */
			const runs = {};
			const workflows = /** @type {const} */ (['template', 'default', 'tuned']);
			for (const [index, workflow] of workflows.entries()) {
				const step = `a: ${plan.comparisonSkus} SKUs, ${workflow}`;
				// An equal share of what is left, so that the baselines run even after a slow template.
				const shareMs = partBudget.remainingMs() / (workflows.length - index);
				const plannedMs = Math.min(plan.loadTimeoutMinutes * 60000, shareMs);
				const timeoutMs = partBudget.timeoutFor(step, plannedMs, { reserveMs: 0 });
				if (timeoutMs === null) break;
				runs[workflow] = await runLoad({ instance, sandbox, scenario, workflow, timeoutMs });
				logLoad(workflow, runs[workflow]);
			}
			if (runs.template) results.comparison = { skus: plan.comparisonSkus, latencyMs: 40, runs };
		}

		if (parts.includes('b')) {
			const run = await runBoundLoad({
				plan,
				budget: budget.slice(plan.partMinutes.b),
				instance,
				sandbox,
				label: 'single process',
			});
			if (run) {
				const requests = initialLoadRequests({ listedSkus: run.catalog.listed });
				const bound = loadBound({ requestsByRoute: requests, latencyMs: 40 });
				results.bound = { skus: plan.boundSkus, latencyMs: 40, run, bound, queueMode: null };
			}
		}

		if (parts.includes('d')) {
			const partBudget = budget.slice(plan.partMinutes.d);
			const sweep = await runSweep({
				plan,
				budget: partBudget,
				instance,
				sandbox,
				label: 'single process',
			});
			const step = `d: ${plan.readsNotifications} notifications over ${plan.readsSkus} SKUs`;
			// Sending gets at most half of what is left; coalescing and apply need the rest.
			const sendMs = partBudget.timeoutFor(step, plan.readsMaxSendMinutes * 60000 * 2);
			const reads =
				sweep && sendMs !== null
					? await runReads({ plan, instance, sandbox, maxSendSeconds: sendMs / 2000 })
					: null;
			if (sweep && reads) results.trigger = { sweep, reads, queueMode: null };
		}
	} finally {
		await stopTracked(instance);
	}
}

/**
 * Sends many notifications over few SKUs (part d), applies them and counts VTEX requests.
 * @param {{ plan: typeof PLANS.full, instance: any, sandbox: any, maxSendSeconds: number }} context
 */
async function runReads({ plan, instance, sandbox, maxSendSeconds }) {
	log(`d) ${plan.readsNotifications} notifications over ${plan.readsSkus} SKUs, then apply`);
	const reads = await triggerRuns.readsForNotifications({
		flow: triggerRuns.notificationFlow(sandbox, instance.server),
		skuCount: plan.readsSkus,
		notificationCount: plan.readsNotifications,
		concurrency: 16,
		maxSendSeconds,
		log,
	});
	log(`  apply made ${reads.vtexReads} VTEX requests in ${reads.applyRuns} runs`);
	return reads;
}

/**
 * Runs parts b and d again in queue mode, when the checkout has the queue stack script.
 * @param {{ plan: typeof PLANS.full, budget: TimeBudget, parts: string[], sandbox: any,
 *   tarball: string, results: Record<string, any> }} context
 */
async function runQueueParts({ plan, budget, parts, sandbox, tarball, results }) {
	// Starting the stack alone takes minutes on a busy machine.
	if (budget.timeoutFor('queue mode', 0, { minimumMs: 5 * 60000 }) === null) {
		results.queueModeNote = 'the time budget was spent';
		return;
	}
	log('Starting n8n in queue mode (main, 2 workers, Redis, PostgreSQL) for parts b and d');
	let instance;
	try {
		instance = await startTracked(() =>
			startBenchQueueStack({ sandboxUrl: sandbox.url, tarball, log: () => {} }),
		);
	} catch (error) {
		// The single-process figures stay valid, so the run goes on without queue mode.
		const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
		results.queueModeNote = `the queue stack failed to start: ${message}`;
		log(`  ${results.queueModeNote}`);
		return;
	}
	if (!instance) {
		results.queueModeNote = 'this checkout has no queue stack script';
		log(`  ${results.queueModeNote}`);
		return;
	}
	try {
		if (parts.includes('b') && results.bound) {
			results.bound.queueMode = await runBoundLoad({
				plan,
				budget,
				instance,
				sandbox,
				label: 'queue mode',
			});
		}
		if (parts.includes('d') && results.trigger) {
			results.trigger.queueMode = await runSweep({
				plan,
				budget,
				instance,
				sandbox,
				label: 'queue mode',
			});
		}
	} finally {
		await stopTracked(instance);
	}
}

/**
 * Runs part c on a fresh n8n per size, so that each process's peak memory belongs to one load.
 * @param {{ plan: typeof PLANS.full, budget: TimeBudget, sandbox: any, tarball: string,
 *   results: Record<string, any> }} context
 */
async function runOpenPart({ plan, budget, sandbox, tarball, results }) {
	const runs = [];
	for (const skuCount of plan.openSkus) {
		// A fresh n8n takes up to two minutes to start on a busy machine.
		const step = `c: ${skuCount} SKUs`;
		if (budget.timeoutFor(step, 0, { minimumMs: 3 * 60000 }) === null) continue;
		log(`c) ${skuCount} SKUs, no latency, no limits`);
		const instance = await startTracked(() =>
			startBenchN8n({
				sandboxUrl: sandbox.url,
				tarball,
				requestsPerSecond: OPEN_REQUESTS_PER_SECOND,
				log: () => {},
			}),
		);
		try {
			const timeoutMs = budget.timeoutFor(step, plan.loadTimeoutMinutes * 60000);
			if (timeoutMs !== null) {
				const scenario = loadScenario({ skuCount, limited: false });
				const run = await runLoad({ instance, sandbox, scenario, workflow: 'template', timeoutMs });
				logLoad('template', run);
				runs.push({ skus: skuCount, timeoutSeconds: Math.round(timeoutMs / 1000), run });
			}
		} finally {
			await stopTracked(instance);
		}
	}
	if (runs.length > 0) {
		results.open = { requestsPerSecond: OPEN_REQUESTS_PER_SECOND, runs };
	}
}

/**
 * Runs a group of parts and records its failure in the results instead of ending the run, so
 * that the report keeps what the other parts measured.
 * @param {Record<string, any>} results
 * @param {string} label
 * @param {() => Promise<unknown>} work
 */
async function attempt(results, label, work) {
	try {
		await work();
	} catch (error) {
		const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
		results.failures = [...(results.failures ?? []), `${label}: ${message.slice(0, 300)}`];
		log(`${label} failed: ${message}`);
	}
}

/** @param {ReturnType<typeof parseOptions>} options */
async function main(options) {
	const plan = options.quick ? PLANS.quick : PLANS.full;
	const started = new Date();
	const budget = new TimeBudget(options.maxMinutes || plan.maxMinutes);
	/** @type {Record<string, any>} */
	const results = {
		mode: options.quick ? 'quick' : 'full',
		parts: options.parts,
		startedAt: started.toISOString(),
		machineAtStart: environment.machine(),
		versions: environment.versions(),
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		reproduce: ['npm ci', `npm run bench${options.quick ? ' -- --quick' : ''}`],
	};

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-bench-pack-'));
	const sandbox = await startSandbox({
		port: 0,
		scenario: loadScenario({ skuCount: 1, limited: false }),
	});
	running.add({ stop: () => sandbox.close() });
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
		process.once(signal, () => {
			log('Interrupted: stopping n8n and the sandbox');
			const stops = [...running].map((entry) => entry.stop());
			Promise.allSettled(stops).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
		});
	}

	try {
		log(`Building and packing the package (report goes to ${options.out})`);
		const tarball = await buildAndPack({ destDir: workDir });
		const context = { plan, budget, sandbox, tarball, results };
		const limitedParts = options.parts.filter((part) => part !== 'c');
		if (limitedParts.length > 0) {
			await attempt(results, 'parts a, b and d', () =>
				runSingleProcessParts({ ...context, parts: limitedParts }),
			);
		}
		if (options.parts.includes('c')) {
			await attempt(results, 'part c', () =>
				runOpenPart({ ...context, budget: budget.slice(plan.partMinutes.c) }),
			);
		}

		// Queue mode comes last: its stack is the slowest to start and the least essential.
		const queueParts = limitedParts.filter((part) => part === 'b' || part === 'd');
		if (!options.queueMode) results.queueModeNote = 'skipped with --no-queue-mode';
		else if (queueParts.length > 0) {
			const queueBudget = budget.slice(plan.partMinutes.queue);
			await attempt(results, 'queue mode', () =>
				runQueueParts({ ...context, budget: queueBudget, parts: queueParts }),
			);
		}
	} finally {
		await sandbox.close();
		fs.rmSync(workDir, { recursive: true, force: true });
	}

	results.budgetMinutes = budget.totalMinutes;
	results.skippedForTime = budget.skipped;
	results.finishedAt = new Date().toISOString();
	results.totalMinutes = Math.round(((Date.now() - started.getTime()) / 60000) * 10) / 10;
	results.machineAtEnd = environment.machine();
	const files = writeReport(results, options.out);
	log(`Wrote ${files.join(', ')} in ${results.totalMinutes} min`);
}

let options;
try {
	options = parseOptions(process.argv.slice(2));
} catch (error) {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(2);
}
main(options).catch((error) => {
	process.stderr.write(
		`Benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`,
	);
	process.exitCode = 1;
});
