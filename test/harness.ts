import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
} from 'n8n-workflow';

import { VtexApi } from '../credentials/VtexApi.credentials';
import { VtexCatalog } from '../nodes/VtexCatalog/VtexCatalog.node';
import { VtexLogs } from '../nodes/VtexLogs/VtexLogs.node';
import { VtexMapping } from '../nodes/VtexMapping/VtexMapping.node';
import { VtexPrice } from '../nodes/VtexPrice/VtexPrice.node';
import { VtexStock } from '../nodes/VtexStock/VtexStock.node';

export const PACKAGE_PREFIX = 'n8n-nodes-vtex-marketplace';

class ManualTrigger implements INodeType {
	description = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow in tests',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class StickyNote implements INodeType {
	description = {
		displayName: 'Sticky Note',
		name: 'stickyNote',
		group: ['input'],
		version: 1,
		description: 'Ignored at run time',
		defaults: { name: 'Sticky Note' },
		inputs: [],
		outputs: [],
		properties: [],
	} as INodeType['description'];
}

/** Emits the items given as JSON in its `items` parameter, so a test can feed a node. */
class FixedItems implements INodeType {
	description = {
		displayName: 'Fixed Items',
		name: 'fixedItems',
		group: ['input'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Fixed Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string;
		const items = JSON.parse(raw) as Array<Record<string, unknown>>;
		return [items.map((json) => ({ json: json as INodeExecutionData['json'] }))];
	}
}

const nodeTypeMap: Record<string, INodeType | IVersionedNodeType> = {
	'test.fixedItems': new FixedItems(),
	[`${PACKAGE_PREFIX}.vtexCatalog`]: new VtexCatalog(),
	[`${PACKAGE_PREFIX}.vtexLogs`]: new VtexLogs(),
	[`${PACKAGE_PREFIX}.vtexMapping`]: new VtexMapping(),
	[`${PACKAGE_PREFIX}.vtexPrice`]: new VtexPrice(),
	[`${PACKAGE_PREFIX}.vtexStock`]: new VtexStock(),
	'n8n-nodes-base.manualTrigger': new ManualTrigger(),
	'n8n-nodes-base.stickyNote': new StickyNote(),
};

export const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeMap[type],
	getByNameAndVersion: (type, version) =>
		NodeHelpers.getVersionedNodeType(nodeTypeMap[type], version),
	getKnownTypes: () => ({}),
};

const credentialTypes: Record<string, ICredentialType> = { vtexApi: new VtexApi() };

function unsupported(): never {
	throw new Error('Not supported by the test harness');
}

/**
 * Credentials helper that serves fixed test data and applies the credential's authenticate
 * block: a function is called, and generic entries are resolved as n8n resolves them.
 */
export class TestCredentials extends ICredentialsHelper {
	workflow: WorkflowType | undefined;

	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: WorkflowType,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialTypes[typeName]?.authenticate;
		if (authenticate === undefined) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);

		const resolve = (value: string): string => {
			if (!value.startsWith('=') || !workflow || !node) return value;
			return String(
				workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				),
			);
		};

		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			target[section] = { ...(target[section] ?? {}) };
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[section][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		return unsupported();
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test data for credential type ${type}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}
}

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IWorkflowBase['connections'];
	settings?: IWorkflowBase['settings'];
}

/** Runs a workflow from its first start node and resolves with the finished run. */
export async function runWorkflow(
	workflowJson: WorkflowJson,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): Promise<IRun> {
	const workflowData = {
		id: 'test-workflow',
		name: workflowJson.name ?? 'test',
		active: false,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		settings: workflowJson.settings ?? { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;

	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflowData);
	const finished = new Promise<IRun>((resolve) =>
		hooks.addHandler('workflowExecuteAfter', resolve),
	);
	const credentialsHelper = new TestCredentials(credentials);

	const additionalData = {
		hooks,
		credentialsHelper,
		variables: {},
		currentNodeParameters: undefined,
		// Only used to build resume URLs in expressions; no request goes there.
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		executeWorkflow: unsupported,
		startRunnerTask: unsupported,
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = workflow.getStartNode();
	if (!startNode) throw new Error('The workflow has no start node');

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	);
	return await finished;
}

/** Returns the items a node sent on its first output in its first run. */
export function outputOf(run: IRun, nodeName: string): INodeExecutionData[] {
	const task = run.data.resultData.runData[nodeName]?.[0];
	return task?.data?.main?.[0] ?? [];
}

export function hintsOf(run: IRun, nodeName: string): Array<{ message: string; type?: string }> {
	return run.data.resultData.runData[nodeName]?.[0]?.hints ?? [];
}
