#!/usr/bin/env node
'use strict';

/**
 * Benchmarks the package in a real n8n against the VTEX sandbox and writes the results.
 *
 *   npm run bench                      full run, writes docs/benchmarks.md and .json (an estimated 30 min)
 *   npm run bench -- --quick           smaller sizes, a few minutes, writes to a temporary folder
 *   npm run bench -- --only a,d        only some parts (a, b, c, d)
 *   npm run bench -- --out DIR         write the report to DIR
 *   npm run bench -- --no-queue-mode   skip the queue-mode runs of parts b and d
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

const PARTS = ['a', 'b', 'c', 'd'];

/** Sizes of the full run and of --quick. */
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
		loadTimeoutMinutes: 15,
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
	},
};

/** Pace of the VTEX nodes in part c, so high that pacing adds no measurable wait. */
const OPEN_REQUESTS_PER_SECOND = 100000;

/** @param {string[]} argv */
function parseOptions(argv) {
	const options = { quick: false, queueMode: true, parts: PARTS, out: '' };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--quick') options.quick = true;
		else if (arg === '--no-queue-mode') options.queueMode = false;
		else if (arg === '--only') options.parts = String(argv[++i] ?? '').split(',');
		else if (arg === '--out') options.out = String(argv[++i] ?? '');
		else {
			throw new Error(
				`Unknown option ${arg}; use --quick, --only a,b,c,d, --no-queue-mode or --out DIR`,
			);
		}
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
 * Runs the 10,000-SKU load (part b) on an instance and adds its bound.
 * @param {{ plan: typeof PLANS.full, instance: any, sandbox: any, label: string }} context
 */
async function runBoundLoad({ plan, instance, sandbox, label }) {
	const scenario = loadScenario({ skuCount: plan.boundSkus, limited: true });
	log(`b) ${plan.boundSkus} SKUs, published limits, 40 ms latency, ${label}`);
	const timeoutMs = plan.loadTimeoutMinutes * 60 * 1000;
	const run = await runLoad({ instance, sandbox, scenario, workflow: 'template', timeoutMs });
	logLoad('template', run);
	return run;
}

/**
 * Runs the notification rate sweep (part d) on an instance.
 * @param {{ plan: typeof PLANS.full, instance: any, sandbox: any, label: string }} context
 */
async function runSweep({ plan, instance, sandbox, label }) {
	const flow = triggerRuns.notificationFlow(sandbox, instance.server);
	log(
		`d) notification rates ${plan.sweepRates.join(', ')} per second, ${plan.sweepSeconds} s each, ${label}`,
	);
	return triggerRuns.rateSweep({ flow, rates: plan.sweepRates, seconds: plan.sweepSeconds, log });
}

/**
 * Runs parts a, b and d on one n8n process, with latency and limits switched per run.
 * @param {{ plan: typeof PLANS.full, parts: string[], sandbox: any, tarball: string,
 *   results: Record<string, any> }} context
 */
async function runSingleProcessParts({ plan, parts, sandbox, tarball, results }) {
	log('Starting n8n (single process) for parts a, b and d');
	const instance = await startTracked(() =>
		startBenchN8n({ sandboxUrl: sandbox.url, tarball, log: () => {} }),
	);
	const timeoutMs = plan.loadTimeoutMinutes * 60 * 1000;
	try {
		if (parts.includes('a')) {
			const scenario = loadScenario({ skuCount: plan.comparisonSkus, limited: true });
			log(`a) ${plan.comparisonSkus} SKUs, published limits, 40 ms latency`);
			/** @type {Record<string, any>} */
			const runs = {};
			for (const workflow of /** @type {const} */ (['template', 'default', 'tuned'])) {
				runs[workflow] = await runLoad({ instance, sandbox, scenario, workflow, timeoutMs });
				logLoad(workflow, runs[workflow]);
			}
			results.comparison = { skus: plan.comparisonSkus, latencyMs: 40, runs };
		}

		if (parts.includes('b')) {
			const run = await runBoundLoad({ plan, instance, sandbox, label: 'single process' });
			const requests = initialLoadRequests({ listedSkus: run.catalog.listed });
			const bound = loadBound({ requestsByRoute: requests, latencyMs: 40 });
			results.bound = { skus: plan.boundSkus, latencyMs: 40, run, bound, queueMode: null };
		}

		if (parts.includes('d')) {
			const sweep = await runSweep({ plan, instance, sandbox, label: 'single process' });
			log(`d) ${plan.readsNotifications} notifications over ${plan.readsSkus} SKUs, then apply`);
			const reads = await triggerRuns.readsForNotifications({
				flow: triggerRuns.notificationFlow(sandbox, instance.server),
				skuCount: plan.readsSkus,
				notificationCount: plan.readsNotifications,
				concurrency: 16,
				maxSendSeconds: plan.readsMaxSendMinutes * 60,
				log,
			});
			log(`  apply made ${reads.vtexReads} VTEX requests in ${reads.applyRuns} runs`);
			results.trigger = { sweep, reads, queueMode: null };
		}
	} finally {
		await stopTracked(instance);
	}
}

/**
 * Runs parts b and d again in queue mode, when the checkout has the queue stack script.
 * @param {{ plan: typeof PLANS.full, parts: string[], sandbox: any, tarball: string,
 *   results: Record<string, any> }} context
 */
async function runQueueParts({ plan, parts, sandbox, tarball, results }) {
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
				instance,
				sandbox,
				label: 'queue mode',
			});
		}
		if (parts.includes('d') && results.trigger) {
			results.trigger.queueMode = await runSweep({ plan, instance, sandbox, label: 'queue mode' });
		}
	} finally {
		await stopTracked(instance);
	}
}

/**
 * Runs part c on a fresh n8n per size, so that each process's peak memory belongs to one load.
 * @param {{ plan: typeof PLANS.full, sandbox: any, tarball: string,
 *   results: Record<string, any> }} context
 */
async function runOpenPart({ plan, sandbox, tarball, results }) {
	const timeoutMs = plan.loadTimeoutMinutes * 60 * 1000;
	const runs = [];
	for (const skuCount of plan.openSkus) {
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
			const scenario = loadScenario({ skuCount, limited: false });
			const run = await runLoad({ instance, sandbox, scenario, workflow: 'template', timeoutMs });
			logLoad('template', run);
			runs.push({ skus: skuCount, run });
		} finally {
			await stopTracked(instance);
		}
	}
	results.open = {
		requestsPerSecond: OPEN_REQUESTS_PER_SECOND,
		timeoutMinutes: plan.loadTimeoutMinutes,
		runs,
	};
}

/** @param {ReturnType<typeof parseOptions>} options */
async function main(options) {
	const plan = options.quick ? PLANS.quick : PLANS.full;
	const started = new Date();
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
		const limitedParts = options.parts.filter((part) => part !== 'c');
		if (limitedParts.length > 0) {
			await runSingleProcessParts({ plan, parts: limitedParts, sandbox, tarball, results });
		}
		const queueParts = limitedParts.filter((part) => part === 'b' || part === 'd');
		if (!options.queueMode) results.queueModeNote = 'skipped with --no-queue-mode';
		else if (queueParts.length > 0) {
			await runQueueParts({ plan, parts: queueParts, sandbox, tarball, results });
		}
		if (options.parts.includes('c')) {
			await runOpenPart({ plan, sandbox, tarball, results });
		}
	} finally {
		await sandbox.close();
		fs.rmSync(workDir, { recursive: true, force: true });
	}

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
