import type { INodeProperties } from 'n8n-workflow';

import * as search from './search.operation';

export { search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Search Products',
				value: 'search',
				description: 'Read products through the catalog search, up to its limit of 2,550',
				action: 'Search products',
			},
		],
		default: 'search',
	},
	...search.description,
];
