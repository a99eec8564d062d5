'use strict';

/**
 * A starter of the case environment (caseEnvironment.cjs) that runs n8n in queue mode:
 * PostgreSQL, Redis, main and workers from scripts/queue-stack.js. The started object keeps the
 * stack, so that the queue-mode procedures can read the process logs and user folders.
 */

const { startQueueStack } = require('../../scripts/queue-stack');

/**
 * Returns a Starter for the case environment.
 * @param {{ installOn?: string[], workers?: number, concurrency?: number,
 *   extraEnv?: NodeJS.ProcessEnv }} [options]
 *   `installOn` names the processes that get the package (default: main and every worker).
 *   `extraEnv` is added to the environment of every n8n process, main and workers.
 * @returns {import('./caseEnvironment.cjs').Starter}
 */
function queueStarter(options = {}) {
	return async (request) => {
		const stackOptions = {
			credentials: request.credentials,
			workflows: request.workflows,
			activate: request.activate,
			requireNodeTypes: request.requireNodeTypes,
			tables: true,
			workers: options.workers ?? 2,
			concurrency: options.concurrency ?? 2,
			installOn: options.installOn,
			extraEnv: options.extraEnv,
			log: request.log,
		};
		let stack;
		try {
			stack = await startQueueStack(stackOptions);
		} catch (error) {
			// NOTE: as with the single n8n of caseEnvironment.cjs, the first start in a Jest test file
			// failed once with "fetch failed" on a loaded machine, for a reason not found. A failed
			// start has stopped its processes, so the stack starts once more.
			if (!(error instanceof Error && error.message === 'fetch failed')) throw error;
			request.log('Queue stack start failed with a connection error; starting again');
			stack = await startQueueStack(stackOptions);
		}
		return {
			baseUrl: stack.main.baseUrl,
			apiKey: String(stack.main.apiKey),
			stack,
			stop: async () => {
				await stack.stop();
			},
		};
	};
}

module.exports = { queueStarter };
