'use strict';

/**
 * Scripted procedure steps of case 23 (credential test in a real n8n). The packed package is
 * installed into a fresh n8n user folder and a "VTEX API" credential is created. Test is then
 * pressed through the REST call the editor sends, POST /rest/credentials/test. Each step
 * records the test's status and message and the sandbox requests it made.
 */

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { startN8n } = require('../../../scripts/n8n-runtime');

const CREDENTIAL_FILE = path.join('dist', 'credentials', 'VtexApi.credentials.js');
const INSTALLED_PACKAGE = path.join('.n8n', 'nodes', 'node_modules', 'n8n-nodes-vtex-marketplace');

/** Invented key pair of the case's scenario files, not a secret. */
const CASE_APP_KEY = 'vtexappkey-acmestore-QJXWPL';
const CASE_APP_TOKEN = 'tok-4c1e9a-invented-only';
const WRONG_APP_TOKEN = 'tok-wrong';

/**
 * @typedef {import('../caseRunner.cjs').StepProcedureContext} StepProcedureContext
 * @typedef {import('../../../scripts/runtime/server').N8nServer} N8nServer
 */

/**
 * Returns the n8n of this replay, installing the packed package into a fresh user folder and
 * starting n8n on first use.
 * @param {StepProcedureContext} context
 * @returns {Promise<N8nServer>}
 */
async function n8nOf(context) {
	if (context.shared.case23N8n) return /** @type {N8nServer} */ (context.shared.case23N8n);

	const server = await startN8n({
		requireNodeTypes: ['n8n-nodes-vtex-marketplace.vtexCatalog'],
	});
	context.shared.case23N8n = server;
	context.onCleanup(async () => {
		await server.stop();
	});
	return server;
}

/**
 * Returns a port of 127.0.0.1 on which nothing listens: one that the system just handed out
 * and that was closed again.
 * @returns {Promise<number>}
 */
function closedPort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(address.port));
		});
	});
}

/**
 * Credential data as a person fills it in for the sandbox, with some fields replaced.
 * @param {StepProcedureContext} context
 * @param {Record<string, string>} overrides
 */
function credentialData(context, overrides) {
	return {
		accountName: 'acmestore',
		environment: 'vtexcommercestable',
		appKey: CASE_APP_KEY,
		appToken: CASE_APP_TOKEN,
		baseUrl: context.sandboxUrl,
		...overrides,
	};
}

/**
 * Creates the credential once, through the REST call of the editor's Save button, and returns
 * its id and name.
 * @param {StepProcedureContext} context
 * @param {N8nServer} server
 */
async function savedCredential(context, server) {
	if (context.shared.case23Credential) {
		return /** @type {{id: string, name: string}} */ (context.shared.case23Credential);
	}
	const created = await server.requestOk('POST', '/rest/credentials', {
		auth: 'cookie',
		body: { name: 'VTEX sandbox (case 23)', type: 'vtexApi', data: credentialData(context, {}) },
	});
	const credential = { id: String(created.data.id), name: String(created.data.name) };
	context.shared.case23Credential = credential;
	return credential;
}

/**
 * Presses Test on the saved credential with the given data, as the editor does for a credential
 * whose form was edited, and records the outcome and the sandbox requests it made.
 * @param {StepProcedureContext} context
 * @param {Record<string, string>} overrides
 */
async function pressTest(context, overrides) {
	const server = await n8nOf(context);
	const credential = await savedCredential(context, server);
	const { entries: before } = await context.control('journal');
	const lastSeq = before.length === 0 ? 0 : before[before.length - 1].seq;

	const outcome = await server.testCredential({
		id: credential.id,
		name: credential.name,
		type: 'vtexApi',
		data: credentialData(context, overrides),
	});

	const { entries } = await context.control('journal');
	const requests = entries
		.filter((/** @type {{seq: number}} */ entry) => entry.seq > lastSeq)
		.map((/** @type {any} */ entry) => ({
			route: entry.route,
			method: entry.method,
			path: entry.path,
			status: entry.status,
			hasAppKey: entry.headers['x-vtex-api-appkey'] !== undefined,
			hasAppToken: entry.headers['x-vtex-api-apptoken'] !== undefined,
		}));
	const facts = {
		status: outcome.status,
		message: outcome.message,
		requests,
		n8nVersion: '2.40.7',
		secrets: [CASE_APP_TOKEN, WRONG_APP_TOKEN],
	};
	return {
		ok: true,
		detail: `Test: ${outcome.status}, "${outcome.message}", ${requests.length} sandbox requests`,
		facts,
	};
}

/** @type {Record<string, (context: StepProcedureContext) => Promise<import('../caseRunner.cjs').StepProcedureResult>>} */
const STEP_PROCEDURES = {
	'Pack the package (npm pack) and install the tarball into the community-nodes folder of a fresh n8n user folder; start n8n 2.40 (and, in further runs, every other n8n version the package supports) with lazy node loading as shipped.':
		async (context) => {
			const server = await n8nOf(context);
			const file = path.join(server.userFolder, INSTALLED_PACKAGE, CREDENTIAL_FILE);
			const { VtexApi } = require(file);
			const test = new VtexApi().test;
			const hasTestRequest =
				typeof test?.request === 'object' && typeof test.request.url === 'string';
			return {
				ok: fs.existsSync(file),
				detail: `installed credential ${hasTestRequest ? 'declares' : 'lacks'} test.request`,
				facts: { hasTestRequest, testUrl: test?.request?.url ?? null, n8nVersion: '2.40.7' },
			};
		},
	"Create a 'VTEX API' credential with account acmestore, the sandbox as host, and the scenario's key pair; press Test in the editor (or POST /rest/credentials/test with the same data while logged in).":
		async (context) => await pressTest(context, {}),
	"Same, with app token 'tok-wrong'.": async (context) =>
		await pressTest(context, { appToken: WRONG_APP_TOKEN }),
	'Same, with the correct pair but the host set to a closed port on 127.0.0.1.': async (context) =>
		await pressTest(context, { baseUrl: `http://127.0.0.1:${await closedPort()}` }),
	'Same as test-good, against the reloaded sandbox that answers 403 on the catalog and logistics routes.':
		async (context) => await pressTest(context, {}),
};

module.exports = { STEP_PROCEDURES };
