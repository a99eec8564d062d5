'use strict';

/**
 * A real n8n of its own, with a sandbox of its own, for the notification templates: receive
 * (VTEX Trigger into vtex_pending), apply, dead-letter requeue and deactivate-all. The suite
 * needs its own server because one test stops and restarts n8n. Runner workflows (a Webhook
 * that calls one template and responds with its last item) start the templates, because
 * `n8n execute` cannot run Data Table nodes.
 */

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { startSandbox } = require('../../sandbox');
const { execFileSync } = require('node:child_process');
const { startN8n, ensureRuntime, startServer, buildAndPack } = require('../../scripts/n8n-runtime');
const fixtures = require('../e2e/fixtures/index.cjs');

const REPO_DIR = path.resolve(__dirname, '..', '..');

/** Shared secret of the receive workflow's trigger in tests. Not a secret. */
const NOTIFICATION_TOKEN = 'local-notify-token-3e9a';

const IDS = {
	marketplacePublish: 'vtexMarketplacePublish01',
	receive: 'vtexNotificationsReceive01',
	apply: 'vtexNotificationsApply01',
	priceStockApply: 'vtexPriceStockApply01',
	requeue: 'vtexDeadLetterRequeue01',
	deactivateAll: 'vtexDeactivateAll01',
	applyRunner: 'vtexApplyRunner01',
	requeueRunner: 'vtexRequeueRunner01',
	deactivateRunner: 'vtexDeactivateRunner01',
};

/** The notification templates and their runners, in the order they are published. */
const NOTIFICATION_WORKFLOW_IDS = [
	IDS.priceStockApply,
	IDS.receive,
	IDS.apply,
	IDS.requeue,
	IDS.deactivateAll,
	IDS.applyRunner,
	IDS.requeueRunner,
	IDS.deactivateRunner,
];

const RUNNER_PATHS = {
	apply: 'vtex-notifications-apply',
	requeue: 'vtex-dead-letter-requeue',
	deactivateAll: 'vtex-deactivate-all',
};

const TABLES = [
	'vtex_id_map',
	'vtex_logs',
	'vtex_pending',
	'vtex_dead_letter',
	'vtex_load_checkpoint',
	'vtex_last_sent',
	'vtex_settings',
];

/**
 * Reads a template of workflows/.
 * @param {string} file
 */
function readTemplate(file) {
	return JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'workflows', file), 'utf8'));
}

/** Builds a runner workflow named after its webhook path; see the fixtures' runnerWorkflow. */
function runnerFor(options) {
	return fixtures.runnerWorkflow({ ...options, name: `Runner ${options.path} (tests)` });
}

/**
 * Returns the templates as the tests import them: the trigger gets the test secret, and the apply
 * workflow's Schedule Trigger is disabled unless `applyEverySeconds` is given, so that tests
 * decide when apply runs.
 * @param {{ applyEverySeconds?: number, includePublish?: boolean, marketplaceUrl?: string }} options
 */
