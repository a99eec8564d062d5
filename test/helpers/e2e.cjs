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
 * @param {{ salesChannel?: string, affiliateId?: string }} [inputs]
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
	testSandboxCredential,
};
