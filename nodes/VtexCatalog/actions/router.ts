import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { VtexCatalogType } from './node.type';
import * as product from './product/Product.resource';
import * as sku from './sku/Sku.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as VtexCatalogType['resource'];
	const operation = this.getNodeParameter('operation', 0);
	const vtexCatalog = { resource, operation } as VtexCatalogType;

	let returnData: INodeExecutionData[];
	switch (vtexCatalog.resource) {
		case 'sku':
			returnData = await sku[vtexCatalog.operation].execute.call(this, items);
			break;
		case 'product':
			returnData = await product[vtexCatalog.operation].execute.call(this, items);
			break;
		default:
			throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not supported`);
	}

	return [returnData];
}
