'use strict';

/**
 * One sandbox and one case environment shared by the cases of a test file, so that n8n starts
 * once per file. Each replay reloads the sandbox and clears the package's tables first.
 */

const { startSandbox } = require('../../sandbox');
const { runCase } = require('./caseRunner.cjs');
const { PROCEDURES } = require('./caseProcedures.cjs');
const { loadStepProcedures } = require('./stepProcedures/index.cjs');
const { QUEUE_PROCEDURES } = require('./queueProcedures.cjs');
const { createCaseEnvironment } = require('./caseEnvironment.cjs');
const { createTemplateTasks } = require('./templateTasks.cjs');
const { queueStarter } = require('./queueCaseStarter.cjs');

/**
 * @typedef {{ start?: import('./caseEnvironment.cjs').Starter,
 *   procedures?: Record<string, import('./caseChecks.cjs').ProcedureCheck>,
 *   log?: (line: string) => void, secondEngine?: boolean }} GroupOptions
 */

/**
 * Returns a function that replays a case on the other engine, for checks that expect a case to
 * pass on both. A group with its own `start` (queue mode) replays on one n8n with SQLite. Any
 * other group replays in queue mode with two workers. The second group starts only when a
 * check calls the function, and stops when its replay ends.
 * @param {GroupOptions} options
 * @returns {((folder: string) => Promise<import('./caseChecks.cjs').OtherEngineReplay>) | null}
 *   null inside the second group, which has no further engine
 */
function otherEngineOf(options) {
	if (options.secondEngine) return null;
	return async (/** @type {string} */ folder) => {
		const other = await startCaseGroup({
			...options,
			start: options.start ? undefined : queueStarter({ workers: 2 }),
			secondEngine: true,
		});
		try {
			const result = await other.replay(folder);
			return { ...result, engine: other.environment.engine() };
		} finally {
			await other.stop();
		}
	};
}

/**
 * Starts the sandbox; n8n starts on the first step that needs it. `procedures` adds scripted
 * procedure checks to those of caseProcedures.cjs and queueProcedures.cjs.
 * @param {GroupOptions} [options]
 */
async function startCaseGroup(options = {}) {
	const sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
	const environment = createCaseEnvironment(options);
	const tasks = createTemplateTasks(environment);
	return {
		sandboxUrl: sandbox.url,
		environment,
		tasks,
		/**
		 * Replays one case folder in the shared environment.
		 * @param {string} folder
		 */
		replay: (folder) =>
			runCase({
				folder,
				tasks,
				procedures: { ...PROCEDURES, ...QUEUE_PROCEDURES, ...options.procedures },
				stepProcedures: loadStepProcedures(),
				environment,
				sandboxUrl: sandbox.url,
				log: options.log,
				otherEngine: otherEngineOf(options),
			}),
		async stop() {
			try {
				await environment.stop();
			} finally {
				await sandbox.close();
			}
		},
	};
}

module.exports = { startCaseGroup, otherEngineOf };
