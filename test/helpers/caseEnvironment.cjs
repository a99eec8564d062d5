'use strict';

/**
 * The n8n environment of the case runner for steps that need the package's templates. It is one
 * n8n with the packed package, every template of workflows/ and a webhook runner per template
 * task. The "VTEX account" credential points at the case's sandbox, the Data Tables of
 * scripts/setup-tables.js exist, and the notification receive template listens with its VTEX
 * Trigger.
 *
 * n8n starts on the first step that needs it and stays up for the next cases of the same
 * sandbox. Each case begins by clearing every table of the package and writing the case's
 * packageState and settings, so cases do not see each other's state. The starter is a plug-in
 * (see Starter), so that a queue-mode stack can replace the single n8n.
 */

const fs = require('node:fs');
const path = require('node:path');
const { startN8n } = require('../../scripts/n8n-runtime');
const { N8nServer } = require('../../scripts/runtime/server');
const { TABLES, setupTables } = require('../../scripts/setup-tables');
const fixtures = require('../e2e/fixtures/index.cjs');
const { writePackageState, writeSettings } = require('./casePackageState.cjs');

const WORKFLOWS_DIR = path.resolve(__dirname, '..', '..', 'workflows');

/** Shared secret of the receive template's VTEX Trigger in replays; local use only. */
const RECEIVE_SECRET = 'case-receive-secret-52d8';

const TEMPLATE_IDS = {
	receive: 'vtexNotificationsReceive01',
	apply: 'vtexNotificationsApply01',
	reconcile: 'vtexReconcile01',
	initialLoad: 'vtexInitialLoad01',
	retryPending: 'vtexRetryPending01',
	mapperMapping: 'vtexMapperMapping01',
};

/** Templates that others call, activated first so that their callers find them published. */
const CALLED_FIRST = ['vtexMarketplacePublish01', 'vtexPriceStockApply01'];

/**
 * Runner workflows: POST /webhook/<path> calls one template with the body's fields as inputs
 * and responds with the template's last item once its execution has finished.
 */
const RUNNERS = {
	apply: {
		id: 'vtexCaseApplyRunner01',
		path: 'vtex-case-notifications-apply',
		webhookId: '0b7d2e94-61a3-4c5f-9d18-3e6a0c4b7f21',
		workflowId: TEMPLATE_IDS.apply,
		inputs: ['salesChannel', 'affiliateId', 'marketplaceUrl', 'batchSize'],
	},
	reconcile: {
		id: 'vtexCaseReconcileRunner01',
		path: 'vtex-case-reconcile',
		webhookId: '5e1a8c37-2d90-4b6e-a7f4-9c0d3b8e6a52',
		workflowId: TEMPLATE_IDS.reconcile,
		inputs: ['scope', 'salesChannel', 'affiliateId', 'marketplaceUrl', 'pageSize'],
	},
	initialLoad: {
		id: 'vtexCaseLoadRunner01',
		path: 'vtex-case-initial-load',
		webhookId: '9a4f6b12-8e3c-4d71-b5a0-2f7c1e9d4b63',
		workflowId: TEMPLATE_IDS.initialLoad,
		inputs: ['salesChannel', 'affiliateId', 'marketplaceUrl', 'force'],
	},
	retryPending: {
		id: 'vtexCaseRetryRunner01',
		path: 'vtex-case-retry-pending',
		webhookId: '3c8e0d56-7b1f-4a92-8e63-d4a2f6c0b874',
		workflowId: TEMPLATE_IDS.retryPending,
		inputs: ['salesChannel', 'affiliateId', 'marketplaceUrl'],
	},
};

/** Maximum apply runs of one `process` step. A row dead-letters after 10 failed runs. */
const MAX_APPLY_RUNS = 15;

/** Page size of the logs endpoint reads, and the maximum pages read per day. */
const LOG_PAGE_SIZE = 500;
const MAX_LOG_PAGES = 40;

