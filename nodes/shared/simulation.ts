import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { failItem, outputItem } from './items';
import { createLogEntry, readLogEntries } from './logEntry';
import type { LogEntry, LogOperation } from './logEntry';
import { getVtexConnection, mapConcurrent, routes, vtexRequest } from './transport';
import type { VtexConnection } from './transport';

/** Batches sent at once; the simulation pacer still spaces them by the family's rate. */
const SIMULATION_CONCURRENCY = 4;
/** VTEX publishes no maximum; Checkout rejects oversize carts with FMT0104, so batches stay small. */
export const MAX_BATCH_SIZE = 50;

/** Result of the fulfillment simulation for one requested SKU. */
export interface SimulatedSku {
	skuId: string;
	/** Whether the SKU appears in the simulation's items. */
	available: boolean;
	priceCents: number | null;
	listPriceCents: number | null;
	priceValidUntil: string | null;
	stock: number;
	/** Amount field of the item that is not a number, with its value, such as 'price "49.90"'. */
	invalidAmount?: string;
}

export interface SimulationParameters {
	salesChannel: string;
	affiliateId: string;
	country: string;
	bypassCache: boolean;
	requestsPerSecond?: number;
}

interface SimulationItem {
	id?: string;
	requestIndex?: number;
	price?: unknown;
	listPrice?: unknown;
	priceValidUntil?: string | null;
}

interface SimulationBody {
	items?: SimulationItem[];
	logisticsInfo?: Array<{
		itemIndex?: number;
		stockBalance?: number;
		deliveryChannels?: Array<{ id?: string; stockBalance?: number }>;
	}>;
}

function readStock(info: NonNullable<SimulationBody['logisticsInfo']>[number] | undefined): number {
	if (!info) return 0;
	if (typeof info.stockBalance === 'number') return Math.max(0, Math.trunc(info.stockBalance));
	const delivery = info.deliveryChannels?.find((channel) => channel.id === 'delivery');
	return typeof delivery?.stockBalance === 'number'
		? Math.max(0, Math.trunc(delivery.stockBalance))
		: 0;
}

