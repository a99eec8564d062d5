import type { INodeProperties } from 'n8n-workflow';

import * as getPrice from './getPrice.operation';

export { getPrice };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['simulation'] } },
		options: [
			{
				name: 'Get Price',
				value: 'getPrice',
				description:
					'Read the selling price of SKUs for a sales channel and affiliate through the fulfillment simulation',
				action: 'Get price',
			},
		],
		default: 'getPrice',
	},
	...getPrice.description,
];
