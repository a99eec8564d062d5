import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import * as inventory from './actions/inventory/Inventory.resource';
import * as simulation from './actions/simulation/Simulation.resource';
import { router } from './actions/router';
import { loadOptions } from './methods';

export class VtexStock implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VTEX Stock',
		name: 'vtexStock',
		icon: { light: 'file:vtex.svg', dark: 'file:vtex.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Read the stock a VTEX store can sell of SKUs on a marketplace',
		defaults: { name: 'VTEX Stock' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vtexApi', required: true }],
		hints: [
			{
				message:
					'Stock comes from the fulfillment simulation, limited to the docks of the sales channel, and up to 50 SKUs share one request.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
				displayCondition: '={{ $parameter["resource"] === "simulation" }}',
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Inventory', value: 'inventory' },
					{ name: 'Simulation', value: 'simulation' },
				],
				default: 'simulation',
			},
			...simulation.description,
			...inventory.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
