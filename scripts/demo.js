#!/usr/bin/env node
'use strict';

/**
 * Runs the initial-load template in a real n8n against the VTEX sandbox and checks the result.
 * Then it sends a few change notifications through the notification templates, and changes a
 * few prices and stock levels without a notification for the reconcile template.
 *
 *   npm run demo -- [--skus N] [--rate-limit] [--keep]
 *
 * --skus N      catalog size (default 1000): 12% outside sales channel 2, 6% inactive SKUs,
 *               3% SKUs of inactive products
 * --rate-limit  sandbox rate limits below the nodes' pacing, so VTEX routes return 429
 * --keep        leave n8n and the sandbox running after the load, until Ctrl-C
 *
 * Exits 1 when an eligible SKU is missing, sent more than once or sent with the wrong price or
 * stock, or when an ineligible SKU was sent. Also exits 1 when the marketplace differs from the
 * catalog after the notifications, or when reconcile sends any SKU other than the changed ones.
 */

const { startSandbox } = require('../sandbox');
const { startN8n } = require('./n8n-runtime');
const notifications = require('../test/helpers/notifications-e2e.cjs');
const fixtures = require('../test/e2e/fixtures/index.cjs');
const load = require('../test/helpers/initial-load.cjs');
const reconcile = require('./demo-reconcile');

const PROGRESS_INTERVAL_MS = 2000;

/** @param {string[]} argv */
function parseOptions(argv) {
	const options = { skus: 1000, rateLimited: false, keep: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--keep') options.keep = true;
		else if (arg === '--rate-limit') options.rateLimited = true;
		else if (arg === '--skus') options.skus = Number(argv[++i]);
		else throw new Error(`Unknown option ${arg}; use --skus N, --rate-limit or --keep`);
	}
	if (!Number.isInteger(options.skus) || options.skus < 1) {
		throw new Error('--skus must be a positive integer, for example --skus 1000');
	}
	return options;
}

/** @param {string} line */
function say(line) {
	process.stdout.write(`${line}\n`);
}

/**
 * Prints what the sandbox has received so far.
 * @param {import('../sandbox').Sandbox} sandbox
 * @param {number} startedAt
 */
function printProgress(sandbox, startedAt) {
	const stats = load.journalStats(sandbox.journal());
	const count = (/** @type {string} */ route) => stats.requestsByRoute[route] ?? 0;
	const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
	say(
		`  ${seconds.padStart(4)} s  id pages ${count('skuIdsBySalesChannel')}, SKU reads ` +
			`${count('skuContext')}, simulations ${count('simulation')}, offers sent ` +
			`${load.MARKETPLACE_ROUTES.reduce((sum, route) => sum + count(route), 0)}, 429s ${stats.throttled}`,
	);
}

/**
 * Prints the load's summary item and the sandbox's view of the same run.
 * @param {Record<string, any>} summary
 * @param {import('../sandbox').Sandbox} sandbox
 * @param {number} loadSeconds
 */
function printReport(summary, sandbox, loadSeconds) {
	const state = sandbox.state();
	const stats = load.journalStats(sandbox.journal());
	const listed = summary.listed ?? 0;
	say('');
	say('Summary');
	say(`  SKUs in the catalog        ${state.catalog.skus.length}`);
	say(`  listed in sales channel 2  ${listed}`);
	say(`  listing pages              ${summary.pages} (load ${summary.loadId}, ${summary.status})`);
	say(`  eligible                   ${summary.eligible}`);
	say(`  offers created             ${summary.offersCreated}`);
	say(`  offers updated             ${summary.offersUpdated}`);
	say(`  skipped by reason          ${JSON.stringify(summary.skippedByReason)}`);
	say(`  not listed (other channel) ${state.catalog.skus.length - listed}`);
	say(`  429s received              ${stats.throttled} ${JSON.stringify(stats.throttledByRoute)}`);
	say(`  errors                     ${summary.errors}`);
	for (const sample of summary.errorSamples ?? []) {
		say(`    SKU ${sample.skuId} at ${sample.step}: ${sample.message}`);
	}
	say(`  seconds (template)         ${summary.seconds}`);
	say(`  seconds (webhook call)     ${loadSeconds.toFixed(1)}`);
}

