import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getManyIds from './getManyIds.operation';

export { get, getManyIds };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sku'] } },
		options: [
			{
				name: 'Get Many SKU IDs',
				value: 'getManyIds',
				description: 'List the SKU IDs of a sales channel, page by page',
				action: 'Get many SKU ID values',
			},
			{
				name: 'Get SKU With Context',
				value: 'get',
				description:
					'Read a SKU with its product, images and sales channels, and check its eligibility',
				action: 'Get SKU with context',
			},
		],
		default: 'getManyIds',
	},
	...getManyIds.description,
	...get.description,
];
