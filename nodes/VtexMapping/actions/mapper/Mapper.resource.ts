import type { INodeProperties } from 'n8n-workflow';

import * as parseMapping from './parseMapping.operation';
import * as register from './register.operation';
import * as sendCategoryTree from './sendCategoryTree.operation';

export { parseMapping, register, sendCategoryTree };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['mapper'] } },
		options: [
			{
				name: 'Parse Mapping',
				value: 'parseMapping',
				description:
					'Turn a category mapping that VTEX Mapper pushed to your endpoint into one row per VTEX category',
				action: 'Parse a category mapping',
			},
			{
				name: 'Register',
				value: 'register',
				description: 'Register this integration as a connector in VTEX Mapper',
				action: 'Register a connector',
			},
			{
				name: 'Send Category Tree',
				value: 'sendCategoryTree',
				description: "Upload the marketplace's whole category tree to VTEX Mapper, gzip-compressed",
				action: 'Send the category tree',
			},
		],
		default: 'register',
	},
	...register.description,
	...sendCategoryTree.description,
	...parseMapping.description,
];
