'use strict';

/**
 * n8n in queue mode (PostgreSQL, Redis, main and two workers, scripts/queue-stack.js) with the
 * initial-load and notification templates, against a sandbox of its own. The end-to-end global
 * setup's single-process n8n keeps running beside it.
 */

const { startSandbox } = require('../../sandbox');
const { startQueueStack, countFinishedExecutions } = require('../../scripts/queue-stack');
const fixtures = require('../e2e/fixtures/index.cjs');
const { initialLoadScenario } = require('./initial-load.cjs');
const { NotificationServers, withNotificationTemplates } = require('./notifications-e2e.cjs');

/** Webhook paths of the pacing workflows, by credential. */
const PACING_PATHS = { shared: 'vtex-pacing-shared', unshared: 'vtex-pacing-unshared' };

/** Credential like the templates' one, but telling the nodes that 2 processes share the limits. */
const SHARED_CREDENTIAL = { id: 'vtexSharedCred01', name: 'VTEX account, 2 processes' };

/**
 * Builds a workflow that prices SKUs `first`..`first + count - 1` (POST body) with one
 * simulation request per SKU and responds with the count of items and of failed items.
 * @param {{ id: string, path: string, webhookId: string, credential: { id: string, name: string } }} options
 */
function pacingWorkflow({ id, path: webhookPath, webhookId, credential }) {
	const node = (/** @type {number} */ index, /** @type {Record<string, unknown>} */ fields) => ({
		id: `${webhookId.slice(0, 24)}00000000000${index}`,
		position: [index * 220, 0],
		...fields,
	});
	return {
		id,
		name: `Pacing ${webhookPath} (tests)`,
		nodes: [
			node(1, {
				name: 'Start',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'lastNode',
					options: {},
				},
				webhookId,
			}),
			node(2, {
				name: 'SKU items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: {
					jsCode:
						'const { first, count } = $input.first().json.body;\n' +
						'return Array.from({ length: Number(count) }, (_, index) => ' +
						'({ json: { skuId: String(Number(first) + index) } }));',
				},
			}),
			node(3, {
				name: 'Price',
				type: 'n8n-nodes-vtex-marketplace.vtexPrice',
				typeVersion: 1,
				parameters: {
					resource: 'simulation',
					operation: 'getPrice',
					skuId: '={{ $json.skuId }}',
					salesChannel: '2',
					affiliateId: 'KTZ',
					// One request per SKU, so that the run sends as many requests as it has SKUs.
					options: { batchSize: 1 },
				},
				credentials: { vtexApi: credential },
				onError: 'continueRegularOutput',
			}),
			node(4, {
				name: 'Count',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: {
					jsCode:
						'const items = $input.all();\n' +
						'return [{ json: { items: items.length, ' +
						'failed: items.filter((item) => item.json.error).length } }];',
				},
			}),
		],
		connections: {
			Start: { main: [[{ node: 'SKU items', type: 'main', index: 0 }]] },
			'SKU items': { main: [[{ node: 'Price', type: 'main', index: 0 }]] },
			Price: { main: [[{ node: 'Count', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		tags: [],
		active: false,
	};
}

/**
 * Adds the shared-budget credential and the two pacing workflows to start options.
 * @param {{ credentials: any[], workflows: unknown[], activate: string[] }} startOptions
 * @param {string} sandboxUrl
 */
function withPacingWorkflows(startOptions, sandboxUrl) {
	const shared = fixtures.sandboxCredential(sandboxUrl, { processCount: 2 });
	Object.assign(shared, SHARED_CREDENTIAL);
	const unshared = fixtures.sandboxCredential(sandboxUrl);
	const workflows = [
		pacingWorkflow({
			id: 'vtexPacingShared01',
			path: PACING_PATHS.shared,
			webhookId: '4f2a8c61-9d3e-4b7a-8e15-c6d0a9b3e701',
			credential: SHARED_CREDENTIAL,
		}),
		pacingWorkflow({
			id: 'vtexPacingUnshared01',
			path: PACING_PATHS.unshared,
			webhookId: '7c5e1b94-2a6f-4d08-9b37-e1f4c8a2d702',
			credential: { id: unshared.id, name: unshared.name },
		}),
	];
	return {
		...startOptions,
		credentials: [...startOptions.credentials, shared],
		workflows: [...startOptions.workflows, ...workflows],
		activate: [...startOptions.activate, ...workflows.map((workflow) => workflow.id)],
	};
}

/**
 * Starts a sandbox with `skuCount` generated SKUs and the queue stack with every template and
 * the pacing workflows imported and published. `stop()` ends all of it, by PID.
 * @param {{ skuCount: number, workers?: number, concurrency?: number,
 *   log?: (line: string) => void }} options
 */
async function startQueueServers({ skuCount, workers = 2, concurrency = 2, log = () => {} }) {
	const sandbox = await startSandbox({ port: 0, scenario: initialLoadScenario({ skuCount }) });
	/** @type {any} */
	let stack;
	try {
		const templates = withNotificationTemplates(fixtures.initialLoadStartOptions(sandbox.url));
		stack = await startQueueStack({
			...withPacingWorkflows(templates, sandbox.url),
			workers,
			concurrency,
			log,
		});
	} catch (error) {
		await sandbox.close();
		throw error;
	}
	return new QueueServers(sandbox, stack);
}

/** The notification helpers of NotificationServers, on the queue stack's main process. */
class QueueServers extends NotificationServers {
	/**
	 * @param {any} sandbox
	 * @param {any} stack
	 */
	constructor(sandbox, stack) {
		super(sandbox, stack.main, stack.main.userFolder);
		this.stack = stack;
	}

	/**
	 * Runs the initial load through its runner webhook for sales channel 2 and affiliate KTZ.
	 * @returns {Promise<{ status: number, summary: any }>}
	 */
	async runInitialLoad() {
		const response = await this.server.callWebhook(fixtures.RUNNER_WEBHOOK_PATH, {
			salesChannel: '2',
			affiliateId: 'KTZ',
			marketplaceUrl: `${this.sandbox.url}/mkt`,
		});
		return { status: response.status, summary: response.body };
	}

	/**
	 * Inserts rows into a Data Table through n8n's public API.
	 * @param {string} name
	 * @param {Array<Record<string, unknown>>} rows
	 */
	async insertRows(name, rows) {
		const id = await this.tableId(name);
		await this.server.requestOk('POST', `/api/v1/data-tables/${id}/rows`, {
			auth: 'apiKey',
			body: { data: rows, returnType: 'count' },
		});
	}

	/**
	 * Runs a pacing workflow on SKUs `first`..`first + count - 1`.
	 * @param {'shared' | 'unshared'} credential
	 * @param {number} first
	 * @param {number} count
	 * @returns {Promise<{ items: number, failed: number }>}
	 */
	async runPacing(credential, first, count) {
		const response = await this.server.callWebhook(PACING_PATHS[credential], { first, count });
		if (response.status !== 200) {
			throw new Error(
				`Pacing run failed with ${response.status}: ${JSON.stringify(response.body)}`,
			);
		}
		return response.body;
	}

	/** Reads every n8n process log, by process name (main, worker-1, ...). */
	readLogs() {
		return this.stack.readLogs();
	}

	/** Stops the stack (workers, main, Redis, PostgreSQL) and the sandbox. */
	async stop() {
		try {
			await this.stack.stop();
		} finally {
			await this.sandbox.close();
		}
	}
}

/**
 * Writes a measured value to the test output (stderr), prefixed with the suite's name.
 * @param {string} text
 */
function reportLine(text) {
	process.stderr.write(`[queue-mode] ${text}\n`);
}

module.exports = { startQueueServers, QueueServers, countFinishedExecutions, reportLine };
