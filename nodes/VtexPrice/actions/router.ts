import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { VtexPriceType } from './node.type';
import * as pricing from './pricing/Pricing.resource';
import * as simulation from './simulation/Simulation.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as VtexPriceType['resource'];
	const operation = this.getNodeParameter('operation', 0);
	const vtexPrice = { resource, operation } as VtexPriceType;

	let returnData: INodeExecutionData[];
	switch (vtexPrice.resource) {
		case 'simulation':
			returnData = await simulation[vtexPrice.operation].execute.call(this, items);
			break;
		case 'pricing':
			returnData = await pricing[vtexPrice.operation].execute.call(this, items);
			break;
		default:
			throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not supported`);
	}

	return [returnData];
}
