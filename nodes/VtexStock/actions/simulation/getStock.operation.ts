import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { executeSimulation } from '../../../shared/simulation';
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
		options: [batchSizeOption, bypassCacheOption, countryOption, simulationRateOption],
	},
];

const displayOptions = { show: { resource: ['simulation'], operation: ['getStock'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeSimulation.call(this, items, {
		operation: 'Inventory update',
		readParameters: readSimulationParameters,
		toFields: (result) => ({ stock: result.stock, availableInSimulation: result.available }),
	});
}
