import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as entry from './entry/Entry.resource';
import type { VtexLogsType } from './node.type';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as VtexLogsType['resource'];
	const operation = this.getNodeParameter('operation', 0);
	const vtexLogs = { resource, operation } as VtexLogsType;

	let returnData: INodeExecutionData[];
	switch (vtexLogs.resource) {
		case 'entry':
			returnData = await entry[vtexLogs.operation].execute.call(this, items);
			break;
		default:
			throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not supported`);
	}

	return [returnData];
}
