'use strict';

/**
 * Procedure steps of the queue-mode case (18). They need a case environment started by the
 * queue-mode starter (test/helpers/queueCaseStarter.cjs), whose started object keeps the stack.
 */

const fs = require('node:fs');
const path = require('node:path');
const { isProcessAlive } = require('../../../scripts/runtime/process');

/** Workflows whose executions the notification flow starts. */
const RECEIVE_ID = 'vtexNotificationsReceive01';
const APPLY_ID = 'vtexNotificationsApply01';

/**
 * Starts the environment and returns its queue stack, or a failed result naming the fix.
 * @param {import('../caseRunner.cjs').StepProcedureContext} context
 */
async function queueStackOf(context) {
	if (!context.environment) {
		return { failure: { ok: false, detail: 'this step needs the case environment' } };
	}
	await context.environment.ready(context.sandboxUrl);
	const stack = /** @type {any} */ (context.environment.n8n)?.stack;
	if (!stack) {
		return {
			failure: {
				ok: false,
				detail:
					'n8n does not run in queue mode: start the case environment with queueStarter() ' +
					'of test/helpers/queueCaseStarter.cjs',
			},
		};
	}
	return { stack };
}

/**
 * Tells whether the package is installed in a process's user folder.
 * @param {string} userFolder
 */
function hasPackage(userFolder) {
	const manifest = ['.n8n', 'nodes', 'node_modules', 'n8n-nodes-vtex-marketplace', 'package.json'];
	return fs.existsSync(path.join(userFolder, ...manifest));
}

/**
 * Reads the error messages of every failed execution.
 * @param {any} client
 */
async function failedExecutionMessages(client) {
	const query = 'status=error&includeData=true&limit=250';
	const page = await client.requestOk('GET', `/api/v1/executions?${query}`, {
		auth: 'apiKey',
		timeoutMs: 120000,
	});
	return page.data.map((/** @type {any} */ execution) => {
		const error = execution.data?.resultData?.error;
		return `execution ${execution.id}: ${error?.message ?? 'no error message'}`;
	});
}

/** @type {Record<string, import('../caseRunner.cjs').StepProcedure>} */
const STEP_PROCEDURES = {
	'Install the packed package into the community-nodes folder of each of three user folders: main, worker-1, worker-2.':
		async (context) => {
			const { stack, failure } = await queueStackOf(context);
			if (failure) return failure;
			const names = ['main', ...stack.workers.map((/** @type {any} */ worker) => worker.name)];
			/** @type {Record<string, boolean>} */
			const installed = {};
			for (const name of names) installed[name] = hasPackage(path.join(stack.root, name));
			const withPackage = names.filter((name) => installed[name]);
			const without = names.filter((name) => !installed[name]);
			return {
				ok: withPackage.length > 0,
				detail: `package in ${withPackage.join(', ') || 'no folder'}; missing in ${without.join(', ') || 'no folder'}`,
				facts: { installed },
			};
		},

	'Start Postgres and Redis (Debian packages, own ports on 127.0.0.1), the sandbox, main (EXECUTIONS_MODE=queue) and worker-1, worker-2 (n8n worker --concurrency=2), each with its own user folder and task-runner broker port, sharing database, Redis and encryption key.':
		async (context) => {
			const { stack, failure } = await queueStackOf(context);
			if (failure) return failure;
			/** @type {Record<string, number>} */
			const pids = {
				postgres: stack.postgres?.pid ?? 0,
				redis: stack.redis?.pid ?? 0,
				main: stack.main?.pid ?? 0,
			};
			for (const worker of stack.workers) pids[worker.name] = worker.pid;
			const stopped = Object.entries(pids)
				.filter(([, pid]) => !pid || !isProcessAlive(pid))
				.map(([name]) => name);
			return {
				ok: stopped.length === 0 && stack.workers.length === 2,
				detail:
					`${Object.keys(pids).join(', ')} started; ` +
					`${stopped.length === 0 ? 'all running' : `not running: ${stopped.join(', ')}`}`,
				facts: { pids },
			};
		},

	"Import and activate the package's notification templates; the credential points at the sandbox service.":
		async (context) => {
			const { failure } = await queueStackOf(context);
			if (failure) return failure;
			const client = /** @type {any} */ (context.environment).api();
			/** @type {Record<string, boolean>} */
			const active = {};
			for (const id of [RECEIVE_ID, APPLY_ID]) {
				const workflow = await client.requestOk('GET', `/api/v1/workflows/${id}`, {
					auth: 'apiKey',
				});
				active[id] = workflow.active === true;
			}
			const inactive = Object.keys(active).filter((id) => !active[id]);
			return {
				ok: inactive.length === 0,
				detail: inactive.length === 0 ? 'receive and apply are active' : `inactive: ${inactive}`,
				facts: { active },
			};
		},

	'Keep the log of every n8n process and the sandbox journal.': async (context) => {
		const { stack, failure } = await queueStackOf(context);
		if (failure) return failure;
		const environment = /** @type {any} */ (context.environment);
		const receiveExecutions = await environment.receiveTrigger().executions();
		const { entries } = await context.control('journal');
		return {
			ok: true,
			detail: `${Object.keys(stack.readLogs()).length} process logs, ${entries.length} journal entries`,
			facts: {
				logs: stack.readLogs(),
				journal: entries,
				receiveExecutions,
				failedExecutionMessages: await failedExecutionMessages(environment.api()),
			},
		};
	},
};

module.exports = { STEP_PROCEDURES };
