import { createHash } from 'crypto';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { gzip } from '../../../shared/gzip';
import { toWholeNumber } from '../../../shared/parameters';
import { getVtexConnection, routes, vtexRequest } from '../../../shared/transport';
import type { VtexConnection } from '../../../shared/transport';
import { describeProblems, normalizeTree } from './categoryTree';
import type { MapperCategory } from './categoryTree';
import {
	InvalidTreeError,
	TreeTooLargeError,
	failMapperItem,
	mapperRateOption,
} from './mapperErrors';

/** 1 MiB: VTEX documents that a layer in front of its integration APIs rejects larger uploads. */
export const DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024;

const properties: INodeProperties[] = [
	{
		displayName: 'Mapper ID',
		name: 'mapperId',
		type: 'string',
		default: '',
		required: true,
		description: 'Connector ID that the Register operation returned',
	},
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		options: [
			{
				name: 'One Tree per Item',
				value: 'tree',
				description: 'Each item gives a whole tree, sent as one upload',
			},
			{
				name: 'One Top-Level Category per Item',
				value: 'categoryPerItem',
				description: 'All items together form one tree, sent as one upload',
			},
		],
		default: 'tree',
	},
	{
		displayName: 'Category Tree',
		name: 'tree',
		type: 'json',
		default: '={{ $json }}',
		displayOptions: { show: { inputMode: ['tree'] } },
		description:
			'An object with a "categories" array, an array of categories, or JSON text of either. Each category has ID, name, children and specifications with attributeName, required and attributeValues.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Last Tree Hash',
				name: 'lastTreeHash',
				type: 'string',
				default: '',
				description:
					'The treeHash of the last upload. When the tree has the same hash, nothing is sent and the output has uploaded set to false.',
			},
			{
				displayName: 'Max Upload Size',
				name: 'maxUploadBytes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_UPLOAD_BYTES,
				description:
					'Largest gzip-compressed tree, in bytes, that the node sends. A larger tree fails without a request.',
			},
			mapperRateOption,
		],
	},
];

const displayOptions = { show: { resource: ['mapper'], operation: ['sendCategoryTree'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface UploadOptions {
	lastTreeHash?: string;
	maxUploadBytes?: number;
	requestsPerSecond?: number;
}

function readMapperId(context: IExecuteFunctions, itemIndex: number): string {
	const mapperId = String(context.getNodeParameter('mapperId', itemIndex) ?? '').trim();
	if (mapperId === '') {
		throw new NodeOperationError(context.getNode(), 'Mapper ID is empty', {
			itemIndex,
			description: 'Use the mapperId that the Register operation returned.',
		});
	}
	return mapperId;
}

/** Compresses one tree, checks its size, and sends it unless its hash equals the last one. */
async function uploadTree(
	context: IExecuteFunctions,
	connection: VtexConnection,
	categories: MapperCategory[],
	categoryCount: number,
	itemIndex: number,
): Promise<IDataObject> {
	const mapperId = readMapperId(context, itemIndex);
	const options = context.getNodeParameter('options', itemIndex, {}) as UploadOptions;
	const maxUploadBytes = toWholeNumber(
		context,
		options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
		{ displayName: 'Max Upload Size', min: 1 },
		itemIndex,
	);

	const json = JSON.stringify({ categories });
	const treeHash = createHash('sha256').update(json).digest('hex');
	const compressed = gzip(json);
	const summary: IDataObject = {
		mapperId,
		treeHash,
		topLevelCount: categories.length,
		categoryCount,
		uncompressedBytes: Buffer.byteLength(json),
		compressedBytes: compressed.length,
		maxUploadBytes,
	};

	if (options.lastTreeHash?.trim() === treeHash) {
		return { ...summary, uploaded: false, status: null };
	}
	// The whole tree goes in one upload or not at all, because each upload replaces the last.
	if (compressed.length > maxUploadBytes) {
		throw new TreeTooLargeError(context.getNode(), compressed.length, maxUploadBytes, itemIndex);
	}

	const response = await vtexRequest.call(context, connection, {
		route: routes.mapperTree(mapperId),
		method: 'POST',
		body: Buffer.from(compressed.buffer, compressed.byteOffset, compressed.length),
		headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
		subject: `category tree of Mapper ${mapperId}`,
		itemIndex,
		passStatuses: [413],
		requestsPerSecond: options.requestsPerSecond,
	});
	if (response.status === 413) {
		throw new TreeTooLargeError(
			context.getNode(),
			compressed.length,
			maxUploadBytes,
			itemIndex,
			413,
		);
	}
	return { ...summary, uploaded: true, status: response.status };
}

function readTree(context: IExecuteFunctions, value: unknown, itemIndex: number) {
	const tree = normalizeTree(value);
	if ('problems' in tree) {
		throw new InvalidTreeError(
			context.getNode(),
			`Invalid category tree: ${describeProblems(tree.problems)}`,
			{
				itemIndex,
				description:
					'Give an object with a "categories" array, where each category has a unique ID and a name.',
			},
		);
	}
	return tree;
}

function readSizes(error: unknown): IDataObject {
	if (!(error instanceof TreeTooLargeError)) return {};
	return { compressedBytes: error.compressedBytes, maxUploadBytes: error.maxUploadBytes };
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const connection = await getVtexConnection.call(this);
	const inputMode = this.getNodeParameter('inputMode', 0) as 'tree' | 'categoryPerItem';

	if (inputMode === 'categoryPerItem') {
		// One upload for all items, so the output item is paired with every input item.
		const pairedItem = items.map((_, index) => ({ item: index }));
		try {
			const tree = readTree(this, { categories: items.map((item) => item.json) }, 0);
			const json = await uploadTree(this, connection, tree.categories, tree.categoryCount, 0);
			return [{ json, pairedItem }];
		} catch (error) {
			const failed = failMapperItem(this, error, 0, readSizes(error));
			return [{ ...failed, pairedItem }];
		}
	}

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const tree = readTree(this, this.getNodeParameter('tree', itemIndex), itemIndex);
			const json = await uploadTree(
				this,
				connection,
				tree.categories,
				tree.categoryCount,
				itemIndex,
			);
			returnData.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			returnData.push(failMapperItem(this, error, itemIndex, readSizes(error)));
		}
	}
	return returnData;
}
