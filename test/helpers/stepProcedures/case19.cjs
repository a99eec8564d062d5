'use strict';

/**
 * Procedure steps of case 19 (binary data in queue mode). They need a case environment started
 * by the case 19 starter of test/helpers/caseStarters.cjs: main and one worker, each with its
 * own user folder, and N8N_DEFAULT_BINARY_DATA_MODE=filesystem.
 */

const fs = require('node:fs');
const path = require('node:path');
const { isProcessAlive } = require('../../../scripts/runtime/process');
const { imageUploadWorkflow, imageUploadTrigger } = require('../imageUploadWorkflow.cjs');
const { BINARY_FILESYSTEM_ENV } = require('../caseStarters.cjs');

const CREDENTIAL_ID = 'vtexSandboxCred01';
const OFFER_PATH = '/mkt/offers/1001/images';
/** Maximum wait, in milliseconds, for n8n to apply a publish in the background. */
const MAX_PUBLISH_WAIT_MS = 60000;

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
					'n8n does not run in queue mode: start the case environment with the case 19 ' +
					'starter of test/helpers/caseStarters.cjs',
			},
		};
	}
	return { stack };
}

/**
 * Reads one variable of a running process's environment from /proc (Linux only), or null.
 * @param {number} pid
 * @param {string} name
 */
function processEnvValue(pid, name) {
	try {
		const entries = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
		const entry = entries.find((line) => line.startsWith(`${name}=`));
		return entry === undefined ? null : entry.slice(name.length + 1);
	} catch {
		return null;
	}
}

/**
 * Tells whether two folders are the same or one contains the other.
 * @param {string} a
 * @param {string} b
 */
function foldersOverlap(a, b) {
	const inside = (/** @type {string} */ parent, /** @type {string} */ child) => {
		const relative = path.relative(parent, child);
		return !relative.startsWith('..') && !path.isAbsolute(relative);
	};
	return inside(a, b) || inside(b, a);
}

/** @type {Record<string, import('../caseRunner.cjs').StepProcedure>} */
const STEP_PROCEDURES = {
	'Start main and one worker in queue mode (processes on 127.0.0.1, shared database and Redis) with N8N_DEFAULT_BINARY_DATA_MODE=filesystem and a separate user folder for each; load scenario.json into the sandbox.':
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

			const folders = [
				{ name: 'main', folder: stack.main.userFolder },
				...stack.workers.map((/** @type {any} */ worker) => ({
					name: worker.name,
					folder: worker.userFolder,
				})),
			];
			const overlapping = [];
			for (let i = 0; i < folders.length; i++) {
				for (let j = i + 1; j < folders.length; j++) {
					if (foldersOverlap(folders[i].folder, folders[j].folder)) {
						overlapping.push(`${folders[i].name} and ${folders[j].name}`);
					}
				}
			}

			// Main reports the mode its configuration resolved to. A worker serves no settings,
			// so its process environment is read instead, because n8n 2.40.7 uses a mode set
			// there as given, in queue mode too.
			const expectedMode = BINARY_FILESYSTEM_ENV.N8N_DEFAULT_BINARY_DATA_MODE;
			const settings = await stack.main.requestOk('GET', '/rest/settings', { auth: 'cookie' });
			/** @type {Record<string, string | null>} */
			const modes = { main: (settings.data ?? settings).binaryDataMode ?? null };
			for (const worker of stack.workers) {
				modes[worker.name] = processEnvValue(worker.pid, 'N8N_DEFAULT_BINARY_DATA_MODE');
			}
			const wrongModes = Object.entries(modes).filter(([, mode]) => mode !== expectedMode);

			const state = await context.control('state');
			const skuCount = state.catalog?.skus?.length ?? 0;
			const modeDetail = Object.entries(modes)
				.map(([name, mode]) => `${name} ${mode} (${name === 'main' ? 'settings' : 'environment'})`)
				.join(', ');
			const ok =
				stopped.length === 0 &&
				stack.workers.length === 1 &&
				overlapping.length === 0 &&
				wrongModes.length === 0 &&
				skuCount > 0;
			return {
				ok,
				detail:
					`${Object.keys(pids).join(', ')} started; ` +
					`${stopped.length === 0 ? 'all running' : `not running: ${stopped.join(', ')}`}; ` +
					`${stack.workers.length} worker(s); ` +
					`user folders ${overlapping.length === 0 ? 'separate' : `shared by ${overlapping.join(', ')}`}; ` +
					`binary data mode: ${modeDetail}; sandbox SKUs: ${skuCount}`,
				facts: { pids, folders, modes },
			};
		},

	'Import and activate a workflow: VTEX Trigger, then VTEX Catalog (SKU images as binary), then an HTTP Request node that posts each binary item to {sandbox}/mkt/offers/1001/images.':
		async (context) => {
			const { stack, failure } = await queueStackOf(context);
			if (failure) return failure;
			const main = stack.main;

			const workflow = imageUploadWorkflow({
				uploadUrl: `${context.sandboxUrl}${OFFER_PATH}`,
				credentialId: CREDENTIAL_ID,
			});
			const created = await main.requestOk('POST', '/api/v1/workflows', {
				auth: 'apiKey',
				body: workflow,
			});
			const workflowId = String(created.id);
			context.onCleanup(async () => {
				await main.request('POST', `/api/v1/workflows/${workflowId}/deactivate`, {
					auth: 'apiKey',
				});
				await main.request('DELETE', `/api/v1/workflows/${workflowId}`, { auth: 'apiKey' });
			});

			const activated = await main.request('POST', `/api/v1/workflows/${workflowId}/activate`, {
				auth: 'apiKey',
			});
			const publication = await main.settledPublication(workflowId, MAX_PUBLISH_WAIT_MS);

			/** Filled by the trigger endpoint each time the runner reads the executions. */
			const observed = { executions: [] };
			context.shared.trigger = imageUploadTrigger(main, workflowId, observed);
			return {
				ok: activated.status === 200 && publication.status === 'published',
				detail:
					`workflow ${workflowId} (${workflow.nodes.map((node) => node.name).join(' -> ')}) ` +
					`imported; activate responded ${activated.status}, publication ${publication.status}`,
				facts: {
					workflowId,
					observed,
					// Read when a check runs, so the logs cover the steps after this one.
					readLogs: () => stack.readLogs(),
					userFolders: Object.fromEntries([
						['main', main.userFolder],
						...stack.workers.map((/** @type {any} */ worker) => [worker.name, worker.userFolder]),
					]),
				},
			};
		},
};

module.exports = { STEP_PROCEDURES };
