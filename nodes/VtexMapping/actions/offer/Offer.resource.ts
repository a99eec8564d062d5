import type { INodeProperties } from 'n8n-workflow';

import * as build from './build.operation';
import * as planAction from './planAction.operation';

export { build, planAction };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['offer'] } },
		options: [
			{
				name: 'Build',
				value: 'build',
				description:
					'Build a marketplace offer from a SKU with context, price and stock, and check its required fields',
				action: 'Build an offer',
			},
			{
				name: 'Plan Action',
				value: 'planAction',
				description:
					'Decide per SKU whether to create, update, deactivate or skip its offer, from the ID map',
				action: 'Plan the action for an offer',
			},
		],
		default: 'build',
	},
	...build.description,
	...planAction.description,
];
