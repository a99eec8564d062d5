import type { INodeProperties } from 'n8n-workflow';

import * as downloadImages from './downloadImages.operation';
import * as get from './get.operation';
import * as getManyIds from './getManyIds.operation';

export { downloadImages, get, getManyIds };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sku'] } },
		options: [
			{
				name: 'Download Images',
				value: 'downloadImages',
				description:
					'Download the image files of a SKU as binary data, without sending the VTEX credential to the image host',
				action: 'Download SKU images',
			},
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
	...downloadImages.description,
];
