import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as mapper from './mapper/Mapper.resource';
import type { VtexMappingType } from './node.type';
import * as offer from './offer/Offer.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as VtexMappingType['resource'];
	const operation = this.getNodeParameter('operation', 0);
	const vtexMapping = { resource, operation } as VtexMappingType;

	let returnData: INodeExecutionData[];
	switch (vtexMapping.resource) {
		case 'mapper':
			returnData = await mapper[vtexMapping.operation].execute.call(this, items);
			break;
		case 'offer':
			returnData = await offer[vtexMapping.operation].execute.call(this, items);
			break;
		default:
			throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not supported`);
	}

	return [returnData];
}
