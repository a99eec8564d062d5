import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { createApiError, readBodyMessage } from '../../../shared/errors';
import { catalogRateOption } from '../../../shared/descriptions';
import { failItem, outputItem } from '../../../shared/items';
import { readWholeNumber } from '../../../shared/parameters';
import { createLogEntry } from '../../../shared/logEntry';
import { getVtexConnection, routes, vtexRequest } from '../../../shared/transport';
import type { VtexConnection } from '../../../shared/transport';

/** VTEX's search returns 400 for `_from` above 2500 and for windows above 50 products. */
export const SEARCH_MAX_FROM = 2500;
export const SEARCH_MAX_WINDOW = 50;

interface SearchProduct {
	productId?: string | number;
	productName?: string;
	items?: unknown[];
}

const properties: INodeProperties[] = [
	{
		displayName:
			'VTEX search returns at most 2,550 products (positions up to 2,500 in windows of 50). To list a whole catalog use SKU > Get Many SKU IDs.',
		name: 'searchLimitNotice',
		type: 'notice',
		default: '',
	},
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
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: SEARCH_MAX_WINDOW },
		default: 50,
		description: 'Number of products requested per call, at most 50',
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

const displayOptions = { show: { resource: ['product'], operation: ['search'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface SearchOutcome {
	products: SearchProduct[];
	/** Reason the walk stopped at VTEX's search limits, when it did. */
	limitReason?: string;
}

/**
 * A 400 whose text names the `_from` or `_to` parameter is VTEX's response to a window past its
 * limits ("Parameter _from can't be greater than 2500."). Any other 400 is a real error.
 */
function isSearchLimitAnswer(body: unknown): boolean {
	const text = readBodyMessage(body) ?? '';
	return /\b_(from|to)\b/i.test(text);
}

/**
 * Reads search windows from position 0 until an empty or short window, the limit, or VTEX's
 * search limits. Past the limits it stops and returns what it read with the reason.
 */
async function searchProducts(
	context: IExecuteFunctions,
	connection: VtexConnection,
	itemIndex: number,
	limit: number | undefined,
	pageSize: number,
	requestsPerSecond: number | undefined,
): Promise<SearchOutcome> {
	const products: SearchProduct[] = [];
	const seen = new Set<string>();

	// Bounded: _from grows by pageSize each pass and the walk ends once it passes SEARCH_MAX_FROM.
	for (let from = 0; from <= SEARCH_MAX_FROM; from += pageSize) {
		const to = from + pageSize - 1;
		const request = {
			route: routes.productSearch(),
			qs: { _from: from, _to: to },
			subject: `products ${from} to ${to}`,
			itemIndex,
			passStatuses: [400],
			requestsPerSecond,
		};
		const response = await vtexRequest.call(context, connection, request);

		if (response.status === 400) {
			if (isSearchLimitAnswer(response.body)) {
				return { products, limitReason: `VTEX answered: ${readBodyMessage(response.body)}` };
			}
			throw createApiError(
				context.getNode(),
				{
					route: request.route,
					baseUrl: connection.hosts.account,
					attempts: 1,
					status: 400,
					body: response.body,
					subject: request.subject,
				},
				connection.secrets,
				itemIndex,
			);
		}

		const page = Array.isArray(response.body) ? (response.body as SearchProduct[]) : [];
		if (page.length === 0) return { products };

		let newProducts = 0;
		for (const product of page) {
			const id = String(product.productId);
			if (seen.has(id)) continue;
			seen.add(id);
			newProducts++;
			products.push(product);
			if (limit !== undefined && products.length >= limit) return { products };
		}

		if (newProducts === 0) {
			throw new NodeOperationError(
				context.getNode(),
				`Search window ${from} to ${to} contains only products already read, so VTEX repeats a page`,
				{
					itemIndex,
					description: 'Reading stopped to avoid an endless loop. Run the search again later.',
				},
			);
		}
		if (page.length < pageSize) return { products };
	}

	return { products, limitReason: `the next window would start past ${SEARCH_MAX_FROM}` };
}

function searchLimitMessage(count: number, reason: string): string {
	return `Search stopped after ${count} products because VTEX's search API reads no position past ${SEARCH_MAX_FROM} (windows of at most ${SEARCH_MAX_WINDOW}); ${reason}. To list every SKU of a sales channel, use SKU > Get Many SKU IDs.`;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	const connection = await getVtexConnection.call(this);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
			const limit = returnAll
				? undefined
				: readWholeNumber(this, 'limit', itemIndex, { displayName: 'Limit', min: 1 });
			const pageSize = readWholeNumber(this, 'pageSize', itemIndex, {
				displayName: 'Page Size',
				min: 1,
				max: SEARCH_MAX_WINDOW,
			});
			const options = this.getNodeParameter('options', itemIndex, {}) as {
				requestsPerSecond?: number;
			};

			const outcome = await searchProducts(
				this,
				connection,
				itemIndex,
				limit,
				pageSize,
				options.requestsPerSecond,
			);
			const outputs = outcome.products.map((product) =>
				outputItem(
					{
						productId: String(product.productId),
						productName: product.productName ?? null,
						items: (product.items ?? []) as IDataObject[],
					},
					itemIndex,
				),
			);

			if (outcome.limitReason !== undefined) {
				const message = searchLimitMessage(outcome.products.length, outcome.limitReason);
				this.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
				this.logger.warn('VTEX search stopped at its window limit', {
					products: outcome.products.length,
				});

				const alert = createLogEntry({
					skuId: null,
					status: 'Alert',
					operation: 'Catalog change',
					messageCode: 'SEARCH_LIMIT',
					businessMessage: message,
				});
				const last = outputs[outputs.length - 1];
				if (last) last.json.logEntries = [alert] as unknown as IDataObject[];
				else
					outputs.push(outputItem({ logEntries: [alert] as unknown as IDataObject[] }, itemIndex));
			}

			returnData.push(...outputs);
		} catch (error) {
			returnData.push(failItem(this, error, itemIndex));
		}
	}

	return returnData;
}
