import type { IRun } from 'n8n-workflow';

import { hintsOf, runWorkflow } from '../harness';
import { sandboxCredentials, workflowFor } from './workflows';
import type { NodeUnderTest } from './workflows';

/** Outcome of a task, in the shape the case runner (caseRunner.cjs) reads. */
export interface TaskOutcome {
	status: 'success' | 'warning' | 'error' | 'aborted';
	items: Array<Record<string, unknown>>;
	errorItems: number;
	error: string | null;
	hints: string[];
	/** Log entries that a failed run's error carries in context.logEntries. */
	logEntries: Array<Record<string, unknown>>;
	/** Description of a failed run's error, the advice n8n shows under the message. */
	errorDescription: string | null;
}

export interface TaskRequest {
	sandboxUrl: string;
	parameters: Record<string, unknown>;
	input: Array<Record<string, unknown>> | null;
	nodeSettings: Record<string, unknown>;
	caseSettings: Record<string, unknown>;
}

const NODE_NAME = 'Node Under Test';

function text(value: unknown, fallback: string): string {
	return value === undefined || value === null ? fallback : String(value);
}

/** Runs one package node in the in-process harness and reads its outcome. */
async function runNode(node: NodeUnderTest, request: TaskRequest): Promise<TaskOutcome> {
	const workflow = workflowFor(node, request.input ?? undefined);
	const onError = request.nodeSettings.onError;
	if (typeof onError === 'string') {
		const target = workflow.nodes.find((candidate) => candidate.name === NODE_NAME);
		if (target) target.onError = onError as typeof target.onError;
	}

	const run: IRun = await runWorkflow(workflow, sandboxCredentials(request.sandboxUrl));
	const task = run.data.resultData.runData[NODE_NAME]?.[0];
	const outputs = task?.data?.main ?? [];
	const items = (outputs[0] ?? []).map((item) => item.json as Record<string, unknown>);
	const errorOutput = outputs[1] ?? [];
	const errorItems = errorOutput.length + items.filter((item) => item.error !== undefined).length;
	const hints = hintsOf(run, NODE_NAME).map((hint) => hint.message);
	const warned = hintsOf(run, NODE_NAME).some((hint) => (hint.type ?? 'info') === 'warning');
	const failure = run.data.resultData.error;
	const error = failure?.message ?? null;
	const errorContext = (failure as { context?: { logEntries?: unknown } } | undefined)?.context;
	const logEntries = Array.isArray(errorContext?.logEntries)
		? (errorContext.logEntries as Array<Record<string, unknown>>)
		: [];

	let status: TaskOutcome['status'] = 'success';
	if (error) status = 'error';
	else if (warned) status = 'warning';

	return {
		status,
		items,
		errorItems,
		error,
		hints,
		logEntries,
		errorDescription: failure?.description ?? null,
	};
}

/** Tasks of the case format that one VTEX Catalog node performs, keyed by task name. */
export const catalogTasks: Record<string, (request: TaskRequest) => Promise<TaskOutcome>> = {
	'list-sku-ids': async (request) =>
		await runNode(
			{
				type: 'vtexCatalog',
				name: NODE_NAME,
				parameters: {
					resource: 'sku',
					operation: 'getManyIds',
					salesChannel: text(request.parameters.salesChannel, '2'),
					returnAll: request.parameters.returnAll !== false,
					...(request.parameters.pageSize === undefined
						? {}
						: { pageSize: Number(request.parameters.pageSize) }),
				},
			},
			request,
		),
	'get-sku': async (request) =>
		await runNode(
			{
				type: 'vtexCatalog',
				name: NODE_NAME,
				parameters: {
					resource: 'sku',
					operation: 'get',
					skuId: text(request.parameters.skuId, '={{ $json.skuId }}'),
					salesChannel: text(request.parameters.salesChannel, '2'),
				},
			},
			request,
		),
	'search-products': async (request) =>
		await runNode(
			{
				type: 'vtexCatalog',
				name: NODE_NAME,
				parameters: {
					resource: 'product',
					operation: 'search',
					returnAll: request.parameters.returnAll !== false,
					...(request.parameters.pageSize === undefined
						? {}
						: { pageSize: Number(request.parameters.pageSize) }),
				},
			},
			request,
		),
};

/** Tasks of the case format that one VTEX Price or VTEX Stock node performs. */
export const priceStockTasks: Record<string, (request: TaskRequest) => Promise<TaskOutcome>> = {
	'read-price-records': async (request) =>
		await runNode(
			{
				type: 'vtexPrice',
				name: NODE_NAME,
				parameters: {
					resource: 'pricing',
					operation: 'getRecord',
					skuId: text(request.parameters.skuId, '={{ $json.skuId }}'),
					options: {},
				},
			},
			request,
		),
	'read-inventory': async (request) => {
		const options: Record<string, number> = {};
		for (const name of ['requestsPerSecond', 'concurrency', 'safetyStock', 'minimumStock']) {
			if (request.parameters[name] !== undefined) options[name] = Number(request.parameters[name]);
		}
		const warehouseIds = request.parameters.warehouseIds;
		return await runNode(
			{
				type: 'vtexStock',
				name: NODE_NAME,
				parameters: {
					resource: 'inventory',
					operation: 'getInventory',
					allSkus: request.parameters.allSkus === true,
					salesChannel: text(request.parameters.salesChannel, '2'),
					skuId: text(request.parameters.skuId, '={{ $json.skuId }}'),
					warehouseIds: Array.isArray(warehouseIds) ? warehouseIds.map(String) : [],
					options,
				},
			},
			request,
		);
	},
};

/** Tasks of the case format that one VTEX Mapping node performs. */
export const mappingTasks: Record<string, (request: TaskRequest) => Promise<TaskOutcome>> = {
	'send-category-tree': async (request) => {
		// The case setting mapperMaxUploadBytes is the node's Max Upload Size option.
		const options: Record<string, number> = {};
		const maxUploadBytes = request.caseSettings.mapperMaxUploadBytes;
		if (maxUploadBytes !== undefined) options.maxUploadBytes = Number(maxUploadBytes);

		return await runNode(
			{
				type: 'vtexMapping',
				name: NODE_NAME,
				parameters: {
					resource: 'mapper',
					operation: 'sendCategoryTree',
					mapperId: text(request.parameters.mapperId, ''),
					inputMode: 'tree',
					tree: '={{ $json }}',
					options,
				},
			},
			request,
		);
	},
};
