'use strict';

/**
 * Access to the sandbox and the real n8n that the end-to-end global setup started, for test
 * files. It is JavaScript because n8n's lint rules forbid `process` in TypeScript tests.
 */

const fs = require('node:fs');
const { N8nServer } = require('../../scripts/runtime/server');
const fixtures = require('../e2e/fixtures/index.cjs');

/** Environment variable naming the JSON file with the URLs and logins of the servers. */
const STATE_FILE_ENV = 'N8N_VTEX_E2E_STATE_FILE';

/** An app token the sandbox rejects with 401; tests check that messages never show it. */
const WRONG_APP_TOKEN = 'wrong-app-token-5d1f';

/**
 * @returns {{ n8nUrl: string, cookie: string, apiKey: string, sandboxUrl: string }}
 */
function readState() {
	const file = process.env[STATE_FILE_ENV];
	if (!file || !fs.existsSync(file)) {
		throw new Error(
			`${STATE_FILE_ENV} is not set or its file is missing: run the end-to-end tests through ` +
				'jest.config.js, whose global setup starts n8n and the sandbox.',
		);
	}
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Creates a client for the running n8n, logged in as the owner. It cannot stop the server. */
function n8nClient() {
	const state = readState();
	const client = new N8nServer({
		baseUrl: state.n8nUrl,
		pid: 0,
		userFolder: '',
		logFile: '',
		child: null,
	});
	client.cookie = state.cookie;
	client.apiKey = state.apiKey;
	return client;
}

/**
 * Calls a control route of the sandbox.
 * @param {'GET' | 'POST'} method
 * @param {string} action load, journal or state
 * @param {unknown} [body]
 * @returns {Promise<any>} the parsed JSON body
 */
async function callSandbox(method, action, body) {
	const { sandboxUrl } = readState();
	const response = await fetch(`${sandboxUrl}/__sandbox/${action}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(30000),
	});
	const parsed = await response.json();
	if (!response.ok) {
		throw new Error(`Sandbox ${action} failed with ${response.status}: ${JSON.stringify(parsed)}`);
	}
	return parsed;
}

/**
 * Replaces the sandbox's scenario; this also clears its journal and the marketplace double.
 * @param {unknown} scenario
 */
function loadScenario(scenario) {
	return callSandbox('POST', 'load', scenario);
}

/** Fetches the catalog, offers and settings of the sandbox. */
function sandboxState() {
	return callSandbox('GET', 'state');
}

/** Fetches every request the sandbox received since the last load. */
async function sandboxJournal() {
	const body = await callSandbox('GET', 'journal');
	return body.entries;
}

/**
 * Runs the initial-load template through the runner workflow's webhook, for sales channel 2
 * and affiliate KTZ unless `inputs` says otherwise.
 * @param {{ salesChannel?: string, affiliateId?: string, force?: string,
 *   loadWindowHours?: string }} [inputs]
 * @returns {Promise<{ status: number, summary: Record<string, any> }>}
 */
async function runInitialLoad(inputs = {}) {
	const { sandboxUrl } = readState();
	const response = await n8nClient().callWebhook(fixtures.RUNNER_WEBHOOK_PATH, {
		salesChannel: '2',
		affiliateId: 'KTZ',
		marketplaceUrl: `${sandboxUrl}/mkt`,
		...inputs,
	});
	return { status: response.status, summary: response.body };
}

/**
 * Returns the error message of the newest execution of the initial-load template, or null when
 * that execution has no error. The runner's webhook responds only "Error in workflow".
 */
async function lastInitialLoadError() {
	const [latest] = await n8nClient().executions(fixtures.WORKFLOW_IDS.initialLoad, { limit: 1 });
	return latest?.data?.resultData?.error?.message ?? null;
}

/**
 * Calls a runner workflow's webhook (test/e2e/fixtures), which runs one template and responds
 * with its last item.
 * @param {string} webhookPath
 * @param {Record<string, unknown>} inputs
 * @returns {Promise<{ status: number, body: any }>}
 */
async function runRunner(webhookPath, inputs) {
	const response = await n8nClient().callWebhook(webhookPath, inputs);
	return { status: response.status, body: response.body };
}

/**
 * Runs the retry-pending template for sales channel 2 and affiliate KTZ.
 * @param {Record<string, string>} [inputs]
 */
function runRetryPending(inputs = {}) {
	const { sandboxUrl } = readState();
	return runRunner(fixtures.RETRY_WEBHOOK_PATH, {
		salesChannel: '2',
		affiliateId: 'KTZ',
		marketplaceUrl: `${sandboxUrl}/mkt`,
		...inputs,
	});
}

/**
 * Registers the connector in VTEX Mapper and sends a category tree, through the
 * mapper-mapping template. The mapping endpoint registered is the template's webhook.
 * @param {unknown} categoryTree
 */
function runMapperSetup(categoryTree) {
	const { n8nUrl } = readState();
	return runRunner(fixtures.MAPPER_SETUP_WEBHOOK_PATH, {
		categoryTree: JSON.stringify(categoryTree),
		mappingEndPoint: `${n8nUrl}/webhook/${fixtures.MAPPING_WEBHOOK_PATH}`,
	});
}

/**
 * Requests the logs endpoint of the logs-endpoint template.
 * @param {Record<string, string>} query e.g. `{ DateAt: '2026-01-31', status: 'all' }`
 * @param {{ account?: string, secret?: string | null }} [options] secret null sends no header
 * @returns {Promise<{ status: number, body: any }>}
 */
async function requestLogs(query, options = {}) {
	const { account = 'acmestore', secret = fixtures.LOGS_SECRET } = options;
	const client = n8nClient();
	const search = new URLSearchParams(query).toString();
	/** @type {Record<string, string>} */
	const headers = { accept: 'application/json' };
	if (secret !== null) headers[fixtures.LOGS_SECRET_HEADER] = secret;
	const url = `${client.baseUrl}/webhook/${fixtures.logsWebhookPath(account)}?${search}`;
	const response = await fetch(url, { headers, signal: AbortSignal.timeout(60000) });
	const text = await response.text();
	let body = text;
	try {
		body = JSON.parse(text);
	} catch {
		// A non-JSON body (an n8n error page) stays text.
	}
	return { status: response.status, body };
}

/** Data Table ids by name, read once per test file. */
/** @type {Map<string, string> | null} */
let tableIds = null;

/**
 * Returns the id of a Data Table of the running n8n.
 * @param {string} name
 */
async function tableId(name) {
	if (!tableIds) {
		const page = await n8nClient().requestOk('GET', '/api/v1/data-tables?limit=250', {
			auth: 'apiKey',
		});
		tableIds = new Map(page.data.map((/** @type {any} */ table) => [table.name, table.id]));
	}
	const id = tableIds.get(name);
	if (!id) throw new Error(`Data Table ${name} not found; the global setup creates it`);
	return id;
}

/**
 * Reads every row of a Data Table.
 * @param {string} name
 * @returns {Promise<Array<Record<string, any>>>}
 */
async function tableRows(name) {
	const id = await tableId(name);
	const rows = [];
	let cursor = '';
	// 40 pages of 250 rows is more than any test writes.
	for (let page = 0; page < 40; page++) {
		const query = `limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
		const body = await n8nClient().requestOk('GET', `/api/v1/data-tables/${id}/rows?${query}`, {
			auth: 'apiKey',
		});
		rows.push(...body.data);
		if (!body.nextCursor) return rows;
		cursor = body.nextCursor;
	}
	throw new Error(`Data Table ${name} has more than 10,000 rows`);
}

/**
 * Inserts rows into a Data Table.
 * @param {string} name
 * @param {Array<Record<string, unknown>>} rows
 */
async function insertRows(name, rows) {
	const id = await tableId(name);
	await n8nClient().requestOk('POST', `/api/v1/data-tables/${id}/rows`, {
		auth: 'apiKey',
		body: { data: rows, returnType: 'count' },
	});
}

/**
 * Deletes every row of the templates' tables, so each test starts from an empty id map, log,
 * category map, settings and load checkpoint.
 */
async function clearTables() {
	const names = [
		'vtex_id_map',
		'vtex_logs',
		'vtex_category_map',
		'vtex_mapper',
		'vtex_load_checkpoint',
	];
	for (const name of names) {
		const id = await tableId(name);
		await n8nClient().requestOk('DELETE', `/api/v1/data-tables/${id}/rows/clear`, {
			auth: 'apiKey',
		});
	}
}

/**
 * Changes SKU fields in the sandbox's catalog (POST /__sandbox/change).
 * @param {number} sku
 * @param {Record<string, unknown>} set
 */
function changeSku(sku, set) {
	return callSandbox('POST', 'change', { sku, set });
}

/**
 * Makes the sandbox push a mapping to the registered connector's mapping endpoint.
 * @param {unknown} mapping
 */
function pushMapping(mapping) {
	return callSandbox('POST', 'mapper/push', { mapping });
}

/**
 * Runs n8n's credential test (the Test button) on the templates' credential, pointed at the
 * sandbox, with some fields replaced.
 * @param {Record<string, string>} dataOverrides
 */
function testSandboxCredential(dataOverrides) {
	const credential = fixtures.sandboxCredential(readState().sandboxUrl, dataOverrides);
	return n8nClient().testCredential({ type: credential.type, data: credential.data });
}

module.exports = {
	STATE_FILE_ENV,
	WRONG_APP_TOKEN,
	loadScenario,
	sandboxState,
	sandboxJournal,
	runInitialLoad,
	lastInitialLoadError,
	runRetryPending,
	runMapperSetup,
	requestLogs,
	tableRows,
	insertRows,
	clearTables,
	changeSku,
	pushMapping,
	testSandboxCredential,
};
