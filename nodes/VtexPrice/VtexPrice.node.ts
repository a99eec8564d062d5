import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import * as pricing from './actions/pricing/Pricing.resource';
import * as simulation from './actions/simulation/Simulation.resource';
import { router } from './actions/router';
import { loadOptions } from './methods';

export class VtexPrice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VTEX Price',
		name: 'vtexPrice',
		icon: { light: 'file:vtex.svg', dark: 'file:vtex.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Read the prices a VTEX store sells SKUs at on a marketplace, and their Pricing API records',
		defaults: { name: 'VTEX Price' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vtexApi', required: true }],
		hints: [
			{
				message:
					'Prices come from the fulfillment simulation in currency units: promotions for the affiliate are applied, and up to 50 SKUs share one request.',
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
					{ name: 'Pricing API', value: 'pricing' },
					{ name: 'Simulation', value: 'simulation' },
				],
				default: 'simulation',
			},
			...simulation.description,
			...pricing.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
