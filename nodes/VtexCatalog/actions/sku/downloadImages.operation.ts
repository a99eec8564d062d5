import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { failItem } from '../../../shared/items';
import { toWholeNumber } from '../../../shared/parameters';
import { downloadImage, readImageUrl } from './imageDownload';

const DEFAULT_MAX_IMAGES = 10;
const DEFAULT_MAX_IMAGE_BYTES = 10 * 1024 * 1024;

const properties: INodeProperties[] = [
	{
		displayName: 'SKU ID',
		name: 'skuId',
		type: 'string',
		default: '={{ $json.skuId }}',
		description: 'VTEX SKU ID, used in file names and messages',
	},
	{
		displayName: 'Images',
		name: 'images',
		type: 'json',
		default: '={{ $json.sku.Images }}',
		description:
			'Images of the SKU: the Images list of a SKU context, or a list of URLs. The files are downloaded without the VTEX credential.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Image Size',
				name: 'maxImageBytes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_IMAGE_BYTES,
				description: 'Largest image file, in bytes, that the node accepts',
			},
			{
				displayName: 'Max Images',
				name: 'maxImages',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_IMAGES,
				description: 'Max number of images downloaded per SKU, in the order of the list',
			},
			{
				displayName: 'Requests per Second',
				name: 'requestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 10,
				description:
					'Maximum requests per second to one image host, shared by every execution in this n8n process',
			},
		],
	},
];

const displayOptions = { show: { resource: ['sku'], operation: ['downloadImages'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface DownloadOptions {
	maxImageBytes?: number;
	maxImages?: number;
	requestsPerSecond?: number;
}

function readUrls(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value) ? value : [value];
	return list.map(readImageUrl).filter((url): url is string => url !== undefined);
}

async function downloadForItem(
	context: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	skuId: string,
): Promise<INodeExecutionData> {
	const options = context.getNodeParameter('options', itemIndex, {}) as DownloadOptions;
	const maxImages = toWholeNumber(
		context,
		options.maxImages ?? DEFAULT_MAX_IMAGES,
		{ displayName: 'Max Images', min: 1 },
		itemIndex,
	);
	const limits = {
		maxBytes: toWholeNumber(
			context,
			options.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES,
			{ displayName: 'Max Image Size', min: 1 },
			itemIndex,
		),
		requestsPerSecond:
			options.requestsPerSecond && options.requestsPerSecond > 0 ? options.requestsPerSecond : 10,
	};
	const urls = readUrls(context.getNodeParameter('images', itemIndex)).slice(0, maxImages);

	const binary: IBinaryKeyData = { ...(item.binary ?? {}) };
	const imageFiles: IDataObject[] = [];
	for (const [position, url] of urls.entries()) {
		const label = `image ${position + 1} of SKU ${skuId}`;
		const image = await downloadImage(
			context,
			url,
			label,
			`sku-${skuId}-${position + 1}`,
			limits,
			itemIndex,
		);
		const binaryProperty = `image${position}`;
		binary[binaryProperty] = await context.helpers.prepareBinaryData(
			image.data,
			image.fileName,
			image.mimeType,
		);
		imageFiles.push({
			binaryProperty,
			url,
			fileName: image.fileName,
			mimeType: image.mimeType,
			bytes: image.data.length,
		});
	}

	const result: INodeExecutionData = {
		json: { ...item.json, imageFiles },
		pairedItem: { item: itemIndex },
	};
	if (Object.keys(binary).length > 0) result.binary = binary;
	return result;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const skuId = String(this.getNodeParameter('skuId', itemIndex, '') ?? '').trim();
		try {
			returnData.push(await downloadForItem(this, items[itemIndex], itemIndex, skuId));
		} catch (error) {
			returnData.push(failItem(this, error, itemIndex, skuId || undefined));
		}
	}
	return returnData;
}
