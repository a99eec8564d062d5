import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { outputItem } from '../../../shared/items';
import { getVtexConnection, routes, vtexRequest } from '../../../shared/transport';
import { failMapperItem, mapperRateOption } from './mapperErrors';

const properties: INodeProperties[] = [
	{
		displayName: 'Connector Name',
		name: 'displayName',
		type: 'string',
		default: '',
		required: true,
		description: 'Name of the integration as VTEX Mapper shows it to the seller',
	},
	{
		displayName: 'Category Tree Endpoint',
		name: 'categoryTreeEndPoint',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/acmestore/category-tree',
		description: "URL that serves the marketplace's category tree to VTEX Mapper",
	},
	{
		displayName: 'Mapping Endpoint',
		name: 'mappingEndPoint',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/acmestore/mapping',
		description: 'URL to which VTEX Mapper pushes the category mapping the seller saves',
	},
	{
		displayName: 'Allows Remap',
		name: 'allowsRemap',
		type: 'boolean',
		default: false,
		description:
			'Whether VTEX Mapper remaps every category when either the VTEX tree or the marketplace tree changes',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Processing Notification Endpoint',
				name: 'categoryTreeProcessingNotificationEndpoint',
				type: 'string',
				default: '',
				description: 'URL that VTEX Mapper calls when it has processed an uploaded category tree',
			},
			mapperRateOption,
		],
	},
];

const displayOptions = { show: { resource: ['mapper'], operation: ['register'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Field names under which a registration response may carry the connector ID. */
const ID_FIELDS = ['id', 'Id', 'ID', 'mapperId', 'MapperId', 'connectorId', 'ConnectorId'];

/**
 * Extracts the connector ID from a registration response. VTEX's spec gives the response no
 * schema, so a bare string and the usual ID field names, also one level down, are accepted.
 */
export function readMapperId(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim().replace(/^"|"$/g, '');
		return /^[\w.:-]+$/.test(text) ? text : undefined;
	}
	if (typeof body === 'number') return String(body);
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;

	const record = body as Record<string, unknown>;
	for (const field of ID_FIELDS) {
		const value = record[field];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
		if (typeof value === 'number') return String(value);
	}
	for (const value of Object.values(record)) {
		if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
			const nested = readMapperId(value);
			if (nested !== undefined) return nested;
		}
	}
	return undefined;
}

function readUrl(context: IExecuteFunctions, name: string, label: string, itemIndex: number) {
	const value = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!/^https?:\/\/\S+$/i.test(value)) {
		throw new NodeOperationError(
			context.getNode(),
			`Invalid ${label} "${value}": use an http:// or https:// URL`,
			{ itemIndex },
		);
	}
	return value;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	const connection = await getVtexConnection.call(this);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const displayName = String(this.getNodeParameter('displayName', itemIndex)).trim();
			if (displayName === '') {
				throw new NodeOperationError(this.getNode(), 'Connector Name is empty', { itemIndex });
			}
			const options = this.getNodeParameter('options', itemIndex, {}) as {
				categoryTreeProcessingNotificationEndpoint?: string;
				requestsPerSecond?: number;
			};

			const body: IDataObject = {
				displayName,
				categoryTreeEndPoint: readUrl(
					this,
					'categoryTreeEndPoint',
					'Category Tree Endpoint',
					itemIndex,
				),
				mappingEndPoint: readUrl(this, 'mappingEndPoint', 'Mapping Endpoint', itemIndex),
				properties: { allowsRemap: this.getNodeParameter('allowsRemap', itemIndex) as boolean },
			};
			const notification = options.categoryTreeProcessingNotificationEndpoint?.trim();
			if (notification) body.CategoryTreeProcessingNotificationEndpoint = notification;

			const response = await vtexRequest.call(this, connection, {
				route: routes.mapperRegister(),
				method: 'POST',
				body,
				subject: `connector "${displayName}"`,
				itemIndex,
				requestsPerSecond: options.requestsPerSecond,
			});

			const mapperId = readMapperId(response.body);
			if (mapperId === undefined) {
				throw new NodeOperationError(this.getNode(), 'VTEX Mapper returned no connector ID', {
					itemIndex,
					description: `The registration response was: ${JSON.stringify(response.body ?? null).slice(0, 300)}. Check the two endpoint URLs, then register again.`,
				});
			}
			returnData.push(
				outputItem({ mapperId, raw: (response.body ?? null) as IDataObject }, itemIndex),
			);
		} catch (error) {
			returnData.push(failMapperItem(this, error, itemIndex));
		}
	}

	return returnData;
}
