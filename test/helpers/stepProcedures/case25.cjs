'use strict';

/**
 * Scripted procedure steps of case 25 (affiliate endpoint ownership). Two copies of the
 * notification template, A and B, register on activation for affiliate KTZ. They are published
 * and unpublished in a real n8n through its public API, as the editor's Publish button does.
 * The n8n starts at the first step and is stopped when the replay ends.
 */

const fs = require('node:fs');
const path = require('node:path');
const { startN8n } = require('../../../scripts/n8n-runtime');
const { DEFAULT_APP_KEY, DEFAULT_APP_TOKEN } = require('../../../sandbox');
const fixtures = require('../../e2e/fixtures/index.cjs');

const TEMPLATE_FILE = path.join(
	__dirname,
	'..',
	'..',
	'..',
	'workflows',
	'notifications-receive.json',
);

/** The two copies of the template: ids, webhook ids (so their URLs differ) and secrets. */
const COPIES = {
	a: {
		id: 'case25WorkflowA',
		webhookId: '3f1c7a52-8e4d-4b6a-9c21-5d7e0b9a4f13',
		secret: 'case25-a-3e81',
	},
	b: {
		id: 'case25WorkflowB',
		webhookId: 'b6e2d4f8-1a3c-4e5b-8d7f-9c0a2e4b6d81',
		secret: 'case25-b-77c2',
	},
};

const AFFILIATE_ID = 'KTZ';
const HANDOVER_URL = 'https://other-connector.example/api/notification/';

/** Maximum wait, in milliseconds, for n8n to apply a publish or unpublish in the background. */
const MAX_WAIT_MS = 60000;
/** Milliseconds after which a notification that started no execution is given up on. */
const NEW_EXECUTION_WAIT_MS = 10000;

/**
 * @typedef {import('../caseRunner.cjs').StepProcedureContext} StepProcedureContext
 * @typedef {import('../../../scripts/runtime/server').N8nServer} N8nServer
 */

/**
 * Builds one copy of the notification template with registration on activation switched on.
 * The copy saves the data of successful executions, so the runner can count them. The shipped
 * template keeps its own setting.
 * @param {{id: string, webhookId: string, secret: string}} copy
 * @param {string} name
 */
function templateCopy(copy, name) {
	const workflow = JSON.parse(fs.readFileSync(TEMPLATE_FILE, 'utf8'));
	workflow.id = copy.id;
	workflow.name = name;
	workflow.settings = { ...workflow.settings, saveDataSuccessExecution: 'all' };
	const trigger = workflow.nodes.find(
		(/** @type {{type: string}} */ node) => node.type === 'n8n-nodes-vtex-marketplace.vtexTrigger',
	);
	trigger.webhookId = copy.webhookId;
	Object.assign(trigger.parameters, {
		secret: copy.secret,
		selfRegister: true,
		affiliateId: AFFILIATE_ID,
	});
	trigger.credentials = { vtexApi: { id: 'vtexSandboxCred01', name: 'VTEX account' } };
	return workflow;
}

/**
 * Returns the n8n of this replay, starting it on first use with both copies imported but not
 * published.
 * @param {StepProcedureContext} context
 * @returns {Promise<N8nServer>}
 */
async function n8nOf(context) {
	if (context.shared.case25N8n) return /** @type {N8nServer} */ (context.shared.case25N8n);

	const server = await startN8n({
		credentials: [fixtures.sandboxCredential(context.sandboxUrl)],
		workflows: [
			templateCopy(COPIES.a, 'Case 25 workflow A'),
			templateCopy(COPIES.b, 'Case 25 workflow B'),
		],
		requireNodeTypes: ['n8n-nodes-vtex-marketplace.vtexTrigger'],
		tables: true,
	});
	context.shared.case25N8n = server;
	context.onCleanup(async () => {
		await server.stop();
	});
	context.shared.trigger = triggerEndpoint(server, COPIES.a);
	return server;
}

/**
 * Waits until a workflow has more executions than `known` and all of them have finished, or
 * until no new execution appeared within NEW_EXECUTION_WAIT_MS, or MAX_WAIT_MS passed.
 * @param {N8nServer} server
 * @param {string} workflowId
 * @param {number} known
 */
