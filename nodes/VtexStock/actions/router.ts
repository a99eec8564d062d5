import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { VtexStockType } from './node.type';
import * as inventory from './inventory/Inventory.resource';
import * as simulation from './simulation/Simulation.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as VtexStockType['resource'];
	const operation = this.getNodeParameter('operation', 0);
	const vtexStock = { resource, operation } as VtexStockType;

	let returnData: INodeExecutionData[];
	switch (vtexStock.resource) {
		case 'simulation':
			returnData = await simulation[vtexStock.operation].execute.call(this, items);
			break;
		case 'inventory':
			returnData = await inventory[vtexStock.operation].execute.call(this, items);
			break;
		default:
			throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not supported`);
	}

	return [returnData];
}
