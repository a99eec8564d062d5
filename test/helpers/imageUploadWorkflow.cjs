'use strict';

/**
 * A workflow that uploads the images of a notified SKU to the marketplace double, and the
 * trigger endpoint through which the case runner's `notify` steps reach it. Its nodes are the
 * VTEX Trigger, VTEX Catalog (get the SKU, then download its images as binary data), Split Out
 * (one item per image) and n8n's HTTP Request node, which posts each item's binary data as the
 * request body.
 */

const WORKFLOW_NAME = 'Case 19 SKU image upload';
const TRIGGER_NAME = 'VTEX Trigger';
const WEBHOOK_ID = '7c2e9a41-5d3b-4f86-a0e7-1b9c4d2f6e38';
/** Shared secret of the workflow's VTEX Trigger, used only on 127.0.0.1. */
const TRIGGER_SECRET = 'case19-images-8f21';

/** Maximum wait, in milliseconds, for the execution that a notification started to finish. */
const MAX_EXECUTION_WAIT_MS = 90000;
/** Milliseconds after which a notification that started no execution is given up on. */
const NEW_EXECUTION_WAIT_MS = 15000;

/**
 * Builds the workflow. The download node writes one binary property per image (image0,
 * image1, ...) on the SKU's item, and n8n's HTTP Request node sends one binary property per
 * request, so Split Out turns each image into an item of its own first.
 * @param {{ uploadUrl: string, credentialId: string }} options
 */
function imageUploadWorkflow({ uploadUrl, credentialId }) {
	const credentials = { vtexApi: { id: credentialId, name: 'VTEX account' } };
	const nodes = [
		{
			id: 'c19-trigger',
			name: TRIGGER_NAME,
			type: 'n8n-nodes-vtex-marketplace.vtexTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: { secretLocation: 'query', secret: TRIGGER_SECRET, selfRegister: false },
		},
		{
			id: 'c19-get-sku',
			name: 'Get SKU',
			type: 'n8n-nodes-vtex-marketplace.vtexCatalog',
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				resource: 'sku',
				operation: 'get',
				skuId: '={{ $json.skuId }}',
				checkEligibility: false,
			},
			credentials,
		},
		{
			id: 'c19-download',
			name: 'Download SKU Images',
			type: 'n8n-nodes-vtex-marketplace.vtexCatalog',
			typeVersion: 1,
			position: [440, 0],
			parameters: { resource: 'sku', operation: 'downloadImages' },
			credentials,
		},
		{
			id: 'c19-split',
			name: 'One Item per Image',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [660, 0],
			// Splitting imageFiles and $binary together pairs each file's description with its data.
			parameters: { fieldToSplitOut: 'imageFiles,$binary', include: 'noOtherFields', options: {} },
		},
		{
			id: 'c19-upload',
			name: 'Upload Image',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [880, 0],
			parameters: {
				method: 'POST',
				url: uploadUrl,
				sendBody: true,
				contentType: 'binaryData',
				inputDataFieldName: '={{ $json.imageFiles.binaryProperty }}',
				options: {},
			},
		},
	];
	const chain = nodes.map((node) => node.name);
	/** @type {Record<string, unknown>} */
	const connections = {};
	for (let index = 0; index < chain.length - 1; index++) {
		connections[chain[index]] = { main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] };
	}
	return {
		name: WORKFLOW_NAME,
		nodes,
		connections,
		// The checks read the trigger's output items, so successful executions keep their data.
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
	};
}

/**
 * Waits until the workflow has more finished executions than `known`, or until no new one
 * appeared within NEW_EXECUTION_WAIT_MS, or MAX_EXECUTION_WAIT_MS passed.
 * @param {import('../../scripts/runtime/server').N8nServer} server
 * @param {string} workflowId
 * @param {number} known
 */
async function waitForNewExecution(server, workflowId, known) {
	const started = Date.now();
	for (;;) {
		const list = await server.executions(workflowId, { limit: 250 });
		const finished = list.every(
			(/** @type {any} */ execution) => execution.finished || execution.stoppedAt,
		);
		const elapsed = Date.now() - started;
		if (list.length > known && finished) return;
		if (list.length <= known && elapsed > NEW_EXECUTION_WAIT_MS) return;
		if (elapsed > MAX_EXECUTION_WAIT_MS) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Creates the endpoint of the workflow's VTEX Trigger for the runner's notify steps. Every call
 * of `executions()` also stores the executions, with their full data, in `observed.executions`,
 * where the case's procedure checks read binary properties and errors.
 * @param {import('../../scripts/runtime/server').N8nServer} server
 * @param {string} workflowId
 * @param {{ executions: any[] }} observed
 * @returns {import('./caseRunner.cjs').TriggerEndpoint}
 */
function imageUploadTrigger(server, workflowId, observed) {
	const url = new URL(`${server.baseUrl}/webhook/${WEBHOOK_ID}/notification`);
	url.searchParams.set('token', TRIGGER_SECRET);
	return {
		async send(body) {
			const known = (await server.executions(workflowId, { limit: 250 })).length;
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(30000),
			});
			const text = await response.text();

			// The trigger responds before a worker has run the execution, and the runner counts
			// finished executions shortly after the response, so wait here until it has finished.
			await waitForNewExecution(server, workflowId, known);
			return { status: response.status, text };
		},
		async executions() {
			const list = await server.executions(workflowId, { limit: 250 });
			const finished = list.filter(
				(/** @type {any} */ execution) => execution.finished || execution.stoppedAt,
			);
			observed.executions = finished;
			return finished.map((/** @type {any} */ execution) => ({
				id: String(execution.id),
				status: execution.status === 'success' ? 'success' : 'error',
				items: triggerItems(execution).map((item) => item.json),
			}));
		},
		// The cleanup registered by the activate step removes the workflow.
		async stop() {},
	};
}

/**
 * Returns the output items of the VTEX Trigger in an execution read with its data, as n8n
 * stored them (json, and binary if the trigger had produced any).
 * @param {any} execution
 * @returns {Array<Record<string, any>>}
 */
function triggerItems(execution) {
	return execution.data?.resultData?.runData?.[TRIGGER_NAME]?.[0]?.data?.main?.[0] ?? [];
}

module.exports = { imageUploadWorkflow, imageUploadTrigger, triggerItems, TRIGGER_NAME };
