import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import * as mapper from './actions/mapper/Mapper.resource';
import * as offer from './actions/offer/Offer.resource';
import { router } from './actions/router';

export class VtexMapping implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VTEX Mapping',
		name: 'vtexMapping',
		icon: { light: 'file:vtex.svg', dark: 'file:vtex.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ register: "Register in VTEX Mapper", sendCategoryTree: "Send category tree", parseMapping: "Parse mapping", build: "Build offer", planAction: "Plan action" })[$parameter["operation"]] ?? $parameter["operation"] }}',
		description:
			'Register with VTEX Mapper, upload the marketplace category tree, read pushed category mappings, and build marketplace offers from VTEX SKUs',
		defaults: { name: 'VTEX Mapping' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vtexApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Mapper', value: 'mapper' },
					{ name: 'Offer', value: 'offer' },
				],
				default: 'mapper',
			},
			...mapper.description,
			...offer.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
