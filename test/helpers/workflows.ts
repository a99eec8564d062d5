import type { ICredentialDataDecryptedObject, INode, INodeParameters } from 'n8n-workflow';

import { PACKAGE_PREFIX } from '../harness';
import type { WorkflowJson } from '../harness';

export const SANDBOX_APP_KEY = 'vtexappkey-acmestore-SANDBOX';
export const SANDBOX_APP_TOKEN = 'sandbox-app-token';

export function sandboxCredentials(
	baseUrl: string,
	overrides: ICredentialDataDecryptedObject = {},
): Record<string, ICredentialDataDecryptedObject> {
	return {
		vtexApi: {
			accountName: 'acmestore',
			environment: 'vtexcommercestable',
			appKey: SANDBOX_APP_KEY,
			appToken: SANDBOX_APP_TOKEN,
			baseUrl,
			...overrides,
		},
	};
}

export interface NodeUnderTest {
	/** Node type name without the package prefix, such as vtexCatalog. */
	type: 'vtexCatalog' | 'vtexPrice' | 'vtexStock' | 'vtexMapping' | 'vtexLogs';
	name: string;
	parameters: INodeParameters;
	continueOnFail?: boolean;
}

/**
 * Builds Manual Trigger -> Fixed Items (the given input items) -> the node under test.
 * Without input items the node receives the trigger's single empty item.
 */
export function workflowFor(
	node: NodeUnderTest,
	inputItems?: Array<Record<string, unknown>>,
): WorkflowJson {
	const nodes: INode[] = [
		{
			id: '1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '2',
			name: 'Input',
			type: 'test.fixedItems',
			typeVersion: 1,
			position: [200, 0],
			parameters: { items: JSON.stringify(inputItems ?? [{}]) },
		},
		{
			id: '3',
			name: node.name,
			type: `${PACKAGE_PREFIX}.${node.type}`,
			typeVersion: 1,
			position: [400, 0],
			parameters: node.parameters,
			credentials: { vtexApi: { id: '1', name: 'VTEX account' } },
			onError: node.continueOnFail ? 'continueRegularOutput' : undefined,
		},
	];

	return {
		nodes,
		connections: {
			Start: { main: [[{ node: 'Input', type: 'main', index: 0 }]] },
			Input: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
		},
	};
}
