'use strict';

/**
 * Scripted `procedure` checks about the credential test in a real n8n, keyed by their exact
 * text in expected.json, to merge with caseProcedures.cjs. They read what the step procedures
 * of stepProcedures/case23.cjs observed.
 */

const fs = require('node:fs');
const path = require('node:path');

/** @typedef {import('./caseChecks.cjs').CheckContext} CheckContext */

const NO_TEST_FUNCTION = 'No testing function found for this credential';
const TEST_STEPS = ['test-good', 'test-bad-token', 'test-host-down', 'test-missing-role'];

/**
 * Error codes of Node.js for a host that cannot be reached, which n8n 2.40.7 shows as the whole
 * message of a failed request test, and sentences with the same meaning.
 */
const UNREACHABLE =
	/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EAI_AGAIN|cannot be reached|could not reach|could not connect|refused the connection/i;

/**
 * @param {CheckContext} context
 * @param {string} stepId
 * @returns {Record<string, any>}
 */
function factsOf(context, stepId) {
	const facts = context.factsOf(stepId);
	if (facts === null) throw new Error(`step ${stepId} recorded nothing`);
	return facts;
}

/**
 * Lists the secrets that a message contains.
 * @param {{message: string, secrets: string[]}} facts
 */
function leakedSecrets(facts) {
	return facts.secrets.filter((secret) => String(facts.message).includes(secret));
}

/** @type {Record<string, (context: CheckContext) => {ok: boolean, detail: string}>} */
const CREDENTIAL_PROCEDURES = {
	'The packed credential class has a declarative test request (test.request in dist/credentials/*.credentials.js), so the test does not depend on n8n finding a node through testedBy.':
		(context) => {
			const facts = factsOf(context, 'install');
			return {
				ok: facts.hasTestRequest === true,
				detail: `test.request url ${facts.testUrl}`,
			};
		},
	'The editor shows that the connection was tested successfully.': (context) => {
		const facts = factsOf(context, 'test-good');
		return { ok: facts.status === 'OK', detail: `${facts.status}: ${facts.message}` };
	},
	'The sandbox journal has exactly one request for the test, a GET carrying both X-VTEX-API-AppKey and X-VTEX-API-AppToken, answered 200.':
		(context) => {
			const { requests } = factsOf(context, 'test-good');
			const [request] = requests;
			const ok =
				requests.length === 1 &&
				request.method === 'GET' &&
				request.hasAppKey &&
				request.hasAppToken &&
				request.status === 200;
			return { ok, detail: JSON.stringify(requests) };
		},
	"The message 'No testing function found for this credential' appears nowhere, in either n8n version.":
		(context) => {
			const tested = TEST_STEPS.map((stepId) => context.factsOf(stepId)).filter(
				(facts) => facts !== null,
			);
			const found = tested.filter((facts) => String(facts.message).includes(NO_TEST_FUNCTION));
			// NOTE: only the n8n version cached for the tests runs here; other versions are not replayed.
			return {
				ok: tested.length > 0 && found.length === 0,
				detail: `${tested.length} tests in n8n ${tested[0]?.n8nVersion}, ${found.length} with that message`,
			};
		},
	'The test fails. The message says the key or token was refused (HTTP 401) and does not print the token.':
		(context) => {
			const facts = factsOf(context, 'test-bad-token');
			const message = String(facts.message);
			const leaked = leakedSecrets(facts);
			const ok =
				facts.status === 'Error' &&
				message.includes('401') &&
				/app key or app token|key or token/i.test(message) &&
				/refused|rejected|invalid/i.test(message) &&
				leaked.length === 0;
			return { ok, detail: `${facts.status}: ${message}; secrets shown: ${leaked.length}` };
		},
	'The test fails with a message about the host being unreachable, distinct from the 401 message.':
		(context) => {
			const facts = factsOf(context, 'test-host-down');
			const unauthorized = factsOf(context, 'test-bad-token');
			const ok =
				facts.status === 'Error' &&
				facts.message !== unauthorized.message &&
				UNREACHABLE.test(String(facts.message)) &&
				leakedSecrets(facts).length === 0;
			return { ok, detail: `${facts.status}: ${facts.message}` };
		},
	'The test fails with a message saying the key lacks a permission (HTTP 403), which points at the roles the package needs; or it passes and the docs say which roles the test does not cover. Either way the outcome is stated, not a bare status code.':
		(context) => {
			const facts = factsOf(context, 'test-missing-role');
			const message = String(facts.message);
			if (facts.status === 'Error') {
				const ok = message.includes('403') && /permission|role/i.test(message);
				return { ok, detail: `Error: ${message}` };
			}

			// The test passed, so the README must state what the test covers and list the roles
			// that the forbidden routes need (Catalog and Logistics).
			const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
			const statesCoverage = /The test covers only/i.test(readme);
			const namesLogistics = /Logistics/.test(readme);
			return {
				ok: facts.status === 'OK' && statesCoverage && namesLogistics,
				detail: `OK: ${message}; README states what the test covers: ${statesCoverage}, names Logistics: ${namesLogistics}`,
			};
		},
};

module.exports = { CREDENTIAL_PROCEDURES };
