import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import * as product from './actions/product/Product.resource';
import * as sku from './actions/sku/Sku.resource';
import { router } from './actions/router';
import { loadOptions } from './methods';

export class VtexCatalog implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VTEX Catalog',
		name: 'vtexCatalog',
		icon: { light: 'file:vtex.svg', dark: 'file:vtex.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ ({ getManyIds: "Get many SKU IDs", get: "Get SKU with context", downloadImages: "Download images", search: "Search products" })[$parameter["operation"]] ?? $parameter["operation"] }}',
		description: 'Read SKU IDs, SKUs with context and products from a VTEX catalog',
		defaults: { name: 'VTEX Catalog' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vtexApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Product', value: 'product' },
					{ name: 'SKU', value: 'sku' },
				],
				default: 'sku',
			},
			...sku.description,
			...product.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
