'use strict';

/**
 * The n8n of a benchmark run: the package's templates as the demo imports them, plus the two
 * baseline workflows of bench/ pointed at the sandbox.
 */

const fs = require('node:fs');
const path = require('node:path');
const { startN8n } = require('../n8n-runtime');
const fixtures = require('../../test/e2e/fixtures/index.cjs');
const notifications = require('../../test/helpers/notifications-e2e.cjs');

const BENCH_DIR = path.resolve(__dirname, '..', '..', 'bench');

/** Origin written in the baseline files; the benchmark replaces it with the sandbox's. */
const BASELINE_ORIGIN = 'http://127.0.0.1:8787';

const BASELINES = {
	default: {
		file: 'baseline-default.json',
		id: 'benchBaselineDefault01',
		path: 'bench-baseline-default',
	},
	tuned: { file: 'baseline-tuned.json', id: 'benchBaselineTuned01', path: 'bench-baseline-tuned' },
};

/** VTEX node operations whose Requests per Second option the open runs raise. */
const PACED_OPERATIONS = [
	{ type: 'n8n-nodes-vtex-marketplace.vtexCatalog', operations: ['get', 'getManyIds'] },
	{ type: 'n8n-nodes-vtex-marketplace.vtexPrice', operations: ['getPrice'] },
];

/**
 * Returns the baselines' credential: n8n's built-in Custom Auth, which adds VTEX's key headers
 * to every request. The values are the sandbox's invented key pair.
 */
function baselineCredential() {
	const vtex = fixtures.sandboxCredential('http://127.0.0.1');
	const headers = {
		'X-VTEX-API-AppKey': vtex.data.appKey,
		'X-VTEX-API-AppToken': vtex.data.appToken,
	};
	return {
		id: 'benchVtexHeaders01',
		name: 'VTEX app key headers',
		type: 'httpCustomAuth',
		data: { json: JSON.stringify({ headers }) },
	};
}

/**
 * Reads a baseline workflow and points its URLs at the sandbox.
 * @param {'default' | 'tuned'} kind
 * @param {string} sandboxUrl
 */
function baselineWorkflow(kind, sandboxUrl) {
	const text = fs.readFileSync(path.join(BENCH_DIR, BASELINES[kind].file), 'utf8');
	return JSON.parse(text.split(BASELINE_ORIGIN).join(sandboxUrl));
}

/**
 * Sets Requests per Second on every paced VTEX node of a workflow, so that the package's own
 * pacing does not set the time of a run without limits.
 * @param {Record<string, any>} workflow
 * @param {number} requestsPerSecond
 */
function withRequestsPerSecond(workflow, requestsPerSecond) {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes ?? []) {
		const paced = PACED_OPERATIONS.find((entry) => entry.type === node.type);
		if (!paced || !paced.operations.includes(node.parameters?.operation)) continue;
		node.parameters.options = { ...(node.parameters.options ?? {}), requestsPerSecond };
	}
	return copy;
}

/**
 * Builds the start options of the benchmark's n8n: the initial-load and notification
 * templates, their runners and the baselines, all published.
 * @param {{ sandboxUrl: string, requestsPerSecond?: number }} options `requestsPerSecond`
 *   raises the VTEX nodes' pacing
 */
function benchStartOptions({ sandboxUrl, requestsPerSecond }) {
	const base = notifications.withNotificationTemplates(
		fixtures.initialLoadStartOptions(sandboxUrl),
	);
	const templates = base.workflows.map((/** @type {string | Record<string, any>} */ workflow) =>
		typeof workflow === 'string' ? JSON.parse(fs.readFileSync(workflow, 'utf8')) : workflow,
	);
	const workflows = requestsPerSecond
		? templates.map((workflow) => withRequestsPerSecond(workflow, requestsPerSecond))
		: templates;

	return {
		...base,
		credentials: [...base.credentials, baselineCredential()],
		workflows: [
			...workflows,
			baselineWorkflow('default', sandboxUrl),
			baselineWorkflow('tuned', sandboxUrl),
		],
		activate: [...base.activate, BASELINES.default.id, BASELINES.tuned.id],
	};
}

/**
 * Starts one n8n process (regular mode) for the benchmark. Returns the server and the PIDs
 * whose memory a load samples.
 * @param {{ sandboxUrl: string, tarball: string, requestsPerSecond?: number,
 *   log: (line: string) => void }} options
 */
async function startBenchN8n({ sandboxUrl, tarball, requestsPerSecond, log }) {
	const server = await startN8n({
		...benchStartOptions({ sandboxUrl, requestsPerSecond }),
		tarball,
		log,
	});
	return { server, processes: { main: server.pid }, stop: () => server.stop() };
}

/**
 * Starts n8n in queue mode (main, two workers, Redis and PostgreSQL) with the stack script,
 * or returns null when this checkout has no such script.
 * @param {{ sandboxUrl: string, tarball: string, log: (line: string) => void }} options
 */
async function startBenchQueueStack({ sandboxUrl, tarball, log }) {
	let queueStack;
	try {
		queueStack = require('../queue-stack');
	} catch {
		return null;
	}
	const stack = await queueStack.startQueueStack({
		...benchStartOptions({ sandboxUrl }),
		workers: 2,
		tarball,
		log,
	});
	/** @type {Record<string, number>} */
	const processes = { main: stack.main.pid };
	for (const worker of stack.workers) processes[worker.name] = worker.pid;
	return { server: stack.main, processes, stop: () => stack.stop() };
}

/**
 * Deletes the rows of every Data Table, so that each load starts from an empty id map, log
 * store and checkpoint.
 * @param {any} server
 */
async function clearAllTables(server) {
	const page = await server.requestOk('GET', '/api/v1/data-tables?limit=250', { auth: 'apiKey' });
	for (const table of page.data) {
		await server.requestOk('DELETE', `/api/v1/data-tables/${table.id}/rows/clear`, {
			auth: 'apiKey',
			timeoutMs: 120000,
		});
	}
}

module.exports = {
	BASELINES,
	BASELINE_ORIGIN,
	baselineWorkflow,
	withRequestsPerSecond,
	benchStartOptions,
	startBenchN8n,
	startBenchQueueStack,
	clearAllTables,
};