function workflowsToImport({ applyEverySeconds, includePublish = true, marketplaceUrl = '' }) {
	const receive = readTemplate('notifications-receive.json');
	const trigger = receive.nodes.find((node) => node.type.endsWith('.vtexTrigger'));
	trigger.parameters.secret = NOTIFICATION_TOKEN;

	const apply = readTemplate('notifications-apply.json');
	const schedule = apply.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
	if (applyEverySeconds) {
		schedule.parameters.rule.interval[0].secondsInterval = applyEverySeconds;
		// A scheduled run has no caller to pass the marketplace URL, so Settings gets the
		// sandbox's as its default instead of the template's port 8787.
		const settings = apply.nodes.find((node) => node.name === 'Settings');
		const templateDefault = "marketplaceUrl: 'http://127.0.0.1:8787/mkt'";
		if (!settings.parameters.jsCode.includes(templateDefault)) {
			throw new Error(`The apply template's Settings no longer contains ${templateDefault}`);
		}
		settings.parameters.jsCode = settings.parameters.jsCode.replace(
			templateDefault,
			`marketplaceUrl: ${JSON.stringify(marketplaceUrl)}`,
		);
	} else {
		schedule.disabled = true;
	}
	return [
		...(includePublish ? [readTemplate('marketplace-publish.json')] : []),
		readTemplate('price-stock-apply.json'),
		receive,
		apply,
		readTemplate('dead-letter-requeue.json'),
		readTemplate('deactivate-all.json'),
		runnerFor({
			id: IDS.applyRunner,
			path: RUNNER_PATHS.apply,
			webhookId: '6a1d3f58-2c7e-4b90-9e14-d5a8c2f7b301',
			workflowId: IDS.apply,
			inputs: ['salesChannel', 'affiliateId', 'marketplaceUrl', 'batchSize'],
		}),
		runnerFor({
			id: IDS.requeueRunner,
			path: RUNNER_PATHS.requeue,
			webhookId: '9b4e7a20-5d1c-4f63-8a27-e3c6b9d1f402',
			workflowId: IDS.requeue,
			inputs: ['skuIds'],
		}),
		runnerFor({
			id: IDS.deactivateRunner,
			path: RUNNER_PATHS.deactivateAll,
			webhookId: '2c8f5b91-7e3a-4d06-b5c2-a1f4e8d7c503',
			workflowId: IDS.deactivateAll,
			inputs: ['marketplaceUrl'],
		}),
	];
}

/**
 * Sends a JSON POST and parses the JSON response. It uses node:http because fetch in Node.js 20
 * fails with undici's HeadersTimeoutError after 300 s without response headers, whatever its
 * abort signal allows.
 * @param {string} url
 * @param {unknown} body
 * @param {number} timeoutMs maximum time without data on the socket
 * @returns {Promise<{ status: number | undefined, body: any }>}
 */
function postJson(url, body, timeoutMs) {
	return new Promise((resolve, reject) => {
		const headers = { 'content-type': 'application/json' };
		const request = http.request(
			url,
			{ method: 'POST', headers, timeout: timeoutMs },
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('error', reject);
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					try {
						resolve({ status: response.statusCode, body: JSON.parse(text) });
					} catch {
						reject(
							new Error(
								`POST ${url} returned ${response.statusCode} with non-JSON ${text.slice(0, 200)}`,
							),
						);
					}
				});
			},
		);
		request.on('timeout', () => {
			request.destroy(new Error(`POST ${url} timed out after ${timeoutMs} ms`));
		});
		request.on('error', reject);
		request.end(JSON.stringify(body));
	});
}

/** @param {number} ms */
function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Builds a sandbox scenario of `skuCount` SKUs (1001 onwards) in sales channels 1 and 2, with opaque
 * offer ids on the marketplace double.
 * @param {{ skuCount: number, faults?: unknown[] }} options
 */
function notificationScenario({ skuCount, faults = [] }) {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'notifications-e2e',
		catalog: { skuCount },
		marketplace: { offerIds: 'opaque' },
		faults,
	};
}

/** Files that a complete tarball contains: every node the templates use. */
const REQUIRED_FILES = ['VtexCatalog', 'VtexPrice', 'VtexMapping', 'VtexLogs', 'VtexTrigger'].map(
	(name) => `package/dist/nodes/${name}/${name}.node.js`,
);

/**
 * Packs the package into `destDir` and checks that the tarball contains every node. Other test
 * runs may rebuild dist/ at the same moment (the build deletes it first), so an incomplete
 * tarball is packed again, after a build of its own, up to 3 times.
 * @param {string} destDir
 */
async function packComplete(destDir) {
	let missing = REQUIRED_FILES;
	for (let attempt = 0; attempt < 3; attempt++) {
		const build = attempt > 0 || !fs.existsSync(path.join(REPO_DIR, 'dist', 'nodes'));
		const tarball = await buildAndPack({ destDir, build });
		const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
		missing = REQUIRED_FILES.filter((file) => !listing.includes(file));
		if (missing.length === 0) return tarball;
		fs.rmSync(tarball, { force: true });
	}
	throw new Error(`The packed package lacks ${missing.join(', ')} after 3 attempts`);
}

