import type { INodeProperties } from 'n8n-workflow';

import * as getStock from './getStock.operation';

export { getStock };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['simulation'] } },
		options: [
			{
				name: 'Get Stock',
				value: 'getStock',
				description:
					'Read the units of SKUs a sales channel can sell through the fulfillment simulation',
				action: 'Get stock',
			},
		],
		default: 'getStock',
	},
	...getStock.description,
];