/**
 * Reads every message of one day from the logs endpoint, page by page.
 * @param {string} logsUrl
 * @param {string} dateAt YYYY-MM-DD
 * @returns {Promise<Array<{ SkuId: string, Status: string }>>}
 */
async function requestLogs(logsUrl, dateAt) {
	const pageSize = 500;
	const messages = [];
	// 200 pages of 500 cover the largest catalog the demo generates in reasonable time.
	for (let page = 1; page <= 200; page++) {
		const query = new URLSearchParams({ DateAt: dateAt, status: 'all', page: String(page) });
		query.set('pageSize', String(pageSize));
		const response = await fetch(`${logsUrl}?${query}`, {
			headers: { [fixtures.LOGS_SECRET_HEADER]: fixtures.LOGS_SECRET },
			signal: AbortSignal.timeout(60000),
		});
		const body = await response.json();
		if (!response.ok) {
			throw new Error(`The logs endpoint returned ${response.status}: ${JSON.stringify(body)}`);
		}
		messages.push(...body.Messages);
		if (body.Messages.length < pageSize) return messages;
	}
	throw new Error('The logs endpoint returned more than 200 pages');
}

/**
 * Changes a few published SKUs in the sandbox, lets its broadcaster notify the receive
 * template (duplicates included), runs the apply template once and compares the marketplace
 * double with the catalog. Sets the exit code to 1 on a difference.
 * @param {any} sandbox
 * @param {any} server
 */
async function runNotificationStep(sandbox, server) {
	const flow = new notifications.NotificationServers(sandbox, server, server.userFolder);
	const published = sandbox
		.state()
		.offers.map((/** @type {{ skuId: string }} */ offer) => Number(offer.skuId))
		.slice(0, 5);
	const kinds = ['price', 'stock', 'data', 'deactivate', 'removeFromAffiliate'];
	const script = published.map((sku, index) => ({ kind: kinds[index], sku, duplicates: 2 }));

	say('');
	say(`Sending ${script.length * 3} change notifications for ${script.length} SKUs`);
	const report = await flow.broadcast({ script, shuffle: true, seed: 3 });
	const pending = await flow.waitForPending(script.length);
	say(`  ${report.sent} sent, ${pending.length} rows in vtex_pending`);

	const summary = await flow.runApply();
	say(
		`  apply: ${summary.skuReads} SKUs read, ${summary.offersUpdated} offers updated, ` +
			`${summary.offersDeactivated} deactivated, ${summary.priceStockSent} price or stock ` +
			`updates, ${summary.retried} to retry`,
	);

	const skuIds = sandbox.state().catalog.skus.map((/** @type {{ id: number }} */ sku) => sku.id);
	const problems = notifications.compareMarketplace(
		sandbox.state(),
		Math.min(...skuIds),
		Math.max(...skuIds),
	);
	if (problems.length > 0) {
		say(`Notifications check FAILED: ${problems.length} problems, for example:`);
		for (const problem of problems.slice(0, 20)) say(`  ${problem}`);
		process.exitCode = 1;
	} else {
		say('Notifications check passed: the marketplace matches the catalog after the changes.');
	}
}

