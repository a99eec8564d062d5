'use strict';

/**
 * Runs the initial load in an n8n of its own, kills that n8n in the middle of the load and
 * starts it again on the same user folder, for the end-to-end test of the load checkpoint.
 * It does not use the n8n of the end-to-end global setup, because it kills its server.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startSandbox } = require('../../sandbox');
const { restartN8n, startN8n } = require('../../scripts/n8n-runtime');
const fixtures = require('../e2e/fixtures/index.cjs');
const { initialLoadScenario } = require('./initial-load.cjs');

/** Interval of the journal polling that finds the moment to kill n8n. */
const POLL_MS = 50;

/** SKUs of the crash test's catalog unless N8N_VTEX_RESTART_SKUS sets another number. */
const DEFAULT_RESTART_SKUS = 20000;

/**
 * Returns the size of the crash test: the SKUs of its catalog and the listing page at which n8n
 * is killed, the middle page. 12% of generated SKUs are outside the sales channel, so 20,000
 * SKUs give 18 pages of 1,000 IDs. N8N_VTEX_RESTART_SKUS makes the test cheaper on a slow
 * machine; it must give at least two pages.
 */
function restartTestSize() {
	const configured = Number(process.env.N8N_VTEX_RESTART_SKUS ?? DEFAULT_RESTART_SKUS);
	if (!Number.isInteger(configured) || configured < 2300) {
		throw new Error(
			`Invalid N8N_VTEX_RESTART_SKUS ${process.env.N8N_VTEX_RESTART_SKUS}: use a whole number, ` +
				'2300 or more, so that the sales channel lists at least two pages.',
		);
	}
	const pages = Math.ceil((configured * 0.88) / 1000);
	return { skuCount: configured, killAtPage: Math.ceil(pages / 2) };
}

/**
 * @param {number} ms
 */
function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Counts the SKU ID listing requests of one page in a sandbox journal.
 * @param {Array<{ route: string, query: Record<string, string> }>} journal
 * @param {number} page
 */
function listingRequests(journal, page) {
	return journal.filter(
		(entry) => entry.route === 'skuIdsBySalesChannel' && entry.query.page === String(page),
	).length;
}

/**
 * Loads a generated catalog of `skuCount` SKUs (no latency, no rate limits) and starts the
 * initial load. Kills n8n with SIGKILL as soon as the listing of page `killAtPage` is requested,
 * then starts n8n again on the same user folder and runs the load again without force.
 * @param {{ skuCount: number, killAtPage: number, timeoutMs: number,
 *   log?: (line: string) => void }} options
 * @returns {Promise<{ interrupted: { status: number | null, error: string | null },
 *   resumed: { status: number, summary: any }, state: any, journal: any[],
 *   checkpointRows: any[], seconds: Record<string, number> }>}
 */
async function runLoadWithRestart({ skuCount, killAtPage, timeoutMs, log = () => undefined }) {
	const sandbox = await startSandbox({ port: 0, scenario: initialLoadScenario({ skuCount }) });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-restart-'));
	/** @type {Record<string, number>} */
	const seconds = {};
	let server = null;
	try {
		let started = Date.now();
		// dist/ was built by the end-to-end global setup, so only the pack step runs.
		server = await startN8n({
			...fixtures.initialLoadStartOptions(sandbox.url),
			userFolder,
			build: false,
			log,
		});
		seconds.firstStart = (Date.now() - started) / 1000;

		started = Date.now();
		const inputs = { salesChannel: '2', affiliateId: 'KTZ', marketplaceUrl: `${sandbox.url}/mkt` };
		const first = server
			.callWebhook(fixtures.RUNNER_WEBHOOK_PATH, inputs)
			.then((response) => ({ status: response.status, error: null }))
			.catch((error) => ({ status: null, error: String(error?.message ?? error) }));
		const deadline = Date.now() + timeoutMs;
		while (listingRequests(sandbox.journal(), killAtPage) === 0) {
			if (Date.now() > deadline) {
				throw new Error(`The load did not reach page ${killAtPage} within ${timeoutMs} ms`);
			}
			await sleep(POLL_MS);
		}
		log(`Page ${killAtPage} requested: killing n8n (PID ${server.pid})`);
		await server.crash();
		const interrupted = await first;
		seconds.firstRun = (Date.now() - started) / 1000;

		started = Date.now();
		server = await restartN8n({ userFolder, log });
		seconds.restart = (Date.now() - started) / 1000;

		started = Date.now();
		const response = await server.callWebhook(fixtures.RUNNER_WEBHOOK_PATH, inputs, {
			timeoutMs,
		});
		seconds.resumedRun = (Date.now() - started) / 1000;
		// The steps' durations, for the test's cost in CI.
		process.stderr.write(`[load-restart] seconds per step: ${JSON.stringify(seconds)}\n`);
		const checkpointRows = await readTable(server, 'vtex_load_checkpoint');
		return {
			interrupted,
			resumed: { status: response.status, summary: response.body },
			state: sandbox.state(),
			journal: sandbox.journal(),
			checkpointRows,
			seconds,
		};
	} finally {
		if (server) await server.stop();
		await sandbox.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

/**
 * Reads the first 250 rows of a Data Table through the public API.
 * @param {import('../../scripts/runtime/server').N8nServer} server
 * @param {string} name
 */
async function readTable(server, name) {
	const tables = await server.requestOk('GET', '/api/v1/data-tables?limit=250', { auth: 'apiKey' });
	const table = tables.data.find((/** @type {{ name: string }} */ entry) => entry.name === name);
	if (!table) throw new Error(`Data Table ${name} not found`);
	const rows = await server.requestOk('GET', `/api/v1/data-tables/${table.id}/rows?limit=250`, {
		auth: 'apiKey',
	});
	return rows.data;
}

module.exports = { runLoadWithRestart, listingRequests, restartTestSize };
