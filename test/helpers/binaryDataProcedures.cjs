'use strict';

/**
 * Scripted `procedure` checks of the queue-mode binary data case (19). They read what the
 * `activate` step procedure (stepProcedures/case19.cjs) left: the executions with their full
 * data, as the trigger endpoint last read them, and a reader of every n8n process log.
 */

const fs = require('node:fs');
const path = require('node:path');
const { triggerItems } = require('./imageUploadWorkflow.cjs');

/** @typedef {import('./caseChecks.cjs').CheckContext} CheckContext */

/**
 * Patterns of log lines and error messages that report missing binary data or a missing file:
 * the file system's ENOENT and "no such file", and texts of n8n 2.40.7 such as "Binary data
 * file not found", "has no binary field", "No binary data manager found" and "expects the
 * node's input data to contain a binary file".
 */
const MISSING_BINARY_PATTERNS = [
	/ENOENT/,
	/no such file/i,
	/binary[^\n]{0,80}\b(not found|missing|does not exist|could not be found)\b/i,
	/\b(not found|missing|no|could not find)\b[^\n]{0,40}binary (data|file|field|property)/i,
	/contain a binary file/i,
];

/** Maximum length of a matched line shown in a check's detail. */
const MAX_SHOWN_LINE = 160;

/**
 * Returns what the activate step left, or null before it ran.
 * @param {CheckContext} context
 * @returns {{ observed: { executions: any[] }, readLogs: () => Record<string, string>,
 *   userFolders: Record<string, string> } | null}
 */
function activated(context) {
	return /** @type {any} */ (context.factsOf('activate'));
}

/**
 * Returns the error messages of an execution: the execution's own error and those of its
 * nodes' runs.
 * @param {any} execution
 */
function executionErrors(execution) {
	const resultData = execution.data?.resultData ?? {};
	const messages = [];
	if (resultData.error) messages.push(String(resultData.error.message ?? resultData.error));
	for (const [node, runs] of Object.entries(resultData.runData ?? {})) {
		for (const run of /** @type {any[]} */ (runs)) {
			if (run.error) messages.push(`${node}: ${run.error.message ?? run.error}`);
		}
	}
	return messages;
}

/**
 * Returns the lines of a text that match a missing-binary pattern.
 * @param {string} text
 */
function missingBinaryLines(text) {
	return text
		.split('\n')
		.filter((line) => MISSING_BINARY_PATTERNS.some((pattern) => pattern.test(line)))
		.map((line) => line.trim().slice(0, MAX_SHOWN_LINE));
}

/**
 * Counts the binary data references in every node's output, by the storage mode that n8n
 * writes before the colon of a reference id (such as `filesystem-v2` or `database`).
 * @param {any[]} executions
 */
function binaryModes(executions) {
	/** @type {Record<string, number>} */
	const counts = {};
	for (const execution of executions) {
		for (const runs of Object.values(execution.data?.resultData?.runData ?? {})) {
			for (const run of /** @type {any[]} */ (runs)) {
				for (const item of (run.data?.main ?? []).flat()) {
					for (const binary of Object.values(item?.binary ?? {})) {
						const mode = String(/** @type {any} */ (binary).id ?? 'in memory').split(':')[0];
						counts[mode] = (counts[mode] ?? 0) + 1;
					}
				}
			}
		}
	}
	return counts;
}

/**
 * Counts the files under a folder, down to a bounded depth, or 0 when it does not exist.
 * @param {string} folder
 * @param {number} [depth]
 */
function countFiles(folder, depth = 8) {
	if (depth < 0 || !fs.existsSync(folder)) return 0;
	let count = 0;
	for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
		const entryPath = path.join(folder, entry.name);
		if (entry.isDirectory()) count += countFiles(entryPath, depth - 1);
		else count += 1;
	}
	return count;
}

/** @type {Record<string, (context: CheckContext) => {ok: boolean, detail: string}>} */
const BINARY_DATA_PROCEDURES = {
	'The output item of the VTEX Trigger has no binary property.': (context) => {
		const facts = activated(context);
		if (!facts?.observed) return { ok: false, detail: 'the activate step left no executions' };
		const executions = facts.observed.executions;
		const items = executions.flatMap((execution) => triggerItems(execution));
		const withBinary = items.filter((item) => item.binary !== undefined);
		const keys = [...new Set(items.flatMap((item) => Object.keys(item)))].sort();
		return {
			ok: items.length > 0 && withBinary.length === 0,
			detail:
				`${executions.length} execution(s), ${items.length} trigger item(s), ` +
				`${withBinary.length} with binary; item keys: ${keys.join(', ') || 'none'}`,
		};
	},

	'No execution error and no process log mentions missing binary data or a missing file.': (
		context,
	) => {
		const facts = activated(context);
		if (!facts?.observed || !facts.readLogs) {
			return { ok: false, detail: 'the activate step left no executions or logs' };
		}
		const executions = facts.observed.executions;
		const errors = executions.flatMap((execution) =>
			executionErrors(execution).map((message) => `execution ${execution.id}: ${message}`),
		);
		const logs = facts.readLogs();
		const emptyLogs = Object.entries(logs)
			.filter(([, log]) => log.trim() === '')
			.map(([name]) => name);
		const matched = Object.entries(logs).flatMap(([name, log]) =>
			missingBinaryLines(log).map((line) => `${name}: ${line}`),
		);
		// The reference ids and the files in each storage folder show in which mode and on
		// which process the binary data was written.
		const storedFiles = Object.entries(facts.userFolders)
			.map(([name, folder]) => `${name} ${countFiles(path.join(folder, '.n8n', 'storage'))}`)
			.join(', ');
		const references = Object.entries(binaryModes(executions))
			.map(([mode, count]) => `${mode} ${count}`)
			.join(', ');
		const ok =
			executions.length > 0 &&
			errors.length === 0 &&
			matched.length === 0 &&
			emptyLogs.length === 0;
		return {
			ok,
			detail:
				`${executions.length} execution(s) read, errors: ${errors.join(' | ') || 'none'}; ` +
				`logs read: ${Object.keys(logs).join(', ')}` +
				`${emptyLogs.length > 0 ? ` (empty: ${emptyLogs.join(', ')})` : ''}; ` +
				`missing-file lines: ${matched.slice(0, 3).join(' | ') || 'none'}; ` +
				`binary data references by mode: ${references || 'none'}; ` +
				`files in each storage folder: ${storedFiles}`,
		};
	},
};

module.exports = { BINARY_DATA_PROCEDURES, MISSING_BINARY_PATTERNS };
