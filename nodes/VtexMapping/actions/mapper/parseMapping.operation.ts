import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { failItem, outputItem } from '../../../shared/items';
import { readCategoryMapRows } from '../../helpers/categoryMap';

const properties: INodeProperties[] = [
	{
		displayName: 'Mapping Payload',
		name: 'payload',
		type: 'json',
		default: '={{ $json.body ?? $json }}',
		description:
			'Body that VTEX Mapper pushed to the mapping endpoint. VTEX does not publish its format, so the node accepts a list of rows (bare or under any key) with VTEX and marketplace category IDs in flat or nested fields, or an object from VTEX category ID to marketplace category ID.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Unmapped Categories',
				name: 'includeUnmapped',
				type: 'boolean',
				default: true,
				description:
					'Whether to output rows whose marketplace category ID is empty, so that an upsert clears a mapping the seller removed',
			},
		],
	},
];

const displayOptions = { show: { resource: ['mapper'], operation: ['parseMapping'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	const updatedAt = new Date().toISOString();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const payload = this.getNodeParameter('payload', itemIndex);
			const options = this.getNodeParameter('options', itemIndex, {}) as {
				includeUnmapped?: boolean;
			};
			const rows = readCategoryMapRows(payload);
			if (rows === undefined) {
				const preview = JSON.stringify(payload ?? null).slice(0, 200);
				throw new NodeOperationError(this.getNode(), 'No category mapping found in the payload', {
					itemIndex,
					description: `The payload starts with: ${preview}. Expected a list of rows with a VTEX category ID and a marketplace category ID, or an object from VTEX category ID to marketplace category ID.`,
				});
			}

			const includeUnmapped = options.includeUnmapped !== false;
			for (const row of rows) {
				if (!includeUnmapped && row.marketplaceCategoryId === '') continue;
				returnData.push(outputItem({ ...row, updatedAt }, itemIndex));
			}
		} catch (error) {
			returnData.push(failItem(this, error, itemIndex));
		}
	}

	return returnData;
}
