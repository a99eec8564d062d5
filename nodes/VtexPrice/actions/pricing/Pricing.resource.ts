import type { INodeProperties } from 'n8n-workflow';

import * as getRecord from './getRecord.operation';

export { getRecord };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['pricing'] } },
		options: [
			{
				name: 'Get Price Record',
				value: 'getRecord',
				description:
					'Read the base, list and cost price and the fixed prices per trade policy of SKUs from the Pricing API',
				action: 'Get price record',
			},
		],
		default: 'getRecord',
	},
	...getRecord.description,
];
