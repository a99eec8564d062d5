import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { failItem, outputItem } from '../../../shared/items';
import { toWholeNumber } from '../../../shared/parameters';
import { readSkuId } from '../../../shared/simulation';
import { getVtexConnection, mapConcurrent, routes, vtexRequest } from '../../../shared/transport';
import { findFixedPrice } from '../../helpers/priceRecord';
import type { FixedPrice } from '../../helpers/priceRecord';

const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 20;

const properties: INodeProperties[] = [
	{
		displayName: 'SKU ID',
		name: 'skuId',
		type: 'string',
		default: '={{ $json.skuId }}',
		required: true,
		description: 'Numeric VTEX SKU ID whose Pricing API record to read',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
				default: DEFAULT_CONCURRENCY,
				description: 'Maximum Pricing requests in flight at once, within Requests per Second',
			},
			{
				displayName: 'Requests per Second',
				name: 'requestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 20,
				description:
					'Maximum Pricing API reads per second from this account, shared by every execution in this n8n process. The node also slows down when the Ratelimit-* headers show the budget running out.',
			},
			{
				displayName: 'Trade Policy ID',
				name: 'tradePolicyId',
				type: 'string',
				default: '',
				placeholder: '2',
				description:
					'Sales channel (trade policy) whose fixed price to output as "fixedPrice": the fixed price for quantity 1 that is valid now, or null. Empty outputs no "fixedPrice".',
			},
		],
	},
];

const displayOptions = { show: { resource: ['pricing'], operation: ['getRecord'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface RecordOptionValues {
	concurrency?: unknown;
	requestsPerSecond?: number;
	tradePolicyId?: string;
}

/** Pricing API v2 price record; amounts are decimals in currency units. */
interface PriceRecord {
	itemId?: string | number;
	basePrice?: number | null;
	listPrice?: number | null;
	costPrice?: number | null;
	markup?: number | null;
	fixedPrices?: FixedPrice[];
}

interface PendingRead {
	itemIndex: number;
	skuId: string;
	options: RecordOptionValues;
}

/** Fields added to the input item from a price record, or from its absence (HTTP 404). */
function recordFields(
	skuId: string,
	record: PriceRecord | undefined,
	tradePolicyId: string,
): IDataObject {
	const fixedPrices = Array.isArray(record?.fixedPrices) ? record.fixedPrices : [];
	const fields: IDataObject = {
		itemId: record?.itemId === undefined ? skuId : String(record.itemId),
		priceRecordFound: record !== undefined,
		basePrice: record?.basePrice ?? null,
		listPrice: record?.listPrice ?? null,
		costPrice: record?.costPrice ?? null,
		markup: record?.markup ?? null,
		fixedPrices: fixedPrices as unknown as IDataObject[],
	};
	if (tradePolicyId !== '') {
		const fixed = findFixedPrice(fixedPrices, tradePolicyId, new Date());
		fields.fixedPrice = (fixed ?? null) as IDataObject | null;
	}
	return fields;
}

/**
 * Reads the Pricing API record of each input SKU, a few requests at once, paced by the Pricing
 * reads budget and its Ratelimit-* headers. A SKU without a record (HTTP 404) gets
 * `priceRecordFound: false` and null amounts.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const results = new Array<INodeExecutionData | undefined>(items.length);
	const pending: PendingRead[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const skuId = readSkuId(this, itemIndex);
			const options = this.getNodeParameter('options', itemIndex, {}) as RecordOptionValues;
			pending.push({ itemIndex, skuId, options });
		} catch (error) {
			results[itemIndex] = failItem(this, error, itemIndex);
		}
	}

	if (pending.length > 0) {
		const connection = await getVtexConnection.call(this);
		const concurrency = toWholeNumber(
			this,
			pending[0].options.concurrency ?? DEFAULT_CONCURRENCY,
			{ displayName: 'Concurrency', min: 1, max: MAX_CONCURRENCY },
			pending[0].itemIndex,
		);

		await mapConcurrent(pending, concurrency, async ({ itemIndex, skuId, options }) => {
			try {
				const response = await vtexRequest.call(this, connection, {
					route: routes.pricingGet(skuId),
					subject: `SKU ${skuId}`,
					itemIndex,
					passStatuses: [404],
					requestsPerSecond: options.requestsPerSecond,
				});
				const record = response.status === 404 ? undefined : (response.body as PriceRecord);
				const tradePolicyId = String(options.tradePolicyId ?? '').trim();
				const json = { ...items[itemIndex].json, ...recordFields(skuId, record, tradePolicyId) };
				results[itemIndex] = outputItem(json, itemIndex);
			} catch (error) {
				results[itemIndex] = failItem(this, error, itemIndex, skuId);
			}
		});
	}

	return results.filter((item): item is INodeExecutionData => item !== undefined);
}
