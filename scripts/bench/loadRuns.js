'use strict';

/**
 * One initial load in n8n against the sandbox (the package's template or a baseline), timed
 * from the webhook call to its response, with what reached the marketplace double.
 */

const os = require('node:os');
const fixtures = require('../../test/e2e/fixtures/index.cjs');
const load = require('../../test/helpers/initial-load.cjs');
const { delay } = require('../runtime/process');
const { MemorySampler } = require('./processMemory');
const { BASELINES, clearAllTables } = require('./servers');
const { catalogCounts } = require('./scenarios');

/**
 * Counts the eligible SKUs that have an offer with the catalog's price and stock, the extra
 * sends of a SKU, and the ineligible SKUs that were sent.
 * @param {any} state sandbox.state()
 * @param {Array<{ route: string, skus: string[] }>} journal
 */
function deliveryCounts(state, journal) {
	/** @type {Map<string, number>} */
	const sends = new Map();
	for (const entry of journal) {
		if (!load.MARKETPLACE_ROUTES.includes(entry.route)) continue;
		for (const skuId of entry.skus) sends.set(skuId, (sends.get(skuId) ?? 0) + 1);
	}
	const offers = new Map(state.offers.map((/** @type {any} */ offer) => [offer.skuId, offer]));

	let eligible = 0;
	let delivered = 0;
	let ineligibleSent = 0;
	for (const sku of state.catalog.skus) {
		const skuId = String(sku.id);
		if (!load.isEligible(sku, state.salesChannel)) {
			if (sends.has(skuId)) ineligibleSent += 1;
			continue;
		}
		eligible += 1;
		const offer = offers.get(skuId);
		const correct =
			offer &&
			Math.abs(Number(offer.price) - sku.price / 100) < 0.005 &&
			Number(offer.stock) === sku.stock;
		if (correct) delivered += 1;
	}
	const extraSends = [...sends.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
	return { eligible, delivered, lost: eligible - delivered, extraSends, ineligibleSent };
}

/**
 * Runs one load and returns its figures. The sandbox gets `scenario` first, and n8n's Data
 * Tables are emptied, so every run starts from an empty marketplace and id map.
 * @param {{ instance: { server: any, processes: Record<string, number> }, sandbox: any,
 *   scenario: Record<string, unknown>, workflow: 'template' | 'default' | 'tuned',
 *   timeoutMs: number }} options `instance.processes` names the n8n processes to sample
 */
async function runLoad({ instance, sandbox, scenario, workflow, timeoutMs }) {
	const { server } = instance;
	sandbox.load(scenario);
	await clearAllTables(server);
	const catalog = catalogCounts(sandbox.state());

	const loadAverageBefore = os.loadavg()[0];
	const sampler = new MemorySampler(instance.processes).start();
	const started = Date.now();
	let response;
	let error = null;
	try {
		response =
			workflow === 'template'
				? await server.callWebhook(
						fixtures.RUNNER_WEBHOOK_PATH,
						// Forced, because a full load within the template's window is otherwise refused.
						{
							salesChannel: '2',
							affiliateId: 'KTZ',
							marketplaceUrl: `${sandbox.url}/mkt`,
							force: 'true',
						},
						{ timeoutMs },
					)
				: await server.callWebhook(BASELINES[workflow].path, {}, { timeoutMs });
	} catch (caught) {
		error = caught instanceof Error ? caught.message : String(caught);
	}
	const wallSeconds = (Date.now() - started) / 1000;
	const memory = sampler.stop();

	if (!error && response && response.status !== 200) {
		error = await executionError(server, workflow, response.body);
	}
	// A load that timed out still runs in n8n, and would overlap the next one.
	const stoppedExecutions = error ? await stopRunningExecutions(server) : 0;

	const journal = sandbox.journal();
	const stats = load.journalStats(journal);
	return {
		workflow,
		catalog,
		wallSeconds,
		status: response ? response.status : null,
		error,
		...deliveryCounts(sandbox.state(), journal),
		throttled: stats.throttled,
		requestsByRoute: stats.requestsByRoute,
		// One-minute load averages: above the processor count, other work shared the machine.
		loadAverage: [loadAverageBefore, os.loadavg()[0]].map((value) => Math.round(value * 10) / 10),
		memory,
		stoppedExecutions,
	};
}

/**
 * Stops every running execution through n8n's public API and waits, at most 60 s, until none
 * is left running. Returns how many were stopped, or null when the API call failed.
 * @param {any} server
 */
async function stopRunningExecutions(server) {
	try {
		const result = await server.requestOk('POST', '/api/v1/executions/stop', {
			body: { status: ['queued', 'running', 'waiting'] },
			auth: 'apiKey',
		});
		for (let attempt = 0; attempt < 60; attempt++) {
			const page = await server.requestOk('GET', '/api/v1/executions?status=running&limit=1', {
				auth: 'apiKey',
			});
			if (page.data.length === 0) break;
			await delay(1000);
		}
		return Number(result?.stopped ?? 0);
	} catch {
		// The report then shows null: the next load may have overlapped this one.
		return null;
	}
}

/**
 * Describes why a load's execution failed: the failed node and its error message from the
 * latest execution of the started workflow, or the webhook's response when that is missing.
 * @param {any} server
 * @param {'template' | 'default' | 'tuned'} workflow
 * @param {unknown} responseBody
 */
async function executionError(server, workflow, responseBody) {
	const workflowId =
		workflow === 'template' ? fixtures.WORKFLOW_IDS.runner : BASELINES[workflow].id;
	try {
		const [latest] = await server.executions(workflowId, { limit: 1 });
		const failure = latest?.data?.resultData?.error;
		if (failure) {
			const node = failure.node?.name ?? latest.data.resultData.lastNodeExecuted ?? 'unknown node';
			return `${node}: ${String(failure.message).slice(0, 200)}`;
		}
	} catch {
		// The execution list only adds detail; the webhook's response below still reports the failure.
	}
	return JSON.stringify(responseBody).slice(0, 200);
}

module.exports = { runLoad, deliveryCounts };
