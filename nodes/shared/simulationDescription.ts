import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { salesChannelProperty, simulationRateOption } from './descriptions';
import { toWholeNumber } from './parameters';

export { simulationRateOption };
import { MAX_BATCH_SIZE, readSalesChannel } from './simulation';
import type { SimulationParameters } from './simulation';

/** Parameters shared by the operations that read the fulfillment simulation. */
export const simulationProperties: INodeProperties[] = [
	{
		displayName: 'SKU ID',
		name: 'skuId',
		type: 'string',
		default: '={{ $json.skuId }}',
		required: true,
		description: 'Numeric VTEX SKU ID of the main seller (seller 1)',
	},
	salesChannelProperty,
	{
		displayName: 'Affiliate ID',
		name: 'affiliateId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'KTZ',
		description:
			'Three-letter ID of the affiliate that represents the marketplace in VTEX; promotions for that affiliate apply',
	},
];

export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
	default: 50,
	description: 'Number of SKUs sent in one simulation request, at most 50',
};

export const bypassCacheOption: INodeProperties = {
	displayName: 'Bypass Simulation Cache',
	name: 'bypassCache',
	type: 'boolean',
	default: false,
	description:
		'Whether to send X-VTEX-Cache-Client-Bypass so VTEX computes the answer from current data. Right after a price change, cached answers can show the old price for about 5 minutes.',
};

export const countryOption: INodeProperties = {
	displayName: 'Country',
	name: 'country',
	type: 'string',
	default: 'BRA',
	description:
		'ISO 3166-1 alpha-3 country code sent with the simulation, usually the country of the sales channel. Leave empty to send none.',
};

/** Maximum re-read delay. VTEX's help articles report cached simulation prices for about 5 minutes. */
export const MAX_REREAD_DELAY_SECONDS = 600;

export const rereadDelayOption: INodeProperties = {
	displayName: 'Re-Read Delay (Seconds)',
	name: 'rereadDelaySeconds',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: MAX_REREAD_DELAY_SECONDS },
	default: 0,
	description:
		'Seconds to wait before simulating the same SKUs a second time; the second read is output, and an Alert log entry (A6) notes each SKU whose price differed. 0 reads once. Use it when Bypass Simulation Cache is off right after a price change.',
};

interface SimulationOptionValues {
	batchSize?: number;
	bypassCache?: boolean;
	country?: string;
	requestsPerSecond?: number;
	rereadDelaySeconds?: unknown;
}

/** Reads and checks the simulation parameters of one input item. */
export function readSimulationParameters(
	context: IExecuteFunctions,
	itemIndex: number,
): SimulationParameters & { batchSize: number } {
	const salesChannel = readSalesChannel(context, itemIndex);
	const affiliateId = String(context.getNodeParameter('affiliateId', itemIndex) ?? '').trim();
	if (!/^[A-Za-z]{3}$/.test(affiliateId)) {
		throw new NodeOperationError(
			context.getNode(),
			`Invalid affiliate ID "${affiliateId}": use the three-letter ID of a VTEX affiliate, such as KTZ`,
			{ itemIndex },
		);
	}

	const options = context.getNodeParameter('options', itemIndex, {}) as SimulationOptionValues;
	const country = String(options.country ?? 'BRA')
		.trim()
		.toUpperCase();
	if (country !== '' && !/^[A-Z]{3}$/.test(country)) {
		throw new NodeOperationError(
			context.getNode(),
			`Invalid country "${country}": use an ISO 3166-1 alpha-3 code such as BRA, or leave it empty`,
			{ itemIndex },
		);
	}

	return {
		salesChannel,
		affiliateId,
		country,
		bypassCache: options.bypassCache === true,
		requestsPerSecond: options.requestsPerSecond,
		rereadDelaySeconds: toWholeNumber(
			context,
			options.rereadDelaySeconds ?? 0,
			{ displayName: 'Re-Read Delay (Seconds)', min: 0, max: MAX_REREAD_DELAY_SECONDS },
			itemIndex,
		),
		batchSize: toWholeNumber(
			context,
			options.batchSize ?? MAX_BATCH_SIZE,
			{ displayName: 'Batch Size', min: 1, max: MAX_BATCH_SIZE },
			itemIndex,
		),
	};
}