/**
 * @typedef {object} StartRequest
 * @property {string} sandboxUrl
 * @property {Array<Record<string, unknown>>} credentials to import before start
 * @property {Array<Record<string, unknown>>} workflows to import before start, with their ids
 * @property {string[]} activate workflow ids to publish, in this order, after the tables exist
 * @property {string[]} requireNodeTypes node types that must have loaded
 * @property {(line: string) => void} log
 */

/**
 * @typedef {object} StartedN8n
 * @property {string} baseUrl main instance, which serves the REST API and the webhooks
 * @property {string} apiKey public API key with the Data Table and execution scopes
 * @property {() => Promise<void>} stop stops every process the starter started
 */

/**
 * Starts n8n for an environment. It must import `credentials` and `workflows`, create the
 * Data Tables (scripts/setup-tables.js) and then publish `activate`.
 * @typedef {(request: StartRequest) => Promise<StartedN8n>} Starter
 */

/**
 * Tells whether an error is a failed connection of fetch, whose message is "fetch failed".
 * @param {unknown} error
 */
function isConnectionFailure(error) {
	return error instanceof Error && error.name === 'TypeError' && error.message === 'fetch failed';
}

/** @type {Starter} */
async function startSingleN8n(request) {
	const options = {
		credentials: request.credentials,
		workflows: request.workflows,
		activate: request.activate,
		requireNodeTypes: request.requireNodeTypes,
		tables: true,
		log: request.log,
	};
	let server;
	try {
		server = await startN8n(options);
	} catch (error) {
		// NOTE: under Jest, a request to a freshly started n8n failed with "fetch failed" in the
		// first start of a test file, and a second start in the same process worked. The cause is
		// unknown, so a connection failure starts n8n once more; startN8n stopped the first one.
		if (!isConnectionFailure(error)) throw error;
		const cause = /** @type {Error & {cause?: unknown}} */ (error).cause;
		request.log(`n8n start failed with a connection error (${String(cause)}); starting again`);
		server = await startN8n(options);
	}
	return {
		baseUrl: server.baseUrl,
		apiKey: String(server.apiKey),
		stop: async () => {
			await server.stop();
		},
	};
}

/**
 * Reads every template of workflows/ and adapts three of them to replays. The receive trigger
 * gets the replay secret and saves successful executions, which a notify step counts, with a log
 * line. The schedules of apply and reconcile are disabled, because `process` and `run` steps
 * decide when those run.
 * @param {(line: string) => void} log
 */