/**
 * Starts a sandbox and an n8n with the notification templates; `stop()` ends both.
 * @param {{ applyEverySeconds?: number, log?: (line: string) => void }} [options]
 */
async function startNotificationServers(options = {}) {
	const log = options.log ?? (() => {});
	const sandbox = await startSandbox({ port: 0, scenario: notificationScenario({ skuCount: 1 }) });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-notify-'));
	/** @type {any} */
	let server;
	try {
		server = await startN8n({
			credentials: [fixtures.sandboxCredential(sandbox.url)],
			workflows: workflowsToImport({ ...options, marketplaceUrl: `${sandbox.url}/mkt` }),
			activate: [IDS.marketplacePublish, ...NOTIFICATION_WORKFLOW_IDS],
			requireNodeTypes: ['n8n-nodes-vtex-marketplace.vtexTrigger'],
			tables: true,
			tarball: await packComplete(userFolder),
			userFolder,
			log,
		});
	} catch (error) {
		await sandbox.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	return new NotificationServers(sandbox, server, userFolder);
}

class NotificationServers {
	/**
	 * @param {any} sandbox
	 * @param {any} server
	 * @param {string} userFolder
	 */
	constructor(sandbox, server, userFolder) {
		this.sandbox = sandbox;
		this.server = server;
		this.userFolder = userFolder;
		/** @type {Map<string, string> | null} */
		this.tableIds = null;
	}

	/** Production URL of the receive workflow's trigger, with the secret. */
	receiveUrl() {
		const trigger = readTemplate('notifications-receive.json').nodes.find((node) =>
			node.type.endsWith('.vtexTrigger'),
		);
		return `${this.server.baseUrl}/webhook/${trigger.webhookId}/notification?token=${NOTIFICATION_TOKEN}`;
	}

	/**
	 * Replaces the sandbox's scenario (catalog, faults, empty marketplace double and journal).
	 * @param {{ skuCount: number, faults?: unknown[] }} options
	 */
	loadScenario(options) {
		return this.sandbox.load(notificationScenario(options));
	}

	/**
	 * Makes the sandbox change its catalog and send the notifications to the receive workflow.
	 * @param {Record<string, unknown>} request `script` or `burst`, as docs/sandbox.md describes
	 * @returns {Promise<{ sent: number, statuses: Record<string, number> }>}
	 */
	async broadcast(request) {
		// The broadcast responds after its last notification: 200 took 21 s on 2 cores shared with
		// other n8n processes, so 1,000 take minutes.
		const response = await postJson(
			`${this.sandbox.url}/__sandbox/broadcast`,
			{ url: this.receiveUrl(), ...request },
			9 * 60 * 1000,
		);
		if (response.status !== 200) {
			throw new Error(`Broadcast failed with ${response.status}: ${JSON.stringify(response.body)}`);
		}
		return response.body;
	}

	/**
	 * Runs the apply template once and returns its summary.
	 * @param {{ batchSize?: number }} [inputs]
	 */
	async runApply(inputs = {}) {
		return this.runRunner(RUNNER_PATHS.apply, {
			salesChannel: '2',
			affiliateId: 'KTZ',
			marketplaceUrl: `${this.sandbox.url}/mkt`,
			batchSize: String(inputs.batchSize ?? ''),
		});
	}

	/**
	 * Runs apply until vtex_pending is empty, at most `maxRuns` times; returns the summaries.
	 * @param {number} maxRuns
	 */
	async applyUntilEmpty(maxRuns) {
		const summaries = [];
		for (let run = 0; run < maxRuns; run++) {
			summaries.push(await this.runApply());
			if ((await this.tableRows('vtex_pending')).length === 0) break;
		}
		return summaries;
	}

	/** @param {string} [skuIds] comma-separated; empty re-queues every dead letter */
	runRequeue(skuIds = '') {
		return this.runRunner(RUNNER_PATHS.requeue, { skuIds });
	}

	runDeactivateAll() {
		return this.runRunner(RUNNER_PATHS.deactivateAll, {
			marketplaceUrl: `${this.sandbox.url}/mkt`,
		});
	}

	/**
	 * @param {string} webhookPath
	 * @param {Record<string, string>} inputs
	 */
	async runRunner(webhookPath, inputs) {
		const response = await this.server.callWebhook(webhookPath, inputs, {
			timeoutMs: 5 * 60 * 1000,
		});
		if (response.status !== 200) {
			throw new Error(
				`Runner ${webhookPath} failed with ${response.status}: ${JSON.stringify(response.body)}`,
			);
		}
		return response.body;
	}

	/** @param {string} name */
	async tableId(name) {
		if (!this.tableIds) {
			const page = await this.server.requestOk('GET', '/api/v1/data-tables?limit=250', {
				auth: 'apiKey',
			});
			this.tableIds = new Map(page.data.map((/** @type {any} */ table) => [table.name, table.id]));
		}
		const id = this.tableIds.get(name);
		if (!id) throw new Error(`Data Table ${name} not found`);
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
		// 40 pages of 250 rows is more than any of these tests writes.
		for (let page = 0; page < 40; page++) {
			const query = `limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
			const body = await this.server.requestOk('GET', `/api/v1/data-tables/${id}/rows?${query}`, {
				auth: 'apiKey',
			});
			rows.push(...body.data);
			if (!body.nextCursor) return rows;
			cursor = body.nextCursor;
		}
		throw new Error(`Data Table ${name} has more than 10,000 rows`);
	}

	/** Deletes every row of the tables these templates write. */
	async clearTables() {
		for (const name of TABLES) {
			const id = await this.tableId(name);
			await this.server.requestOk('DELETE', `/api/v1/data-tables/${id}/rows/clear`, {
				auth: 'apiKey',
			});
		}
	}

	/**
	 * Waits until vtex_pending has `count` rows and no row changed for `quietMs`, because the
	 * trigger responds before its execution has written the row. Gives up after `timeoutMs`.
	 * @param {number} count
	 * @param {{ quietMs?: number, timeoutMs?: number }} [options]
	 */
	async waitForPending(count, options = {}) {
		const { quietMs = 2000, timeoutMs = 60000 } = options;
		const deadline = Date.now() + timeoutMs;
		let last = '';
		let quietSince = Date.now();
		for (;;) {
			const rows = await this.tableRows('vtex_pending');
			const snapshot = JSON.stringify(rows.map((row) => [row.skuId, row.ver]).sort());
			if (snapshot !== last) {
				last = snapshot;
				quietSince = Date.now();
			}
			if (rows.length >= count && Date.now() - quietSince >= quietMs) return rows;
			if (Date.now() > deadline) return rows;
			await delay(250);
		}
	}

	/**
	 * Waits until vtex_pending is empty for 6 s in a row (longer than one schedule interval of
	 * 5 s), or until `timeoutMs` passed; returns the rows left.
	 * @param {number} timeoutMs
	 */
	async waitForEmptyPending(timeoutMs) {
		const deadline = Date.now() + timeoutMs;
		let emptySince = 0;
		for (;;) {
			const rows = await this.tableRows('vtex_pending');
			if (rows.length > 0) emptySince = 0;
			else if (emptySince === 0) emptySince = Date.now();
			if (emptySince !== 0 && Date.now() - emptySince >= 6000) return rows;
			if (Date.now() > deadline) return rows;
			await delay(500);
		}
	}

	/**
	 * Writes one option into vtex_settings as JSON text, replacing a row of the same name.
	 * @param {string} name
	 * @param {unknown} value
	 */
	async writeSetting(name, value) {
		const id = await this.tableId('vtex_settings');
		await this.server.requestOk('POST', `/api/v1/data-tables/${id}/rows/upsert`, {
			auth: 'apiKey',
			body: {
				filter: { type: 'and', filters: [{ columnName: 'name', condition: 'eq', value: name }] },
				data: { name, value: JSON.stringify(value) },
			},
		});
	}

	/** Reads the finished executions of the price and stock sub-workflow, newest first. */
	async priceStockExecutions() {
		const query = `workflowId=${IDS.priceStockApply}&includeData=true&limit=250`;
		const page = await this.server.requestOk('GET', `/api/v1/executions?${query}`, {
			auth: 'apiKey',
			timeoutMs: 120000,
		});
		return page.data;
	}

	/** Reads the finished executions of the apply template, newest first, with their data. */
	async applyExecutions() {
		const query = `workflowId=${IDS.apply}&includeData=true&limit=250`;
		const page = await this.server.requestOk('GET', `/api/v1/executions?${query}`, {
			auth: 'apiKey',
			timeoutMs: 120000,
		});
		return page.data;
	}

	/**
	 * Stops n8n by its PID and starts it again on the same user folder (same database), then
	 * logs in again. Published workflows stay published.
	 */
	async restartN8n() {
		const { apiKey } = this.server;
		this.server.removeUserFolderOnStop = false;
		await this.server.stop();
		const paths = await ensureRuntime({});
		const server = await startServer({ paths, userFolder: this.userFolder });
		await server.login();
		server.apiKey = apiKey;
		this.server = server;
	}

	async stop() {
		try {
			await this.server.stop();
		} finally {
			await this.sandbox.close();
			if (process.env.N8N_VTEX_KEEP_FILES !== '1') {
				fs.rmSync(this.userFolder, { recursive: true, force: true });
			}
		}
	}
}

/**
 * Compares the marketplace double with the sandbox's catalog for SKUs `first`..`last`: an SKU
 * that is active, of an active product and in sales channel 2 has one active offer with the
 * catalog's price and stock; any other SKU has no offer or an inactive one with stock 0.
 * Returns one sentence per difference.
 * @param {any} state sandbox.state()
 * @param {number} first
 * @param {number} last
 * @param {Set<string>} [onlySkuIds] compares only these SKUs of the range when given
 */
function compareMarketplace(state, first, last, onlySkuIds) {
	/** @type {string[]} */
	const problems = [];
	const offersBySku = new Map();
	for (const offer of state.offers) {
		const list = offersBySku.get(String(offer.skuId)) ?? [];
		list.push(offer);
		offersBySku.set(String(offer.skuId), list);
	}
	for (const sku of state.catalog.skus) {
		if (sku.id < first || sku.id > last) continue;
		const skuId = String(sku.id);
		if (onlySkuIds && !onlySkuIds.has(skuId)) continue;
		const offers = offersBySku.get(skuId) ?? [];
		if (offers.length > 1) problems.push(`SKU ${skuId} has ${offers.length} offers`);
		const offer = offers[0];
		const eligible = sku.isActive && sku.isProductActive && sku.salesChannels.includes(2);
		if (eligible) {
			if (!offer) {
				problems.push(`SKU ${skuId} is eligible but has no offer`);
				continue;
			}
			if (offer.active !== true) problems.push(`SKU ${skuId}: offer is inactive`);
			if (Math.abs(Number(offer.price) - sku.price / 100) > 0.005) {
				problems.push(`SKU ${skuId}: offer price ${offer.price}, catalog ${sku.price / 100}`);
			}
			if (offer.stock !== sku.stock) {
				problems.push(`SKU ${skuId}: offer stock ${offer.stock}, catalog ${sku.stock}`);
			}
		} else if (offer && (offer.active !== false || offer.stock !== 0)) {
			problems.push(
				`SKU ${skuId} is not eligible but its offer has active ${offer.active}, stock ${offer.stock}`,
			);
		}
	}
	return problems;
}

/**
 * Adds the notification templates to the start options of an n8n that already imports and
 * publishes the marketplace sub-workflow, as the demo's does.
 * @param {{ workflows: unknown[], activate: string[] }} startOptions
 */
function withNotificationTemplates(startOptions) {
	return {
		...startOptions,
		workflows: [...startOptions.workflows, ...workflowsToImport({ includePublish: false })],
		activate: [...startOptions.activate, ...NOTIFICATION_WORKFLOW_IDS],
	};
}

module.exports = {
	IDS,
	NotificationServers,
	withNotificationTemplates,
	NOTIFICATION_TOKEN,
	startNotificationServers,
	compareMarketplace,
};
