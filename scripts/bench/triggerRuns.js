'use strict';

/**
 * The notification flow under load: the receive template's acknowledgement latency at rising
 * rates, and the VTEX reads that the apply template makes for many notifications of few SKUs.
 */

const notifications = require('../../test/helpers/notifications-e2e.cjs');
const { VTEX_ROUTE_KEYS } = require('../../sandbox/routeKeys');
const { notificationBody, sendAtRate, sendClosedLoop } = require('./notificationSender');
const { latencySummary } = require('./statistics');

const KINDS = /** @type {const} */ (['data', 'price', 'stock']);

/**
 * Counts acknowledgements by status.
 * @param {Array<{ status: number | 'failed' }>} results
 */
function countStatuses(results) {
	/** @type {Record<string, number>} */
	const statuses = {};
	for (const { status } of results) statuses[status] = (statuses[status] ?? 0) + 1;
	return statuses;
}

/**
 * Sends one notification per SKU at each rate in turn, for `seconds` each, and checks that
 * every SKU got its vtex_pending row. Stops after the first rate that loses a notification.
 * @param {{ flow: any, rates: number[], seconds: number, log: (line: string) => void }} options
 */
async function rateSweep({ flow, rates, seconds, log }) {
	const steps = [];
	for (const [stepIndex, rate] of rates.entries()) {
		await flow.clearTables();
		// SKU ids that no other step uses, so that every row belongs to this step.
		const firstSku = 100000 * (stepIndex + 1);
		const count = Math.round(rate * seconds);
		const skuIds = Array.from({ length: count }, (_, index) => firstSku + index);
		const bodies = skuIds.map((skuId, index) => notificationBody(skuId, KINDS[index % 3]));

		const sent = await sendAtRate({ url: flow.receiveUrl(), bodies, ratePerSecond: rate });
		const acknowledged = sent.results.filter((result) => result.status === 200).length;
		const rows = await flow.waitForPending(count, { quietMs: 2000, timeoutMs: 90000 });
		const rowSkus = new Set(rows.map((/** @type {any} */ row) => Number(row.skuId)));
		const missing = skuIds.filter((skuId) => !rowSkus.has(skuId)).length;

		const step = {
			ratePerSecond: rate,
			sent: count,
			achievedPerSecond:
				sent.sentPerSecond === null ? null : Math.round(sent.sentPerSecond * 10) / 10,
			acknowledged,
			statuses: countStatuses(sent.results),
			delayedSends: sent.delayedSends,
			missingRows: missing,
			lost: count - acknowledged + missing,
			latencyMs: roundLatencies(latencySummary(sent.results.map((result) => result.latencyMs))),
		};
		steps.push(step);
		log(
			`  ${rate}/s: ${acknowledged}/${count} acknowledged, ${missing} rows missing, ` +
				`p50 ${step.latencyMs.p50} ms, p99 ${step.latencyMs.p99} ms`,
		);
		if (step.lost > 0) break;
	}
	const sustained = steps.filter((step) => step.lost === 0 && step.delayedSends === 0);
	return {
		steps,
		sustainedPerSecond: sustained.length ? Math.max(...sustained.map((s) => s.ratePerSecond)) : 0,
	};
}

/** @param {ReturnType<typeof latencySummary>} summary */
function roundLatencies(summary) {
	const round = (/** @type {number | null} */ value) => (value === null ? null : Math.round(value));
	return {
		count: summary.count,
		p50: round(summary.p50),
		p95: round(summary.p95),
		p99: round(summary.p99),
		max: round(summary.max),
	};
}

/**
 * Sends `notificationCount` notifications spread over `skuCount` catalog SKUs, waits until
 * vtex_pending has coalesced them, runs the apply template until the table is empty and counts
 * the VTEX requests that apply made. Sending stops after `maxSendSeconds`, and the result
 * then names the notifications actually sent.
 * @param {{ flow: any, skuCount: number, notificationCount: number, concurrency: number,
 *   maxSendSeconds: number, log: (line: string) => void }} options
 */
async function readsForNotifications({
	flow,
	skuCount,
	notificationCount,
	concurrency,
	maxSendSeconds,
	log,
}) {
	await flow.loadScenario({ skuCount });
	await flow.clearTables();
	const firstSku = 1001;
	const bodies = Array.from({ length: notificationCount }, (_, index) =>
		notificationBody(firstSku + (index % skuCount), KINDS[Math.floor(index / skuCount) % 3]),
	);

	const sent = await sendClosedLoop({
		url: flow.receiveUrl(),
		bodies,
		concurrency,
		maxSeconds: maxSendSeconds,
	});
	const acknowledged = sent.results.filter((result) => result.status === 200).length;
	log(`  ${acknowledged}/${sent.results.length} acknowledged in ${sent.seconds.toFixed(1)} s`);
	// Sending may stop early, so only the SKUs of the notifications sent get a row.
	const notifiedSkus = Math.min(skuCount, sent.results.length);
	const rows = await flow.waitForPending(notifiedSkus, { quietMs: 3000, timeoutMs: 180000 });

	const journalBefore = flow.sandbox.journal().length;
	const applyStarted = Date.now();
	const summaries = await flow.applyUntilEmpty(20);
	const applySeconds = (Date.now() - applyStarted) / 1000;
	const applied = flow.sandbox.journal().slice(journalBefore);

	/** @type {Record<string, number>} */
	const readsByRoute = {};
	for (const entry of applied) {
		if (!VTEX_ROUTE_KEYS.includes(entry.route)) continue;
		readsByRoute[entry.route] = (readsByRoute[entry.route] ?? 0) + 1;
	}
	const vtexReads = Object.values(readsByRoute).reduce((sum, count) => sum + count, 0);
	const problems = notifications.compareMarketplace(
		flow.sandbox.state(),
		firstSku,
		firstSku + notifiedSkus - 1,
	);
	const leftPending = (await flow.tableRows('vtex_pending')).length;

	return {
		notifications: sent.results.length,
		planned: notificationCount,
		// SKUs that got a notification, fewer than the catalog's when sending stopped early.
		skus: notifiedSkus,
		acknowledged,
		sendSeconds: Math.round(sent.seconds * 10) / 10,
		acknowledgedPerSecond: Math.round((acknowledged / sent.seconds) * 10) / 10,
		latencyMs: roundLatencies(latencySummary(sent.results.map((result) => result.latencyMs))),
		pendingRows: rows.length,
		applyRuns: summaries.length,
		applySeconds,
		vtexReads,
		readsByRoute,
		leftPending,
		marketplaceProblems: problems.length,
	};
}

/**
 * Wraps a running n8n and sandbox in the notification helpers of the end-to-end tests.
 * @param {any} sandbox
 * @param {any} server
 */
function notificationFlow(sandbox, server) {
	return new notifications.NotificationServers(sandbox, server, server.userFolder);
}

module.exports = { rateSweep, readsForNotifications, notificationFlow, countStatuses };
