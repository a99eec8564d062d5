import type { INodeProperties } from 'n8n-workflow';

import * as collect from './collect.operation';
import * as pruneCutoff from './pruneCutoff.operation';
import * as query from './query.operation';

export { collect, pruneCutoff, query };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['entry'] } },
		options: [
			{
				name: 'Collect',
				value: 'collect',
				description:
					'Turn the log entries on the input items into one row per entry for a log table',
				action: 'Collect log entries',
			},
			{
				name: 'Get Prune Cutoff',
				value: 'pruneCutoff',
				description: 'Compute the date before which stored log entries are past their retention',
				action: 'Get the prune cutoff',
			},
			{
				name: 'Query',
				value: 'query',
				description:
					"Filter stored log rows by date and status and return one page in the format of VTEX's log report",
				action: 'Query log entries',
			},
		],
		default: 'collect',
	},
	...collect.description,
	...query.description,
	...pruneCutoff.description,
];
