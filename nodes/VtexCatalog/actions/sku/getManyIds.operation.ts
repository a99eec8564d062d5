import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { catalogRateOption, salesChannelProperty } from '../../../shared/descriptions';
import { failItem, outputItem } from '../../../shared/items';
import { createLogEntry } from '../../../shared/logEntry';
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
		displayName: 'Single Page',
		name: 'singlePage',
		type: 'boolean',
		default: false,
		description:
			'Whether to read only the page given in Page, even when it holds fewer IDs than the limit. An empty page returns no items. Use it in a loop that keeps its own page checkpoint.',
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

			const singlePage = returnAll
				? false
				: (this.getNodeParameter('singlePage', itemIndex, false) as boolean);

			const throttledPages = new Map<number, number>();
			const pages = await walkPages<string>(this.getNode(), {
				firstPage,
				stopAfterPage: singlePage ? firstPage : undefined,
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
					if (response.throttled > 0) throttledPages.set(page, response.throttled);
					const ids = Array.isArray(response.body) ? (response.body as unknown[]) : [];
					return ids.map((id) => String(id));
				},
			});

			const outputs = pages.map(({ item: skuId, page }) => outputItem({ skuId, page }, itemIndex));
			const last = outputs[outputs.length - 1];
			// NOTE: a throttled page that turns out empty has no item to carry the alert, so only
			// the warning in n8n's log remains of it.
			if (throttledPages.size > 0) {
				const alert = throttlingAlert(salesChannel, throttledPages);
				this.logger.warn(alert.businessMessage);
				if (last) last.json.logEntries = [alert] as unknown as IDataObject[];
			}
			returnData.push(...outputs);
		} catch (error) {
			returnData.push(failItem(this, error, itemIndex));
		}
	}

	return returnData;
}

/**
 * Builds the Alert entry of a listing that VTEX throttled. A node run gets one entry however many
 * 429 responses the transport waited out, so a throttling episode is logged once.
 */
function throttlingAlert(salesChannel: string, throttledPages: Map<number, number>) {
	const responses = [...throttledPages.values()].reduce((sum, count) => sum + count, 0);
	const pages = [...throttledPages.keys()].join(', ');
	return createLogEntry({
		skuId: null,
		status: 'Alert',
		operation: 'Catalog change',
		messageCode: 'THROTTLED',
		businessMessage:
			`VTEX answered 429 (too many requests) ${responses} time(s) while listing the SKU IDs of ` +
			`sales channel ${salesChannel} (page ${pages}). The load waited as VTEX asked and ` +
			'continued, so nothing is missing; frequent alerts mean other apps share the rate limit.',
	});
}