async function waitForFinishedExecutions(server, workflowId, known) {
	const started = Date.now();
	for (;;) {
		const list = await server.executions(workflowId, { limit: 250 });
		const finished = list.every(
			(/** @type {any} */ execution) => execution.finished || execution.stoppedAt,
		);
		const elapsed = Date.now() - started;
		if (list.length > known && finished) return;
		if (list.length <= known && elapsed > NEW_EXECUTION_WAIT_MS) return;
		if (elapsed > MAX_WAIT_MS) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Creates the endpoint of a published copy's VTEX Trigger, for the runner's notify steps.
 * @param {N8nServer} server
 * @param {{id: string, webhookId: string, secret: string}} copy
 * @returns {import('../caseRunner.cjs').TriggerEndpoint}
 */
function triggerEndpoint(server, copy) {
	return {
		async send(body) {
			const known = (await server.executions(copy.id, { limit: 250 })).length;
			const url = new URL(`${server.baseUrl}/webhook/${copy.webhookId}/notification`);
			url.searchParams.set('token', copy.secret);
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(30000),
			});
			const text = await response.text();

			// The template responds before its execution ends, and the runner counts finished
			// executions shortly after the response, so wait here until the new one has finished.
			await waitForFinishedExecutions(server, copy.id, known);
			return { status: response.status, text };
		},
		async executions() {
			const list = await server.executions(copy.id, { limit: 250 });
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
		// The n8n is stopped by the cleanup that n8nOf registered.
		async stop() {},
	};
}

/**
 * Returns a URL without its query, where the trigger's secret travels, for output lines.
 * @param {unknown} url
 */
function withoutQuery(url) {
	if (typeof url !== 'string') return String(url);
	const parsed = new URL(url);
	return `${parsed.origin}${parsed.pathname}`;
}

/**
 * Returns the affiliate routes' journal entries after the given sequence number.
 * @param {StepProcedureContext} context
 * @param {number} afterSeq
 */
async function affiliateCalls(context, afterSeq) {
	const { entries } = await context.control('journal');
	return entries.filter(
		(/** @type {{route: string, seq: number}} */ entry) =>
			entry.route.startsWith('affiliate') && entry.seq > afterSeq,
	);
}

/** @param {StepProcedureContext} context */
async function lastSeq(context) {
	const { entries } = await context.control('journal');
	return entries.length === 0 ? 0 : entries[entries.length - 1].seq;
}

/**
 * Returns affiliate KTZ as the sandbox stores it.
 * @param {StepProcedureContext} context
 */
async function storedAffiliate(context) {
	const state = await context.control('state');
	return (
		state.affiliates.find((/** @type {{id: string}} */ entry) => entry.id === AFFILIATE_ID) ?? null
	);
}

/**
 * Publishes a copy through n8n's public API and waits for its registration calls.
 * @param {StepProcedureContext} context
 * @param {N8nServer} server
 * @param {string} workflowId
 */
async function publish(context, server, workflowId) {
	const afterSeq = await lastSeq(context);
	const response = await server.request('POST', `/api/v1/workflows/${workflowId}/activate`, {
		auth: 'apiKey',
	});
	const publication = await server.settledPublication(workflowId, MAX_WAIT_MS);
	const calls = await affiliateCalls(context, afterSeq);
	// A trigger that failed to register reports why, as the editor shows it.
	const failures = (publication.triggers ?? [])
		.map((/** @type {{errorMessage?: string | null}} */ trigger) => trigger.errorMessage)
		.filter(Boolean);
	return {
		status: response.status,
		publication: publication.status,
		message: failures.join(' | '),
		calls: calls.map(
			(/** @type {{route: string, status: number, bodySha256: string}} */ entry) => ({
				route: entry.route,
				status: entry.status,
				bodySha256: entry.bodySha256,
			}),
		),
		endpoint: (await storedAffiliate(context))?.searchURIEndpoint ?? null,
	};
}

/**
 * Unpublishes a copy and waits until n8n has removed its trigger.
 * @param {StepProcedureContext} context
 * @param {N8nServer} server
 * @param {string} workflowId
 */
async function unpublish(context, server, workflowId) {
	const afterSeq = await lastSeq(context);
	const response = await server.request('POST', `/api/v1/workflows/${workflowId}/deactivate`, {
		auth: 'apiKey',
	});
	const publication = await server.settledPublication(workflowId, MAX_WAIT_MS);
	const calls = await affiliateCalls(context, afterSeq);
	return {
		status: response.status,
		publication: publication.status,
		calls: calls.map((/** @type {{route: string, status: number}} */ entry) => ({
			route: entry.route,
			status: entry.status,
		})),
		endpoint: (await storedAffiliate(context))?.searchURIEndpoint ?? null,
	};
}

/**
 * Edits the text of the first sticky note of a copy through the public API, as a person editing
 * the canvas would, so the next publish has a new version.
 * @param {N8nServer} server
 * @param {string} workflowId
 * @param {number} edit
 */
async function editStickyNote(server, workflowId, edit) {
	const workflow = await server.requestOk('GET', `/api/v1/workflows/${workflowId}`, {
		auth: 'apiKey',
	});
	const note = workflow.nodes.find(
		(/** @type {{type: string}} */ node) => node.type === 'n8n-nodes-base.stickyNote',
	);
	note.parameters.content = `${note.parameters.content}\n\nEdit ${edit}.`;
	await server.requestOk('PUT', `/api/v1/workflows/${workflowId}`, {
		auth: 'apiKey',
		body: {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: workflow.settings,
		},
	});
}

/** @type {Record<string, (context: StepProcedureContext) => Promise<import('../caseRunner.cjs').StepProcedureResult>>} */
const STEP_PROCEDURES = {
	'Publish workflow A: the notification template with registration on activation switched on, affiliate KTZ.':
		async (context) => {
			const before = await storedAffiliate(context);
			const server = await n8nOf(context);
			const published = await publish(context, server, COPIES.a.id);
			const after = await storedAffiliate(context);
			context.shared.case25UrlA = published.endpoint;
			return {
				ok: published.status === 200 && published.publication === 'published',
				detail: `publish answered ${published.status}; endpoint ${withoutQuery(published.endpoint)}`,
				facts: { ...published, before, after },
			};
		},
	'Edit a sticky note in A and publish again; repeat twice (three publishes in all).': async (
		context,
	) => {
		const server = await n8nOf(context);
		const publishes = [];
		for (let edit = 1; edit <= 2; edit++) {
			await editStickyNote(server, COPIES.a.id, edit);
			publishes.push(await publish(context, server, COPIES.a.id));
		}
		return {
			ok: publishes.every((entry) => entry.status === 200 && entry.publication === 'published'),
			detail: publishes
				.map(
					(entry) =>
						`publish ${entry.status}, ${entry.publication}, affiliate calls: ${entry.calls.map((call) => call.route).join(' ') || 'none'}`,
				)
				.join('; '),
			facts: { publishes, urlA: context.shared.case25UrlA },
		};
	},
	'Publish workflow B, a second copy of the template for affiliate KTZ with its own URL (for example a staging copy).':
		async (context) => {
			const server = await n8nOf(context);
			const published = await publish(context, server, COPIES.b.id);
			return {
				ok: true,
				detail: `publish answered ${published.status}, publication ${published.publication}: ${published.message}`,
				facts: { ...published, urlA: context.shared.case25UrlA },
			};
		},
	'Unpublish workflow B.': async (context) => {
		const server = await n8nOf(context);
		const result = await unpublish(context, server, COPIES.b.id);
		return {
			ok: result.status < 500,
			detail: `unpublish answered ${result.status}; endpoint ${withoutQuery(result.endpoint)}`,
			facts: { ...result, urlA: context.shared.case25UrlA },
		};
	},
	"With the affiliate PUT, set KTZ's searchURIEndpoint to https://other-connector.example/api/notification/ (a person moved the affiliate to another tool).":
		async (context) => {
			const affiliate = await storedAffiliate(context);
			const response = await fetch(
				`${context.sandboxUrl}/api/fulfillment/pvt/affiliates/${AFFILIATE_ID}`,
				{
					method: 'PUT',
					headers: {
						'content-type': 'application/json',
						'X-VTEX-API-AppKey': DEFAULT_APP_KEY,
						'X-VTEX-API-AppToken': DEFAULT_APP_TOKEN,
					},
					body: JSON.stringify({ ...affiliate, searchURIEndpoint: HANDOVER_URL }),
				},
			);
			const endpoint = (await storedAffiliate(context))?.searchURIEndpoint ?? null;
			return {
				ok: response.ok && endpoint === HANDOVER_URL,
				detail: `affiliate PUT answered ${response.status}; endpoint ${withoutQuery(endpoint)}`,
				facts: { endpoint },
			};
		},
	'Unpublish workflow A.': async (context) => {
		const server = await n8nOf(context);
		const logBefore = fs.readFileSync(server.logFile, 'utf8').length;
		const result = await unpublish(context, server, COPIES.a.id);
		const logLines = fs
			.readFileSync(server.logFile, 'utf8')
			.slice(logBefore)
			.split('\n')
			.filter((line) => line.includes(AFFILIATE_ID));
		return {
			ok: result.status === 200,
			detail: `unpublish answered ${result.status}; endpoint ${withoutQuery(result.endpoint)}`,
			facts: { ...result, logLines, handoverUrl: HANDOVER_URL },
		};
	},
};

module.exports = { STEP_PROCEDURES };
