'use strict';

/**
 * The VTEX Trigger for `notify` steps of the case runner: a real n8n with the packed package and
 * an active workflow whose only node is the trigger (test/e2e/fixtures/trigger-workflow.json).
 * Registration on activation is off, because case scenarios need not list affiliates.
 * The trigger keeps only notifications of the scenario's account and affiliate, as a seller's
 * workflow for one affiliate would.
 */

const fs = require('node:fs');
const path = require('node:path');
const { startN8n } = require('../../scripts/n8n-runtime');
const fixtures = require('../e2e/fixtures/index.cjs');

const WORKFLOW_ID = 'vtexTriggerCase1';
const WEBHOOK_ID = '8d3e5f21-7c4b-4a96-b0e2-1f9a6c7d3e54';
/** Shared secret of the replay workflow; local use only. */
const REPLAY_TOKEN = 'case-replay-secret-31c7';

/**
 * @param {{log?: (line: string) => void}} [options]
 * @returns {import('./caseRunner.cjs').TriggerFactory}
 */
function createTriggerFactory(options = {}) {
	const log = options.log ?? (() => undefined);
	return async (sandboxUrl) => {
		const text = fs.readFileSync(
			path.join(__dirname, '..', 'e2e', 'fixtures', 'trigger-workflow.json'),
			'utf8',
		);
		const workflow = { id: WORKFLOW_ID, ...JSON.parse(text) };
		const state = await (await fetch(`${sandboxUrl}/__sandbox/state`)).json();
		Object.assign(workflow.nodes[0].parameters, {
			secret: REPLAY_TOKEN,
			selfRegister: false,
			filters: { accounts: state.account, affiliates: state.affiliateId },
		});

		const server = await startN8n({
			credentials: [fixtures.sandboxCredential(sandboxUrl)],
			workflows: [workflow],
			activate: [WORKFLOW_ID],
			requireNodeTypes: ['n8n-nodes-vtex-marketplace.vtexTrigger'],
			log,
		});
		const url = new URL(`${server.baseUrl}/webhook/${WEBHOOK_ID}/notification`);
		url.searchParams.set('token', REPLAY_TOKEN);

		return {
			async send(body) {
				// The webhook of a workflow activated a moment ago may respond with 404 for a short while.
				const deadline = Date.now() + 5000;
				for (;;) {
					const response = await fetch(url, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(body),
						signal: AbortSignal.timeout(30000),
					});
					const responseText = await response.text();
					if (response.status !== 404 || Date.now() > deadline) {
						return { status: response.status, text: responseText };
					}
					await new Promise((resolve) => setTimeout(resolve, 250));
				}
			},
			async executions() {
				const list = await server.executions(WORKFLOW_ID, { limit: 250 });
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
			async stop() {
				await server.stop();
			},
		};
	};
}

module.exports = { createTriggerFactory };