function replayTemplates(log) {
	const templates = fs
		.readdirSync(WORKFLOWS_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')));

	for (const template of templates) {
		if (template.id === TEMPLATE_IDS.receive) {
			const trigger = template.nodes.find((node) => node.type.endsWith('.vtexTrigger'));
			trigger.parameters.secret = RECEIVE_SECRET;
			if (template.settings?.saveDataSuccessExecution !== 'all') {
				template.settings = { ...template.settings, saveDataSuccessExecution: 'all' };
				log(
					`Case runner: saving the data of successful executions of "${template.name}" to count ` +
						'the executions a notify step starts (the template in workflows/ keeps its own setting)',
				);
			}
		}
		if (template.id === TEMPLATE_IDS.apply || template.id === TEMPLATE_IDS.reconcile) {
			for (const node of template.nodes) {
				if (node.type === 'n8n-nodes-base.scheduleTrigger') node.disabled = true;
			}
		}
	}
	return templates;
}

/** Builds the runner workflows of RUNNERS. */
function runnerWorkflows() {
	return Object.values(RUNNERS).map((runner) =>
		fixtures.runnerWorkflow({ ...runner, name: `Case runner ${runner.path}` }),
	);
}

class CaseEnvironment {
	/**
	 * @param {{ start?: Starter, log?: (line: string) => void }} [options]
	 */
	constructor(options = {}) {
		this.start = options.start ?? startSingleN8n;
		this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
		/** @type {StartedN8n | null} */
		this.n8n = null;
		/** @type {N8nServer | null} */
		this.client = null;
		/** @type {string | null} */
		this.sandboxUrl = null;
		/** @type {Map<string, string>} */
		this.tableIds = new Map();
		/** Scenario whose packageState is written on the next `ready()`. */
		/** @type {Record<string, any> | null} */
		this.pendingScenario = null;
		/** @type {Record<string, unknown> | null} */
		this.pendingSettings = null;
		/** Start of the current case; the logs endpoint is read for each UTC day since. */
		this.caseStartedAt = new Date();
	}

	/**
	 * Names the engine this environment's n8n runs on, for case checks that compare engines:
	 * one process on SQLite, or queue mode with its workers (a started object with a stack).
	 */
	engine() {
		if (!this.n8n) return 'not started';
		const stack = /** @type {any} */ (this.n8n).stack;
		if (!stack) return 'one process on SQLite';
		return `queue mode on PostgreSQL with ${stack.workers.length} workers`;
	}

	/** Whether n8n is running. */
	get started() {
		return this.n8n !== null;
	}

	/** Whether n8n is running and its tables hold the current case's state. */
	hasCaseState() {
		return this.n8n !== null && this.pendingScenario === null;
	}

	/**
	 * Begins a case: the next `ready()` clears the package's tables and writes the scenario's
	 * packageState and settings.
	 * @param {Record<string, any>} scenario
	 */
	beginCase(scenario) {
		this.pendingScenario = scenario;
		this.pendingSettings = { ...(scenario.settings ?? {}) };
		this.caseStartedAt = new Date();
	}

	/**
	 * Replaces the case's settings in vtex_settings on the next `ready()`.
	 * @param {Record<string, unknown>} settings
	 */
	setSettings(settings) {
		this.pendingSettings = { ...settings };
	}

	/**
	 * Starts n8n for this sandbox when it is not running, then writes what beginCase and
	 * setSettings left pending.
	 * @param {string} sandboxUrl
	 */
	async ready(sandboxUrl) {
		if (this.n8n && this.sandboxUrl !== sandboxUrl) {
			// The credential points at one sandbox, so another sandbox needs a new n8n.
			await this.stop();
		}
		if (!this.n8n) await this.startN8n(sandboxUrl);

		if (this.pendingScenario) {
			await this.clearPackageState();
			await writePackageState(this, this.pendingScenario);
			this.pendingScenario = null;
		}
		if (this.pendingSettings) {
			await writeSettings(this, this.pendingSettings);
			this.pendingSettings = null;
		}
		return this;
	}

	/** @param {string} sandboxUrl */
	async startN8n(sandboxUrl) {
		const started = Date.now();
		const workflows = [...replayTemplates(this.log), ...runnerWorkflows()];
		const ids = workflows.map((workflow) => String(workflow.id));
		const activate = [...CALLED_FIRST, ...ids.filter((id) => !CALLED_FIRST.includes(id))];
		this.n8n = await this.start({
			sandboxUrl,
			credentials: [fixtures.sandboxCredential(sandboxUrl), fixtures.logsCredential()],
			workflows,
			activate: activate.filter((id) => ids.includes(id)),
			requireNodeTypes: [...fixtures.NODE_TYPES, 'n8n-nodes-vtex-marketplace.vtexTrigger'],
			log: this.log,
		});
		this.sandboxUrl = sandboxUrl;
		this.client = new N8nServer({
			baseUrl: this.n8n.baseUrl,
			pid: 0,
			userFolder: '',
			logFile: '',
			child: null,
		});
		this.client.apiKey = this.n8n.apiKey;
		// Idempotent: a starter that created the tables already leaves them as they are.
		await setupTables({ baseUrl: this.n8n.baseUrl, apiKey: this.n8n.apiKey });
		this.tableIds.clear();
		this.log(
			`Case environment: n8n ${this.n8n.baseUrl} ready in ${(Date.now() - started) / 1000} s`,
		);
	}

	/** The n8n client; fails before `ready()`. */
	api() {
		if (!this.client) throw new Error('The case environment has not started n8n: call ready()');
		return this.client;
	}

	/**
	 * Returns the id of a Data Table, or null when n8n has no table of that name.
	 * @param {string} name
	 */
	async findTableId(name) {
		if (!this.tableIds.has(name)) {
			const page = await this.api().requestOk('GET', '/api/v1/data-tables?limit=250', {
				auth: 'apiKey',
			});
			for (const table of page.data) this.tableIds.set(table.name, table.id);
		}
		return this.tableIds.get(name) ?? null;
	}

	/** @param {string} name */
	async tableId(name) {
		const id = await this.findTableId(name);
		if (!id) throw new Error(`Data Table ${name} not found in the case environment's n8n`);
		return id;
	}

	/**
	 * Reads every row of a Data Table.
	 * @param {string} name
	 * @returns {Promise<Array<Record<string, any>>>}
	 */
	async tableRows(name) {
		const id = await this.tableId(name);
		const rows = [];
		let cursor = '';
		// 200 pages of 250 rows is far more than a case writes.
		for (let page = 0; page < 200; page++) {
			const query = `limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
			const body = await this.api().requestOk('GET', `/api/v1/data-tables/${id}/rows?${query}`, {
				auth: 'apiKey',
			});
			rows.push(...body.data);
			if (!body.nextCursor) return rows;
			cursor = body.nextCursor;
		}
		throw new Error(`Data Table ${name} has more than 50,000 rows`);
	}

	/**
	 * Inserts rows in requests of 1,000.
	 * @param {string} name
	 * @param {Array<Record<string, unknown>>} rows
	 */
	async insertRows(name, rows) {
		const id = await this.tableId(name);
		for (let start = 0; start < rows.length; start += 1000) {
			await this.api().requestOk('POST', `/api/v1/data-tables/${id}/rows`, {
				auth: 'apiKey',
				body: { data: rows.slice(start, start + 1000), returnType: 'count' },
				timeoutMs: 60000,
			});
		}
	}

	/** @param {string} name */
	async clearTable(name) {
		const id = await this.tableId(name);
		await this.api().requestOk('DELETE', `/api/v1/data-tables/${id}/rows/clear`, {
			auth: 'apiKey',
		});
	}

	/** Deletes every row of every table of scripts/setup-tables.js that n8n has. */
	async clearPackageState() {
		for (const { name } of TABLES) {
			if (await this.findTableId(name)) await this.clearTable(name);
		}
	}

	/**
	 * Calls a runner workflow and returns its response; a status other than 200 is an error.
	 * @param {keyof typeof RUNNERS} runner
	 * @param {Record<string, unknown>} inputs every input of the runner not given is sent as ''
	 */
	async runTemplate(runner, inputs) {
		const definition = RUNNERS[runner];
		/** @type {Record<string, string>} */
		const body = {};
		for (const input of definition.inputs) {
			const value = inputs[input];
			body[input] = value === undefined || value === null ? '' : String(value);
		}
		const response = await this.api().callWebhook(definition.path, body, {
			timeoutMs: 10 * 60 * 1000,
		});
		if (response.status !== 200) {
			throw new Error(
				`The ${definition.workflowId} template failed with ${response.status}: ` +
					JSON.stringify(response.body).slice(0, 500),
			);
		}
		return response.body;
	}

	/** Marketplace inputs that every template run gets from the case's sandbox. */
	marketplaceInputs() {
		return { affiliateId: 'KTZ', marketplaceUrl: `${this.sandboxUrl}/mkt` };
	}

	/**
	 * Runs the apply template until vtex_pending is empty, each run waiting for its execution
	 * to finish. Fails when rows are left after MAX_APPLY_RUNS runs.
	 * @param {string | number} salesChannel
	 */
	async processPending(salesChannel) {
		const summaries = [];
		for (let run = 0; run < MAX_APPLY_RUNS; run++) {
			if ((await this.tableRows('vtex_pending')).length === 0) return summaries;
			summaries.push(
				await this.runTemplate('apply', { salesChannel, ...this.marketplaceInputs() }),
			);
		}
		const left = await this.tableRows('vtex_pending');
		if (left.length > 0) {
			throw new Error(
				`vtex_pending still has ${left.length} rows after ${MAX_APPLY_RUNS} apply runs ` +
					`(SKUs ${left.map((row) => row.skuId).join(', ')})`,
			);
		}
		return summaries;
	}

	/**
	 * The receive template's VTEX Trigger as the runner's notify steps use it.
	 * @returns {import('./caseRunner.cjs').TriggerEndpoint}
	 */
	receiveTrigger() {
		const client = this.api();
		const trigger = JSON.parse(
			fs.readFileSync(path.join(WORKFLOWS_DIR, 'notifications-receive.json'), 'utf8'),
		).nodes.find((/** @type {any} */ node) => node.type.endsWith('.vtexTrigger'));
		const url = new URL(`${client.baseUrl}/webhook/${trigger.webhookId}/notification`);
		url.searchParams.set('token', RECEIVE_SECRET);
		return {
			async send(body) {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
					signal: AbortSignal.timeout(30000),
				});
				return { status: response.status, text: await response.text() };
			},
			async executions() {
				const list = await client.executions(TEMPLATE_IDS.receive, { limit: 250 });
				return list
					.filter((/** @type {any} */ execution) => execution.finished || execution.stoppedAt)
					.map((/** @type {any} */ execution) => ({
						id: String(execution.id),
						status: execution.status === 'success' ? 'success' : 'error',
						items: (
							execution.data?.resultData?.runData?.['VTEX Trigger']?.[0]?.data?.main?.[0] ?? []
						).map((/** @type {{json: Record<string, unknown>}} */ item) => item.json),
					}));
			},
			// The environment outlives the step; stop() of the environment ends n8n.
			async stop() {},
		};
	}

	/**
	 * Reads the log entries of the current case through the logs-endpoint template, in VTEX's
	 * shape, for every UTC day since the case began.
	 * @returns {Promise<Array<Record<string, any>>>}
	 */
	async logEntries() {
		const client = this.api();
		const entries = [];
		for (const day of utcDaysSince(this.caseStartedAt)) {
			for (let page = 1; page <= MAX_LOG_PAGES; page++) {
				const query = new URLSearchParams({
					DateAt: day,
					status: 'all',
					page: String(page),
					pageSize: String(LOG_PAGE_SIZE),
				});
				const url = `${client.baseUrl}/webhook/${fixtures.logsWebhookPath('acmestore')}?${query}`;
				const response = await fetch(url, {
					headers: { [fixtures.LOGS_SECRET_HEADER]: fixtures.LOGS_SECRET },
					signal: AbortSignal.timeout(60000),
				});
				const body = await response.json();
				if (!response.ok) {
					throw new Error(`The logs endpoint returned ${response.status}: ${JSON.stringify(body)}`);
				}
				entries.push(...(body.Messages ?? []));
				if ((body.Messages ?? []).length < LOG_PAGE_SIZE) break;
			}
		}
		return entries;
	}

	/** Stops n8n; the next `ready()` starts a new one with empty tables. */
	async stop() {
		const n8n = this.n8n;
		this.n8n = null;
		this.client = null;
		this.sandboxUrl = null;
		if (n8n) await n8n.stop();
	}
}

/**
 * Returns the UTC days (YYYY-MM-DD) from `since` to now.
 * @param {Date} since
 */
function utcDaysSince(since) {
	const days = [];
	const day = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()));
	const today = new Date().toISOString().slice(0, 10);
	// A case lasts minutes, so this covers at most two days; the bound guards a wrong clock.
	for (let index = 0; index < 7; index++) {
		const text = day.toISOString().slice(0, 10);
		days.push(text);
		if (text >= today) break;
		day.setUTCDate(day.getUTCDate() + 1);
	}
	return days;
}

/**
 * @param {{ start?: Starter, log?: (line: string) => void }} [options]
 */
function createCaseEnvironment(options) {
	return new CaseEnvironment(options);
}

module.exports = { createCaseEnvironment, CaseEnvironment, startSingleN8n, RUNNERS, TEMPLATE_IDS };
