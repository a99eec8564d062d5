import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { failItem, outputItem } from '../../../shared/items';
import { toWholeNumber } from '../../../shared/parameters';
import { readStoredRow, utcDay } from '../../helpers/logRows';

const DAY_MS = 24 * 60 * 60 * 1000;

const properties: INodeProperties[] = [
	{
		displayName: 'Retention (Days)',
		name: 'retentionDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description:
			'Number of past days whose entries are kept, besides today. Entries of earlier days are expired.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Cutoff Only',
				value: 'cutoff',
				description: 'One item with the cutoff date, for a delete with a filter',
			},
			{
				name: 'Expired Rows',
				value: 'expiredRows',
				description: 'The input rows that are expired, to delete them by entry ID',
			},
		],
		default: 'cutoff',
	},
];

const displayOptions = { show: { resource: ['entry'], operation: ['pruneCutoff'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Returns the first day that is kept: today in UTC minus the retention. Entries whose dateAt
 * is before this day are expired.
 */
export function cutoffDay(now: Date, retentionDays: number): string {
	return utcDay(new Date(now.getTime() - retentionDays * DAY_MS));
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	let retentionDays: number;
	try {
		retentionDays = toWholeNumber(
			this,
			this.getNodeParameter('retentionDays', 0),
			{ displayName: 'Retention (Days)', min: 1 },
			0,
		);
	} catch (error) {
		return [failItem(this, error, 0)];
	}

	const cutoffDate = cutoffDay(new Date(), retentionDays);
	const output = this.getNodeParameter('output', 0) as 'cutoff' | 'expiredRows';

	if (output === 'expiredRows') {
		const expired: INodeExecutionData[] = [];
		items.forEach((item, itemIndex) => {
			const row = readStoredRow(item.json);
			if (row.dateAt !== '' && row.dateAt < cutoffDate) {
				expired.push(outputItem({ ...item.json, cutoffDate } as IDataObject, itemIndex));
			}
		});
		return expired;
	}

	const json: IDataObject = {
		retentionDays,
		cutoffDate,
		cutoffAt: `${cutoffDate}T00:00:00.000Z`,
	};
	return [{ json, pairedItem: items.map((_, index) => ({ item: index })) }];
}
