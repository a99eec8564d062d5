'use strict';

/**
 * Case environments that differ from the default single n8n, keyed by the `case` field of
 * scenario.json. The case tests and `npm run cases` read this table, so both replay a case on
 * the same kind of n8n.
 */

const { queueStarter } = require('./queueCaseStarter.cjs');

/**
 * Environment of every n8n process of case 19. Filesystem binary data mode writes each
 * process's files under its own user folder, and the stack shares no folder between processes.
 */
const BINARY_FILESYSTEM_ENV = { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' };

/** @type {Record<string, () => import('./caseEnvironment.cjs').Starter>} */
const CASE_STARTERS = {
	// Main and two workers, each with the package. The case test adds the control run, in which
	// only main has it.
	'18-queue-mode-node-on-one-worker': () => queueStarter(),
	'19-queue-mode-binary-data': () =>
		queueStarter({ workers: 1, concurrency: 2, extraEnv: BINARY_FILESYSTEM_ENV }),
};

/**
 * Returns the starter of a case, or undefined for the default single n8n.
 * @param {{ case?: string }} scenario
 */
function starterForCase(scenario) {
	const create = scenario.case === undefined ? undefined : CASE_STARTERS[scenario.case];
	return create?.();
}

module.exports = { starterForCase, BINARY_FILESYSTEM_ENV };
