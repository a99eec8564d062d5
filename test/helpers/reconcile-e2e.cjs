'use strict';

/**
 * Helpers for the reconcile and price-stock-apply templates in the real n8n of the end-to-end
 * suite: import the two templates and a webhook runner for each, seed the Data Tables through
 * n8n's public API, and drive the sandbox. JavaScript because the lint rules forbid `process`
 * and timers in TypeScript tests.
 */

const fs = require('node:fs');
const path = require('node:path');
const { N8nServer } = require('../../scripts/runtime/server');
const { STATE_FILE_ENV } = require('./e2e.cjs');

const REPO_DIR = path.resolve(__dirname, '..', '..');
const TEMPLATE_IDS = { apply: 'vtexPriceStockApply01', reconcile: 'vtexReconcile01' };
const WEBHOOK_PATHS = { apply: 'vtex-price-stock-apply', reconcile: 'vtex-reconcile' };

/** @returns {{ n8nUrl: string, cookie: string, apiKey: string, sandboxUrl: string }} */
function readState() {
	const file = process.env[STATE_FILE_ENV];
	if (!file || !fs.existsSync(file)) {
		throw new Error(
			`${STATE_FILE_ENV} is not set: run the end-to-end tests through jest.config.js`,
		);
	}
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function client() {
	const state = readState();
	const server = new N8nServer({
		baseUrl: state.n8nUrl,
		pid: 0,
		userFolder: '',
		logFile: '',
		child: null,
	});
	server.cookie = state.cookie;
	server.apiKey = state.apiKey;
	return server;
}

/**
 * Builds a runner: a POST webhook that calls a workflow with the body's fields as inputs and
 * responds with the called workflow's last item.
 * @param {string} name
 * @param {string} webhookPath
 * @param {string} workflowId
 * @param {string[]} inputs
 */
function runnerWorkflow(name, webhookPath, workflowId, inputs) {
	return {
		name,
		nodes: [
			{
				id: `${webhookPath}-start`,
				name: 'Start',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'lastNode',
					options: {},
				},
				webhookId: `${webhookPath}-hook`,
			},
			{
				id: `${webhookPath}-run`,
				name: 'Run template',
				type: 'n8n-nodes-base.executeWorkflow',
				typeVersion: 1.2,
				position: [240, 0],
				parameters: {
					source: 'database',
					workflowId: { __rl: true, value: workflowId, mode: 'id' },
					workflowInputs: {
						mappingMode: 'defineBelow',
						value: Object.fromEntries(inputs.map((input) => [input, `={{ $json.body.${input} }}`])),
						matchingColumns: [],
						schema: inputs.map((input) => ({
							id: input,
							displayName: input,
							required: false,
							defaultMatch: false,
							display: true,
							canBeUsedToMatch: true,
							type: 'any',
							removed: false,
						})),
						attemptToConvertTypes: false,
						convertFieldsToString: false,
					},
					mode: 'once',
					options: { waitForSubWorkflow: true },
				},
			},
		],
		connections: { Start: { main: [[{ node: 'Run template', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Creates a workflow through the public API and publishes it. The API assigns a new id, which
 * is returned.
 * @param {{ name: string, nodes: unknown[], connections: unknown, settings: unknown }} workflow
 */
async function createAndActivate(workflow) {
	const server = client();
	const { name, nodes, connections, settings } = workflow;
	const created = await server.requestOk('POST', '/api/v1/workflows', {
		auth: 'apiKey',
		body: { name, nodes, connections, settings },
	});
	await server.activateWorkflow(created.id);
	return created.id;
}

/** @type {Promise<void> | null} */
let installed = null;

/**
 * Imports the apply and reconcile templates and their runners once per test file. The reconcile
 * template calls the apply template by id, so its reference is set to the id n8n assigned.
 */
function installTemplates() {
	installed ??= (async () => {
		const read = (/** @type {string} */ file) =>
			JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'workflows', file), 'utf8'));
		const applyId = await createAndActivate(read('price-stock-apply.json'));
		const reconcileText = JSON.stringify(read('reconcile.json')).replaceAll(
			`"${TEMPLATE_IDS.apply}"`,
			JSON.stringify(applyId),
		);
		const reconcileId = await createAndActivate(JSON.parse(reconcileText));
		const applyInputs = [
			'skuIds',
			'scope',
			'salesChannel',
			'affiliateId',
			'marketplaceUrl',
			'safetyStock',
			'minimumStock',
			'maxDropPercent',
			'bypassSimulationCache',
		];
		const reconcileInputs = [
			'scope',
			'salesChannel',
			'affiliateId',
			'marketplaceUrl',
			'pageSize',
			'safetyStock',
			'minimumStock',
			'maxDropPercent',
		];
		await createAndActivate(
			runnerWorkflow('VTEX apply runner (tests)', WEBHOOK_PATHS.apply, applyId, applyInputs),
		);
		await createAndActivate(
			runnerWorkflow(
				'VTEX reconcile runner (tests)',
				WEBHOOK_PATHS.reconcile,
				reconcileId,
				reconcileInputs,
			),
		);
	})();
	return installed;
}

/**
 * @param {'apply' | 'reconcile'} template
 * @param {Record<string, unknown>} inputs
 * @returns {Promise<{ status: number, summary: Record<string, any>, seconds: number }>}
 */
async function runTemplate(template, inputs) {
	const { sandboxUrl } = readState();
	const started = Date.now();
	const response = await client().callWebhook(WEBHOOK_PATHS[template], {
		salesChannel: '2',
		affiliateId: 'KTZ',
		marketplaceUrl: `${sandboxUrl}/mkt`,
		...inputs,
	});
	return {
		status: response.status,
		summary: response.body,
		seconds: (Date.now() - started) / 1000,
	};
}

/** @param {string} name */
async function tableId(name) {
	const body = await client().requestOk('GET', '/api/v1/data-tables?limit=100', { auth: 'apiKey' });
	const table = body.data.find((/** @type {{ name: string }} */ entry) => entry.name === name);
	if (!table) throw new Error(`Data Table ${name} not found: the global setup creates it`);
	return table.id;
}

/** Deletes every row of the tables these templates read and write. */
async function clearTables() {
	for (const name of ['vtex_id_map', 'vtex_last_sent', 'vtex_logs', 'vtex_settings']) {
		const id = await tableId(name);
		await client().requestOk('DELETE', `/api/v1/data-tables/${id}/rows/clear`, { auth: 'apiKey' });
	}
}

/**
 * Writes one option into vtex_settings as JSON text, replacing a row of the same name.
 * @param {string} name
 * @param {unknown} value
 */
async function writeSetting(name, value) {
	const id = await tableId('vtex_settings');
	await client().requestOk('POST', `/api/v1/data-tables/${id}/rows/upsert`, {
		auth: 'apiKey',
		body: {
			filter: { type: 'and', filters: [{ columnName: 'name', condition: 'eq', value: name }] },
			data: { name, value: JSON.stringify(value) },
		},
	});
}

/** Deletes every row of vtex_settings, so later test files run with the templates' defaults. */
async function clearSettings() {
	const id = await tableId('vtex_settings');
	await client().requestOk('DELETE', `/api/v1/data-tables/${id}/rows/clear`, { auth: 'apiKey' });
}

/**
 * Inserts rows in requests of 1,000.
 * @param {string} name
 * @param {Array<Record<string, unknown>>} rows
 */
async function insertRows(name, rows) {
	const id = await tableId(name);
	for (let start = 0; start < rows.length; start += 1000) {
		await client().requestOk('POST', `/api/v1/data-tables/${id}/rows`, {
			auth: 'apiKey',
			body: { data: rows.slice(start, start + 1000), returnType: 'count' },
			timeoutMs: 60000,
		});
	}
}

/**
 * Reads every row of a table.
 * @param {string} name
 */
async function tableRows(name) {
	const id = await tableId(name);
	const rows = [];
	let cursor = '';
	for (let page = 0; page < 100; page++) {
		const query = `limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
		const body = await client().requestOk('GET', `/api/v1/data-tables/${id}/rows?${query}`, {
			auth: 'apiKey',
		});
		rows.push(...body.data);
		if (!body.nextCursor) return rows;
		cursor = body.nextCursor;
	}
	throw new Error(`Data Table ${name} has more than 25,000 rows`);
}

/**
 * Calls a control route of the sandbox.
 * @param {'GET' | 'POST'} method
 * @param {string} action
 * @param {unknown} [body]
 */
async function callSandbox(method, action, body) {
	const response = await fetch(`${readState().sandboxUrl}/__sandbox/${action}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(60000),
	});
	const parsed = await response.json();
	if (!response.ok)
		throw new Error(`Sandbox ${action} failed with ${response.status}: ${JSON.stringify(parsed)}`);
	return parsed;
}

/**
 * Builds a scenario of `skuCount` eligible SKUs (1001 upwards) whose offers are already on the
 * marketplace double with the ids OF-<skuId>, at the simulation's current values.
 * @param {number} skuCount
 */
function publishedScenario(skuCount) {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'reconcile',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		catalog: {
			skuCount,
			generate: {
				seed: 11,
				outsideSalesChannelPercent: 0,
				inactivePercent: 0,
				inactiveProductPercent: 0,
			},
		},
		marketplace: { offerIds: 'opaque' },
	};
}

/**
 * Loads a catalog of published SKUs into the sandbox, puts their offers on the marketplace double
 * and seeds vtex_id_map and vtex_last_sent with the same values, as a finished load leaves them.
 * @param {number} skuCount
 * @returns {Promise<Map<string, { price: number, listPrice: number | null, stock: number }>>}
 */
async function seedPublishedCatalog(skuCount) {
	const scenario = publishedScenario(skuCount);
	await callSandbox('POST', 'load', scenario);
	const state = await callSandbox('GET', 'state');
	/** @type {Map<string, { price: number, listPrice: number | null, stock: number }>} */
	const sent = new Map();
	for (const sku of state.catalog.skus) {
		const price = sku.price / 100;
		const listPrice = sku.listPrice === sku.price ? null : sku.listPrice / 100;
		sent.set(String(sku.id), { price, listPrice, stock: sku.stock });
	}
	const offers = [...sent].map(([skuId, values]) => ({
		offerId: `OF-${skuId}`,
		skuId,
		...values,
		active: true,
	}));
	await callSandbox('POST', 'load', { ...scenario, marketplace: { offerIds: 'opaque', offers } });

	await clearTables();
	const now = new Date().toISOString();
	await insertRows(
		'vtex_id_map',
		[...sent.keys()].map((skuId) => ({
			skuId,
			productId: '',
			offerId: `OF-${skuId}`,
			status: 'integrated',
			categoryId: '',
			lastSyncAt: now,
			lastError: '',
		})),
	);
	await insertRows(
		'vtex_last_sent',
		[...sent].map(([skuId, values]) => ({ skuId, ...values, active: true, sentAt: now })),
	);
	return sent;
}

/**
 * Changes SKU fields in the sandbox's catalog without a notification.
 * @param {string | number} sku
 * @param {Record<string, unknown>} set
 */
function changeSku(sku, set) {
	return callSandbox('POST', 'change', { sku: Number(sku), set });
}

/** @param {number} [afterSeq] */
async function sandboxJournal(afterSeq = 0) {
	const body = await callSandbox('GET', `journal?afterSeq=${afterSeq}`);
	return body.entries;
}

function sandboxState() {
	return callSandbox('GET', 'state');
}

module.exports = {
	installTemplates,
	runTemplate,
	seedPublishedCatalog,
	changeSku,
	sandboxJournal,
	sandboxState,
	tableRows,
	writeSetting,
	clearSettings,
};
