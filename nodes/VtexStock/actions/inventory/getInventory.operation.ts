import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { salesChannelProperty } from '../../../shared/descriptions';
import { failItem, outputItem } from '../../../shared/items';
import { toWholeNumber } from '../../../shared/parameters';
import { readSalesChannel, readSkuId } from '../../../shared/simulation';
import {
	getVtexConnection,
	mapConcurrent,
	routes,
	vtexRequest,
	walkPages,
} from '../../../shared/transport';
import type { VtexConnection } from '../../../shared/transport';
import { summarizeBalance } from '../../helpers/inventory';
import type { WarehouseBalance } from '../../helpers/inventory';
import {
	applyStockRules,
	minimumStockOption,
	readStockRules,
	safetyStockOption,
} from '../../helpers/stockRules';

const DEFAULT_CONCURRENCY = 5;
const MAX_CONCURRENCY = 50;
/** VTEX advises pages of 1,000 IDs for the SKU listing of a sales channel. */
const LISTING_PAGE_SIZE = 1000;
/** Upper bound on listing pages: SKU IDs are 32-bit, so no listing can need more. */
const MAX_LISTING_PAGES = 2_200_000;

const properties: INodeProperties[] = [
	{
		displayName: 'All SKUs of a Sales Channel',
		name: 'allSkus',
		type: 'boolean',
		default: false,
		description:
			'Whether to list every SKU of a sales channel and read its inventory, instead of reading the SKU of each input item',
	},
	{
		...salesChannelProperty,
		displayOptions: { show: { allSkus: [true] } },
	},
	{
		displayName: 'SKU ID',
		name: 'skuId',
		type: 'string',
		default: '={{ $json.skuId }}',
		required: true,
		description: 'Numeric VTEX SKU ID whose inventory to read',
		displayOptions: { show: { allSkus: [false] } },
	},
	{
		displayName: 'Warehouse Names or IDs',
		name: 'warehouseIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getWarehouses' },
		default: [],
		description:
			'Warehouses to count; none counts every warehouse. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
				default: DEFAULT_CONCURRENCY,
				description: 'Maximum inventory requests in flight at once, within Requests per Second',
			},
			minimumStockOption,
			{
				displayName: 'Requests per Second',
				name: 'requestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 15,
				description:
					'Maximum Logistics API requests per second from this account, spaced evenly and shared by every execution in this n8n process',
			},
			safetyStockOption,
		],
	},
];

