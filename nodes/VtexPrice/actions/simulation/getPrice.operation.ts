import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { centsToDecimal } from '../../../shared/money';
import { executeSimulation } from '../../../shared/simulation';
import type { SimulatedSku } from '../../../shared/simulation';
import {
	batchSizeOption,
	bypassCacheOption,
	countryOption,
	readSimulationParameters,
	simulationProperties,
	simulationRateOption,
} from '../../../shared/simulationDescription';

const properties: INodeProperties[] = [
	...simulationProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			batchSizeOption,
			bypassCacheOption,
			countryOption,
			{
				displayName: 'Include Stock',
				name: 'includeStock',
				type: 'boolean',
				default: false,
				description:
					'Whether to add "stock", the units the simulation can serve, read from the same request',
			},
			simulationRateOption,
		],
	},
];

const displayOptions = { show: { resource: ['simulation'], operation: ['getPrice'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Converts the simulation's cents into the fields of the output item. `listPrice` is null when
 * it equals the price, so a marketplace shows no strike-through price then.
 */
export function priceFields(result: SimulatedSku, includeStock: boolean): IDataObject {
	const price = result.priceCents === null ? null : centsToDecimal(result.priceCents);
	const listPrice = result.listPriceCents === null ? null : centsToDecimal(result.listPriceCents);
	const fields: IDataObject = {
		price,
		listPrice: listPrice === null || listPrice === price ? null : listPrice,
		priceValidUntil: result.priceValidUntil,
		availableInSimulation: result.available,
	};
	if (includeStock) fields.stock = result.stock;
	return fields;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeSimulation.call(this, items, {
		operation: 'Price update',
		readParameters: readSimulationParameters,
		toFields: (result, itemIndex) => {
			if (result.invalidAmount !== undefined) {
				throw new NodeOperationError(
					this.getNode(),
					`Invalid ${result.invalidAmount} for SKU ${result.skuId} in the VTEX simulation response: expected an amount in cents`,
					{
						itemIndex,
						description:
							'VTEX sends prices as whole numbers of cents. Run the workflow again, and contact VTEX support if the value stays the same.',
					},
				);
			}
			const options = this.getNodeParameter('options', itemIndex, {}) as { includeStock?: boolean };
			return priceFields(result, options.includeStock === true);
		},
	});
}