function isAmount(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** Names the first amount of an item that is not a number. A missing listPrice is allowed. */
function findInvalidAmount(item: SimulationItem): string | undefined {
	if (!isAmount(item.price)) return `price ${JSON.stringify(item.price) ?? 'undefined'}`;
	const listPrice = item.listPrice;
	if (listPrice !== undefined && listPrice !== null && !isAmount(listPrice)) {
		return `listPrice ${JSON.stringify(listPrice)}`;
	}
	return undefined;
}

/**
 * Joins a simulation response with the requested SKUs: `items[].requestIndex` and
 * `logisticsInfo[].itemIndex` both point at the position in the request. An item without
 * requestIndex is matched by its id.
 */
export function joinSimulation(skuIds: string[], body: SimulationBody): SimulatedSku[] {
	const items = Array.isArray(body.items) ? body.items : [];
	const logistics = Array.isArray(body.logisticsInfo) ? body.logisticsInfo : [];

	return skuIds.map((skuId, index) => {
		const item =
			items.find((entry) => entry.requestIndex === index) ??
			items.find((entry) => entry.requestIndex === undefined && String(entry.id) === skuId);
		if (!item) {
			return {
				skuId,
				available: false,
				priceCents: null,
				listPriceCents: null,
				priceValidUntil: null,
				stock: 0,
			};
		}
		// The fulfillment spec defines logisticsInfo[].itemIndex as the position in the request.
		const info = logistics.find((entry) => entry.itemIndex === index);
		const result: SimulatedSku = {
			skuId,
			available: true,
			priceCents: isAmount(item.price) ? item.price : null,
			listPriceCents: isAmount(item.listPrice) ? item.listPrice : null,
			priceValidUntil: item.priceValidUntil ?? null,
			stock: readStock(info),
		};
		const invalidAmount = findInvalidAmount(item);
		if (invalidAmount !== undefined) result.invalidAmount = invalidAmount;
		return result;
	});
}

/** Sends one simulation POST for up to MAX_BATCH_SIZE SKUs of the main seller. */
export async function simulateBatch(
	this: IExecuteFunctions,
	connection: VtexConnection,
	skuIds: string[],
	parameters: SimulationParameters,
	itemIndex: number,
): Promise<SimulatedSku[]> {
	const headers: Record<string, string> = {};
	if (parameters.bypassCache) headers['X-VTEX-Cache-Client-Bypass'] = '1';

	const response = await vtexRequest.call(this, connection, {
		route: routes.simulation(),
		method: 'POST',
		qs: { sc: parameters.salesChannel, affiliateId: parameters.affiliateId },
		body: {
			items: skuIds.map((id) => ({ id, quantity: 1, seller: '1' })),
			postalCode: null,
			country: parameters.country === '' ? null : parameters.country,
		},
		headers,
		subject: describeSkus(skuIds),
		itemIndex,
		requestsPerSecond: parameters.requestsPerSecond,
	});
	return joinSimulation(skuIds, (response.body ?? {}) as SimulationBody);
}

export function describeSkus(skuIds: string[]): string {
	if (skuIds.length === 1) return `SKU ${skuIds[0]}`;
	const shown = skuIds.slice(0, 3).join(', ');
	return skuIds.length > 3 ? `SKUs ${shown} and ${skuIds.length - 3} more` : `SKUs ${shown}`;
}

export function missingFromSimulationEntry(
	skuId: string,
	salesChannel: string,
	operation: LogOperation,
): LogEntry {
	return createLogEntry({
		skuId,
		status: 'Alert',
		operation,
		messageCode: 'A1',
		businessMessage: `SKU ${skuId} is missing from the fulfillment simulation of sales channel ${salesChannel}. Check that the SKU is in that sales channel, has a price in its price table and a carrier that serves it.`,
	});
}

interface PendingItem {
	itemIndex: number;
	skuId: string;
	parameters: SimulationParameters;
}

export interface SimulationOperation {
	operation: LogOperation;
	/** Reads the per-item parameters other than the SKU ID. */
	readParameters: (
		context: IExecuteFunctions,
		itemIndex: number,
	) => SimulationParameters & { batchSize: number };
	/** Fields merged into the input item for a simulated SKU; throws when the result is unusable. */
	toFields: (result: SimulatedSku, itemIndex: number) => IDataObject;
}

export function readSkuId(context: IExecuteFunctions, itemIndex: number): string {
	const raw = context.getNodeParameter('skuId', itemIndex);
	const skuId = typeof raw === 'number' ? String(raw) : String(raw ?? '').trim();
	if (!/^\d+$/.test(skuId)) {
		// An object or array would show as "[object Object]", so the message shows it as JSON.
		const shown =
			raw !== null && typeof raw === 'object' ? JSON.stringify(raw) : JSON.stringify(skuId);
		throw new NodeOperationError(
			context.getNode(),
			`Invalid SKU ID ${shown}: use the numeric VTEX SKU ID`,
			{
				itemIndex,
				description:
					'Map the SKU ID field to a field that contains the ID, such as {{ $json.skuId }}.',
			},
		);
	}
	return skuId;
}

export function readSalesChannel(context: IExecuteFunctions, itemIndex: number): string {
	const raw = String(context.getNodeParameter('salesChannel', itemIndex) ?? '').trim();
	if (!/^\d+$/.test(raw)) {
		throw new NodeOperationError(
			context.getNode(),
			`Invalid sales channel "${raw}": use the numeric ID of a VTEX sales channel`,
			{
				itemIndex,
			},
		);
	}
	return raw;
}

function batchKey(parameters: SimulationParameters): string {
	return [
		parameters.salesChannel,
		parameters.affiliateId,
		parameters.country,
		parameters.bypassCache,
		parameters.requestsPerSecond,
	].join('|');
}

/**
 * Runs the simulation for every input item, many SKUs per POST, and merges the fields of the
 * operation into each input item. Items whose parameters differ go into different batches.
 */
export async function executeSimulation(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	spec: SimulationOperation,
): Promise<INodeExecutionData[]> {
	const results = new Array<INodeExecutionData | undefined>(items.length);
	const batches = new Map<string, PendingItem[][]>();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const skuId = readSkuId(this, itemIndex);
			const { batchSize, ...parameters } = spec.readParameters(this, itemIndex);
			const key = batchKey(parameters);
			const groups = batches.get(key) ?? [[]];
			if (groups[groups.length - 1].length >= batchSize) groups.push([]);
			groups[groups.length - 1].push({ itemIndex, skuId, parameters });
			batches.set(key, groups);
		} catch (error) {
			results[itemIndex] = failItem(this, error, itemIndex);
		}
	}

	const connection = await getVtexConnection.call(this);
	const allBatches = [...batches.values()].flat().filter((batch) => batch.length > 0);

	await mapConcurrent(allBatches, SIMULATION_CONCURRENCY, async (batch) => {
		const first = batch[0];
		try {
			const simulated = await simulateBatch.call(
				this,
				connection,
				batch.map((pending) => pending.skuId),
				first.parameters,
				first.itemIndex,
			);
			batch.forEach((pending, position) => {
				const result = simulated[position];
				const input = items[pending.itemIndex].json;
				const logEntries = readLogEntries(input);
				let fields: IDataObject;
				try {
					fields = spec.toFields(result, pending.itemIndex);
				} catch (error) {
					results[pending.itemIndex] = failItem(this, error, pending.itemIndex, pending.skuId);
					return;
				}
				const json: IDataObject = { ...input, ...fields };
				if (!result.available) {
					json.logEntries = [
						...logEntries,
						missingFromSimulationEntry(
							pending.skuId,
							pending.parameters.salesChannel,
							spec.operation,
						),
					] as unknown as IDataObject[];
				}
				results[pending.itemIndex] = outputItem(json, pending.itemIndex);
			});
		} catch (error) {
			for (const pending of batch) {
				results[pending.itemIndex] = failItem(this, error, pending.itemIndex, pending.skuId);
			}
		}
	});

	return results.filter((item): item is INodeExecutionData => item !== undefined);
}
