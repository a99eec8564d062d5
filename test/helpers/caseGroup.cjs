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

/**
 * Starts the sandbox; n8n starts on the first step that needs it. `procedures` adds scripted
 * procedure checks to those of caseProcedures.cjs and queueProcedures.cjs.
 * @param {{ start?: import('./caseEnvironment.cjs').Starter,
 *   procedures?: Record<string, (context: any) => {ok: boolean, detail: string}>,
 *   log?: (line: string) => void }} [options]
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

module.exports = { startCaseGroup };
