import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { executeSimulation } from '../../../shared/simulation';
import {
	batchSizeOption,
	bypassCacheOption,
	countryOption,
	readSimulationParameters,
	simulationProperties,
	simulationRateOption,
} from '../../../shared/simulationDescription';
import {
	applyStockRules,
	minimumStockOption,
	readStockRules,
	safetyStockOption,
} from '../../helpers/stockRules';

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
			minimumStockOption,
			simulationRateOption,
			safetyStockOption,
		],
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
		toOutput: (result, itemIndex) => {
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const decision = applyStockRules(result.stock, readStockRules(this, options, itemIndex));
			return {
				fields: {
					stock: decision.stock,
					availableInSimulation: result.available,
					simulatedStock: result.stock,
					paused: decision.paused,
				},
			};
		},
	});
}
