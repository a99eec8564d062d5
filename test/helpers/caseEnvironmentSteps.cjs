'use strict';

/**
 * The `process` step and the log entries read after each step, which need the case
 * environment (caseEnvironment.cjs).
 */

const { performance } = require('node:perf_hooks');
const { UnsupportedCheckError } = require('./caseChecks.cjs');

/** @typedef {import('./caseEnvironment.cjs').CaseEnvironment} CaseEnvironment */

/**
 * Runs a `process` step: the apply template until vtex_pending is empty.
 * @param {CaseEnvironment | null | undefined} environment
 * @param {string} sandboxUrl
 * @param {Record<string, any>} scenario
 */
async function runProcessStep(environment, sandboxUrl, scenario) {
	if (!environment) {
		throw new UnsupportedCheckError('process needs the case environment (environment option)');
	}
	const started = performance.now();
	await environment.ready(sandboxUrl);
	const summaries = await environment.processPending(scenario.salesChannel ?? 2);
	const items = summaries.filter((summary) => summary !== null && typeof summary === 'object');
	return {
		status: 'success',
		items,
		errorItems: 0,
		error: null,
		hints: [],
		seconds: (performance.now() - started) / 1000,
	};
}

/**
 * Turns an entry of the logs endpoint (VTEX's keys: Status, Operation, SkuId, BusinessMessage)
 * into the field names the logs check reads, keeping the served fields beside them.
 * @param {Record<string, any>} message
 */
function logEntryOf(message) {
	return {
		...message,
		id: message.id,
		status: message.Status,
		operation: message.Operation,
		skuId: message.SkuId === '' ? null : message.SkuId,
		messageCode: message.MessageCode,
		businessMessage: message.BusinessMessage,
	};
}

/**
 * Reads the log entries that appeared since the last call and attributes them to `stepIndex`.
 * @param {CaseEnvironment} environment
 * @param {Set<string>} seenIds ids of entries already attributed; updated in place
 * @param {number} stepIndex
 * @returns {Promise<{stepIndex: number, entry: Record<string, any>}[]>}
 */
async function readNewLogEntries(environment, seenIds, stepIndex) {
	const fresh = [];
	for (const message of await environment.logEntries()) {
		const id = String(message.id);
		if (seenIds.has(id)) continue;
		seenIds.add(id);
		fresh.push({ stepIndex, entry: logEntryOf(message) });
	}
	return fresh;
}

module.exports = { runProcessStep, readNewLogEntries, logEntryOf };
