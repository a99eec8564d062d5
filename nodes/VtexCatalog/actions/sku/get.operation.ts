import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { catalogRateOption, salesChannelProperty } from '../../../shared/descriptions';
import { failItem, outputItem } from '../../../shared/items';
import { readSalesChannel, readSkuId } from '../../../shared/simulation';
import { getVtexConnection, mapConcurrent, routes, vtexRequest } from '../../../shared/transport';
import type { VtexConnection } from '../../../shared/transport';
import { checkEligibility, notFoundEligibility } from './eligibility';
import type { Eligibility, SkuContext } from './eligibility';

/** SKU contexts read at once; the catalog pacer still spaces them by its rate. */
const CONCURRENCY = 8;

const properties: INodeProperties[] = [
	{
		displayName: 'SKU ID',
		name: 'skuId',
		type: 'string',
		default: '={{ $json.skuId }}',
		required: true,
		description: 'Numeric VTEX SKU ID',
	},
	salesChannelProperty,
	{
		displayName: 'Check Eligibility',
		name: 'checkEligibility',
		type: 'boolean',
		default: true,
		description:
			'Whether to check that the SKU and its product are active and that the SKU is in the sales channel, and report the result in "eligible" and "ineligibleReasons"',
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

const displayOptions = { show: { resource: ['sku'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

async function readSku(
	context: IExecuteFunctions,
	connection: VtexConnection,
	itemIndex: number,
): Promise<INodeExecutionData> {
	let skuId: string | undefined;
	try {
		skuId = readSkuId(context, itemIndex);
		const salesChannel = readSalesChannel(context, itemIndex);
		const shouldCheck = context.getNodeParameter('checkEligibility', itemIndex) as boolean;
		const options = context.getNodeParameter('options', itemIndex, {}) as {
			requestsPerSecond?: number;
		};

		// A removed SKU is a normal outcome of eligibility checks, so 404 is handled here.
		const response = await vtexRequest.call(context, connection, {
			route: routes.skuContext(skuId),
			qs: { sc: salesChannel },
			subject: `SKU ${skuId}`,
			itemIndex,
			passStatuses: shouldCheck ? [404] : [],
			requestsPerSecond: options.requestsPerSecond,
		});

		const found = response.status !== 404;
		const sku = found ? (response.body as SkuContext) : null;
		const json: IDataObject = { skuId, sku: sku as IDataObject | null };
		if (!shouldCheck) return outputItem(json, itemIndex);

		const eligibility: Eligibility = sku
			? checkEligibility(skuId, sku, salesChannel)
			: notFoundEligibility(skuId);
		json.eligible = eligibility.eligible;
		json.ineligibleReasons = eligibility.ineligibleReasons;

		if (eligibility.logEntries.length > 0) {
			json.logEntries = eligibility.logEntries as unknown as IDataObject[];
		}
		return outputItem(json, itemIndex);
	} catch (error) {
		return failItem(context, error, itemIndex, skuId);
	}
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const connection = await getVtexConnection.call(this);
	const indexes = items.map((_, itemIndex) => itemIndex);
	return await mapConcurrent(
		indexes,
		CONCURRENCY,
		async (itemIndex) => await readSku(this, connection, itemIndex),
	);
}
