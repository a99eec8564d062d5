import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { catalogRateOption, salesChannelProperty } from '../../../shared/descriptions';
import { failItem, outputItem } from '../../../shared/items';
import { readWholeNumber } from '../../../shared/parameters';
import { readSalesChannel } from '../../../shared/simulation';
import { getVtexConnection, routes, vtexRequest, walkPages } from '../../../shared/transport';

/** VTEX advises pages of 1,000 IDs for this listing. */
const MAX_PAGE_SIZE = 1000;
/** Upper bound on pages in one walk: SKU IDs are 32-bit, so no listing can need more. */
const MAX_PAGES = 2_200_000;

const properties: INodeProperties[] = [
	salesChannelProperty,
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Page',
		name: 'page',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description:
			'Page of the listing to start from, counted from 1. Each output item carries its page, so a loop can continue after the last one read.',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
		default: 1000,
		description: 'Number of SKU IDs requested per call, at most 1000',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [catalogRateOption],
	},
];

const displayOptions = { show: { resource: ['sku'], operation: ['getManyIds'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	const connection = await getVtexConnection.call(this);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const salesChannel = readSalesChannel(this, itemIndex);
			const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
			const pageSize = readWholeNumber(this, 'pageSize', itemIndex, {
				displayName: 'Page Size',
				min: 1,
				max: MAX_PAGE_SIZE,
			});
			const options = this.getNodeParameter('options', itemIndex, {}) as {
				requestsPerSecond?: number;
			};
			const limit = returnAll
				? undefined
				: readWholeNumber(this, 'limit', itemIndex, { displayName: 'Limit', min: 1 });
			const firstPage = returnAll
				? 1
				: readWholeNumber(this, 'page', itemIndex, { displayName: 'Page', min: 1 });

			const pages = await walkPages<string>(this.getNode(), {
				firstPage,
				maxItems: limit,
				maxPages: MAX_PAGES,
				label: `SKU ID listing of sales channel ${salesChannel}`,
				idOf: (skuId) => skuId,
				fetchPage: async (page) => {
					const response = await vtexRequest.call(this, connection, {
						route: routes.skuIdsBySalesChannel(),
						qs: { sc: salesChannel, page, pageSize },
						subject: `page ${page} of the SKU IDs of sales channel ${salesChannel}`,
						itemIndex,
						requestsPerSecond: options.requestsPerSecond,
					});
					const ids = Array.isArray(response.body) ? (response.body as unknown[]) : [];
					return ids.map((id) => String(id));
				},
			});

			for (const { item: skuId, page } of pages) {
				returnData.push(outputItem({ skuId, page }, itemIndex));
			}
		} catch (error) {
			returnData.push(failItem(this, error, itemIndex));
		}
	}

	return returnData;
}