const displayOptions = { show: { resource: ['inventory'], operation: ['getInventory'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface InventoryOptionValues {
	concurrency?: unknown;
	requestsPerSecond?: number;
	safetyStock?: unknown;
	minimumStock?: unknown;
}

/** One inventory read: the SKU, the input item it belongs to and the fields it starts from. */
interface InventoryRead {
	itemIndex: number;
	skuId: string;
	base: IDataObject;
	warehouseIds: string[];
	options: InventoryOptionValues;
}

function readWarehouseIds(context: IExecuteFunctions, itemIndex: number): string[] {
	const raw = context.getNodeParameter('warehouseIds', itemIndex, []) as unknown;
	const values = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : [raw];
	return values.map((value) => String(value ?? '').trim()).filter((value) => value !== '');
}

async function listSkuIds(
	this: IExecuteFunctions,
	connection: VtexConnection,
	salesChannel: string,
	itemIndex: number,
): Promise<string[]> {
	const pages = await walkPages<string>(this.getNode(), {
		firstPage: 1,
		maxPages: MAX_LISTING_PAGES,
		label: `SKU ID listing of sales channel ${salesChannel}`,
		idOf: (skuId) => skuId,
		fetchPage: async (page) => {
			const response = await vtexRequest.call(this, connection, {
				route: routes.skuIdsBySalesChannel(),
				qs: { sc: salesChannel, page, pageSize: LISTING_PAGE_SIZE },
				subject: `page ${page} of the SKU IDs of sales channel ${salesChannel}`,
				itemIndex,
			});
			const ids = Array.isArray(response.body) ? (response.body as unknown[]) : [];
			return ids.map((id) => String(id));
		},
	});
	return pages.map(({ item }) => item);
}

function throughputMessage(skus: number, seconds: number, skusPerMinute: number): string {
	return `Read the inventory of ${skus} SKUs in ${seconds} s: ${skusPerMinute} SKUs per minute`;
}

/**
 * Reads the Logistics inventory of each SKU, one request per SKU at the configured rate and
 * concurrency, and outputs one item per SKU with its warehouse balances and the stock to
 * publish. The last item carries `throughput`, which the node also shows as a notice.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const startedMs = Date.now();
	const connection = await getVtexConnection.call(this);
	const reads: InventoryRead[] = [];
	const failed: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const options = this.getNodeParameter('options', itemIndex, {}) as InventoryOptionValues;
			const warehouseIds = readWarehouseIds(this, itemIndex);
			readStockRules(this, options, itemIndex);
			if (this.getNodeParameter('allSkus', itemIndex, false) === true) {
				const salesChannel = readSalesChannel(this, itemIndex);
				const skuIds = await listSkuIds.call(this, connection, salesChannel, itemIndex);
				for (const skuId of skuIds) {
					reads.push({ itemIndex, skuId, base: { salesChannel }, warehouseIds, options });
				}
			} else {
				const skuId = readSkuId(this, itemIndex);
				reads.push({ itemIndex, skuId, base: items[itemIndex].json, warehouseIds, options });
			}
		} catch (error) {
			failed.push(failItem(this, error, itemIndex));
		}
	}

	if (reads.length === 0) return failed;

	const first = reads[0];
	const concurrency = toWholeNumber(
		this,
		first.options.concurrency ?? DEFAULT_CONCURRENCY,
		{ displayName: 'Concurrency', min: 1, max: MAX_CONCURRENCY },
		first.itemIndex,
	);
	let throttled = 0;

	const outputs = await mapConcurrent(reads, concurrency, async (read) => {
		try {
			const response = await vtexRequest.call(this, connection, {
				route: routes.inventoryBySku(read.skuId),
				subject: `SKU ${read.skuId}`,
				itemIndex: read.itemIndex,
				requestsPerSecond: read.options.requestsPerSecond,
			});
			throttled += response.throttled;
			const body = response.body as { balance?: WarehouseBalance[] };
			const summary = summarizeBalance(body.balance ?? [], read.warehouseIds);
			const decision = applyStockRules(
				summary.availableQuantity,
				readStockRules(this, read.options, read.itemIndex),
			);
			const json: IDataObject = {
				...read.base,
				skuId: read.skuId,
				balance: summary.balance as unknown as IDataObject[],
				totalQuantity: summary.totalQuantity,
				reservedQuantity: summary.reservedQuantity,
				availableQuantity: summary.availableQuantity,
				hasUnlimitedQuantity: summary.hasUnlimitedQuantity,
				stock: decision.stock,
				paused: decision.paused,
			};
			return { ok: true, item: outputItem(json, read.itemIndex) };
		} catch (error) {
			return { ok: false, item: failItem(this, error, read.itemIndex, read.skuId) };
		}
	});

	const seconds = Math.max(0.001, (Date.now() - startedMs) / 1000);
	const skus = outputs.filter((output) => output.ok).length;
	const skusPerMinute = Math.round((skus / seconds) * 60);
	const roundedSeconds = Math.round(seconds * 10) / 10;
	const returnData = [...failed, ...outputs.map((output) => output.item)];

	const last = returnData[returnData.length - 1];
	if (last === undefined) {
		throw new NodeOperationError(this.getNode(), 'No inventory item was produced');
	}
	last.json.throughput = { skus, seconds: roundedSeconds, skusPerMinute, throttled };
	this.addExecutionHints({
		message: throughputMessage(skus, roundedSeconds, skusPerMinute),
		type: 'info',
		location: 'outputPane',
	});
	return returnData;
}