async function main() {
	const options = parseOptions(process.argv.slice(2));
	const demoStarted = Date.now();
	/** @type {Array<() => Promise<unknown>>} */
	const cleanups = [];
	const stopAll = async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	};
	// n8n runs in its own process group, so Ctrl-C does not reach it: stop it here.
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
		process.once(signal, () => {
			say('\nStopping n8n and the sandbox');
			stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
		});
	}

	try {
		const scenario = load.initialLoadScenario({
			skuCount: options.skus,
			rateLimited: options.rateLimited,
		});
		const sandbox = await startSandbox({ port: 0, scenario });
		cleanups.push(() => sandbox.close());
		const limits = options.rateLimited ? ' with low rate limits' : '';
		say(`Sandbox: ${sandbox.url} (${options.skus} SKUs${limits})`);

		say('Building, packing and starting n8n (runtime cached in ~/.cache)');
		const server = await startN8n({
			...reconcile.withReconcileTemplate(
				notifications.withNotificationTemplates(fixtures.initialLoadStartOptions(sandbox.url)),
			),
			log: (line) => say(`  ${line}`),
		});
		cleanups.push(() => server.stop());
		const timings = Object.entries(server.timings)
			.map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`)
			.join(', ');
		say(`n8n: ${server.baseUrl} (PID ${server.pid}; ${timings})`);

		say('Running the initial load through the runner webhook');
		const loadStarted = Date.now();
		const progress = setInterval(() => printProgress(sandbox, loadStarted), PROGRESS_INTERVAL_MS);
		let response;
		try {
			response = await server.callWebhook(fixtures.RUNNER_WEBHOOK_PATH, {
				salesChannel: '2',
				affiliateId: 'KTZ',
				marketplaceUrl: `${sandbox.url}/mkt`,
			});
		} finally {
			clearInterval(progress);
		}
		const loadSeconds = (Date.now() - loadStarted) / 1000;
		printProgress(sandbox, loadStarted);
		if (response.status !== 200) {
			throw new Error(
				`The runner webhook returned ${response.status}: ${JSON.stringify(response.body)}\n` +
					server.logTail(),
			);
		}
		printReport(response.body, sandbox, loadSeconds);

		const { eligibleCount, problems } = load.verifyInitialLoad(sandbox.state(), sandbox.journal());
		say('');
		if (problems.length > 0) {
			say(`Check FAILED: ${problems.length} problems, for example:`);
			for (const problem of problems.slice(0, 20)) say(`  ${problem}`);
			process.exitCode = 1;
		} else {
			say(
				`Check passed: all ${eligibleCount} eligible SKUs are on the marketplace once, with ` +
					'the simulated price and stock, and no ineligible SKU was sent.',
			);
		}
		const logsUrl = `${server.baseUrl}/webhook/${fixtures.logsWebhookPath('acmestore')}`;
		const logs = await requestLogs(logsUrl, new Date().toISOString().slice(0, 10));
		const logCheck = load.verifyLogMessages(sandbox.state(), logs);
		if (logCheck.problems.length > 0) {
			say(`Logs check FAILED: ${logCheck.problems.length} problems, for example:`);
			for (const problem of logCheck.problems.slice(0, 20)) say(`  ${problem}`);
			process.exitCode = 1;
		} else {
			say(
				`Logs check passed: the logs endpoint returns one entry for each of the ` +
					`${logCheck.listedCount} SKUs sent or refused, with the right status.`,
			);
		}
		await runNotificationStep(sandbox, server);
		await reconcile.runReconcileStep(sandbox, server, say);
		say(`Demo took ${((Date.now() - demoStarted) / 1000).toFixed(1)} s in all.`);

		if (options.keep) {
			say('');
			say(`n8n:      ${server.baseUrl} (PID ${server.pid}, log ${server.logFile})`);
			say(`Login:    ${server.owner.email} / ${server.owner.password}`);
			say(`Sandbox:  ${sandbox.url} (journal ${sandbox.url}/__sandbox/journal)`);
			say(`Logs:     ${logsUrl}?DateAt=YYYY-MM-DD&status=all`);
			say(`          with the header ${fixtures.LOGS_SECRET_HEADER}: ${fixtures.LOGS_SECRET}`);
			say('Both keep running until you press Ctrl-C.');
			return;
		}
	} catch (error) {
		process.exitCode = 1;
		say(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
	}
	await stopAll();
}

main();
