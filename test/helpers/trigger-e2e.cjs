'use strict';

/**
 * Drives the VTEX Trigger in the real n8n that the end-to-end global setup started: creates and
 * activates a workflow with the trigger through n8n's public API, POSTs notifications to its
 * production URL and reads the executions they started.
 */

const fs = require('node:fs');
const path = require('node:path');
const { STATE_FILE_ENV } = require('./e2e.cjs');

/** Webhook id fixed in the fixture, so the production URL is known before activation. */
const TRIGGER_WEBHOOK_ID = '8d3e5f21-7c4b-4a96-b0e2-1f9a6c7d3e54';

/** @returns {{ n8nUrl: string, apiKey: string, sandboxUrl: string }} */
function readState() {
	const file = process.env[STATE_FILE_ENV];
	if (!file || !fs.existsSync(file)) {
		throw new Error(
			`${STATE_FILE_ENV} is not set: run the end-to-end tests through jest.config.js.`,
		);
	}
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Calls n8n's public API with the owner's API key and returns the parsed body.
 * @param {string} method
 * @param {string} urlPath path after /api/v1
 * @param {unknown} [body]
 */
async function publicApi(method, urlPath, body) {
	const { n8nUrl, apiKey } = readState();
	const response = await fetch(`${n8nUrl}/api/v1${urlPath}`, {
		method,
		headers: {
			'x-n8n-api-key': apiKey,
			accept: 'application/json',
			// Leaves no idle socket that a blocked event loop could reuse after n8n closed it.
			connection: 'close',
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(30000),
	});
	const text = await response.text();
	if (!response.ok)
		throw new Error(`${method} /api/v1${urlPath} failed with ${response.status}: ${text}`);
	return text ? JSON.parse(text) : null;
}

/**
 * Creates a "VTEX API" credential pointed at a sandbox and returns its id, so a test can use a
 * sandbox of its own instead of the one that other test files share.
 * @param {string} sandboxUrl
 */
async function createSandboxCredential(sandboxUrl) {
	const created = await publicApi('POST', '/credentials', {
		name: `VTEX sandbox ${Date.now()}`,
		type: 'vtexApi',
		data: {
			accountName: 'acmestore',
			environment: 'vtexcommercestable',
			appKey: 'vtexappkey-acmestore-SANDBOX',
			appToken: 'sandbox-app-token',
			baseUrl: sandboxUrl,
		},
	});
	return { id: /** @type {string} */ (created.id), name: /** @type {string} */ (created.name) };
}

/**
 * Creates the fixture workflow with the given secret and returns its id. The workflow is not
 * active yet.
 * @param {string} secret
 * @param {{ selfRegister?: boolean, credential?: { id: string, name: string } }} [options]
 */
async function createTriggerWorkflow(secret, options = {}) {
	const text = fs.readFileSync(
		path.join(__dirname, '..', 'e2e', 'fixtures', 'trigger-workflow.json'),
		'utf8',
	);
	const workflow = JSON.parse(text);
	const parameters = workflow.nodes[0].parameters;
	parameters.secret = secret;
	if (options.selfRegister !== undefined) parameters.selfRegister = options.selfRegister;
	if (options.credential) workflow.nodes[0].credentials = { vtexApi: options.credential };
	const created = await publicApi('POST', '/workflows', workflow);
	return /** @type {string} */ (created.id);
}

/** @param {string} workflowId */
function activateWorkflow(workflowId) {
	return publicApi('POST', `/workflows/${workflowId}/activate`);
}

/**
 * Deactivates a workflow, then deletes it. n8n unpublishes in the background and responds with 409 to
 * a delete until it has finished, so the delete is retried for up to 15 s.
 * @param {string} workflowId
 */
async function removeWorkflow(workflowId) {
	await publicApi('POST', `/workflows/${workflowId}/deactivate`);
	const deadline = Date.now() + 15000;
	for (;;) {
		try {
			await publicApi('DELETE', `/workflows/${workflowId}`);
			return;
		} catch (error) {
			const stillUnpublishing = /failed with 409/.test(/** @type {Error} */ (error).message);
			if (!stillUnpublishing || Date.now() > deadline) throw error;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Polls `condition` every 100 ms until it returns true or `timeoutMs` passed; returns its last
 * result. For effects that n8n applies in the background, such as webhook registration.
 * @param {() => boolean} condition
 * @param {number} [timeoutMs]
 */
async function waitUntil(condition, timeoutMs = 15000) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return true;
}

/** Production URL of the trigger, without the secret. */
function triggerUrl() {
	return `${readState().n8nUrl}/webhook/${TRIGGER_WEBHOOK_ID}/notification`;
}

/**
 * POSTs one body to the trigger. A 404 right after activation is retried for up to 5 s,
 * because n8n may not have registered the webhook yet.
 * @param {unknown} body sent as JSON, or as it is when a string
 * @param {{ token?: string, header?: string }} [secret]
 * @returns {Promise<{ status: number, text: string }>}
 */
async function postNotification(body, secret = {}) {
	const url = new URL(triggerUrl());
	if (secret.token !== undefined) url.searchParams.set('token', secret.token);
	/** @type {Record<string, string>} */
	const headers = { 'content-type': 'application/json' };
	if (secret.header !== undefined) headers['x-vtex-notification-token'] = secret.header;
	const deadline = Date.now() + 5000;
	for (;;) {
		const response = await fetch(url, {
			method: 'POST',
			headers,
			body: typeof body === 'string' ? body : JSON.stringify(body),
			signal: AbortSignal.timeout(30000),
		});
		const text = await response.text();
		if (response.status !== 404 || Date.now() > deadline) return { status: response.status, text };
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * POSTs many bodies, `concurrency` at a time, and returns the statuses in body order.
 * @param {unknown[]} bodies
 * @param {{ token?: string }} secret
 * @param {number} [concurrency]
 */
async function postMany(bodies, secret, concurrency = 5) {
	/** @type {Array<{ status: number, text: string }>} */
	const results = new Array(bodies.length);
	let next = 0;
	const worker = async () => {
		while (next < bodies.length) {
			const index = next++;
			results[index] = await postNotification(bodies[index], secret);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return results;
}

/**
 * Executions of a workflow, newest first, with their data.
 * @param {string} workflowId
 */
async function executionsOf(workflowId) {
	const page = await publicApi(
		'GET',
		`/executions?workflowId=${workflowId}&includeData=true&limit=250`,
	);
	return /** @type {any[]} */ (page.data);
}

/**
 * Waits until a workflow has `count` finished executions, or until `timeoutMs` passed, and
 * returns them.
 * @param {string} workflowId
 * @param {number} count
 * @param {number} [timeoutMs]
 */
async function waitForExecutions(workflowId, count, timeoutMs = 15000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await executionsOf(workflowId);
		const finished = executions.filter((execution) => execution.finished || execution.stoppedAt);
		if (finished.length >= count || Date.now() > deadline) return executions;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * Items the trigger emitted in one execution.
 * @param {any} execution
 * @returns {Record<string, unknown>[]}
 */
function triggerItems(execution) {
	const runs = execution.data?.resultData?.runData?.['VTEX Trigger'] ?? [];
	return (runs[0]?.data?.main?.[0] ?? []).map((/** @type {{ json: object }} */ item) => item.json);
}

module.exports = {
	TRIGGER_WEBHOOK_ID,
	readState,
	createSandboxCredential,
	createTriggerWorkflow,
	activateWorkflow,
	removeWorkflow,
	waitUntil,
	triggerUrl,
	postNotification,
	postMany,
	executionsOf,
	waitForExecutions,
	triggerItems,
};
