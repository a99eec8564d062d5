import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import * as entry from './actions/entry/Entry.resource';
import { router } from './actions/router';

export class VtexLogs implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VTEX Logs',
		name: 'vtexLogs',
		icon: { light: 'file:vtex.svg', dark: 'file:vtex.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ ({ collect: "Collect log entries", query: "Query log entries", pruneCutoff: "Get prune cutoff" })[$parameter["operation"]] ?? $parameter["operation"] }}',
		description:
			"Collect the log entries of VTEX nodes as table rows and serve them in the format of VTEX's connector log report",
		defaults: { name: 'VTEX Logs' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vtexApi', required: false }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Log Entry', value: 'entry' }],
				default: 'entry',
			},
			...entry.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
