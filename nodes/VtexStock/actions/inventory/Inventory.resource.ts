import type { INodeProperties } from 'n8n-workflow';

import * as getInventory from './getInventory.operation';

export { getInventory };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['inventory'] } },
		options: [
			{
				name: 'Get Inventory',
				value: 'getInventory',
				description:
					'Read the units of SKUs per warehouse from the Logistics API, one request per SKU',
				action: 'Get inventory',
			},
		],
		default: 'getInventory',
	},
	...getInventory.description,
];
