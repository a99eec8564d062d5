import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { failItem, outputItem } from '../../../shared/items';
import { readLogEntries } from '../../../shared/logEntry';
import { toLogRow } from '../../helpers/logRows';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Content Destination',
				name: 'contentDestination',
				type: 'string',
				default: '',
				description:
					"JSON text of the marketplace's response, set on entries of the item that have none",
			},
			{
				displayName: 'Content Source',
				name: 'contentSource',
				type: 'string',
				default: '',
				description: 'JSON text of what VTEX sent, set on entries of the item that have none',
			},
			{
				displayName: 'Content Translated',
				name: 'contentTranslated',
				type: 'string',
				default: '',
				description:
					'JSON text of the payload sent to the marketplace, set on entries of the item that have none',
			},
		],
	},
];

const displayOptions = { show: { resource: ['entry'], operation: ['collect'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface ContentOptions {
	contentSource?: string;
	contentTranslated?: string;
	contentDestination?: string;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	const executionId = String(this.getExecutionId() ?? '');
	const now = new Date();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const entries = readLogEntries(items[itemIndex].json);
			if (entries.length === 0) continue;
			const options = this.getNodeParameter('options', itemIndex, {}) as ContentOptions;

			entries.forEach((entry, entryIndex) => {
				const filled = {
					...entry,
					contentSource: entry.contentSource || options.contentSource || '',
					contentTranslated: entry.contentTranslated || options.contentTranslated || '',
					contentDestination: entry.contentDestination || options.contentDestination || '',
				};
				const row = toLogRow(filled, { executionId, itemIndex, entryIndex }, now);
				returnData.push(outputItem(row as unknown as IDataObject, itemIndex));
			});
		} catch (error) {
			returnData.push(failItem(this, error, itemIndex));
		}
	}

	return returnData;
}
