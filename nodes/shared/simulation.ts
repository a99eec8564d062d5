import { NodeOperationError, sleep } from 'n8n-workflow';
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
	/** Seconds between two reads of the same SKUs; 0 or undefined reads once. */
	rereadDelaySeconds?: number;
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

/** Fields and log entries that an operation adds to the input item of one simulated SKU. */
export interface SimulationOutput {
	fields: IDataObject;
	logEntries?: LogEntry[];
}

export interface SimulationOperation {
	operation: LogOperation;
	/** Reads the per-item parameters other than the SKU ID. */
	readParameters: (
		context: IExecuteFunctions,
		itemIndex: number,
	) => SimulationParameters & { batchSize: number };
	/**
	 * Builds the output of a simulated SKU, or throws when the result is unusable. `firstRead` is
	 * the earlier of two reads when a re-read delay is set; `result` is then the later read.
	 */
	toOutput: (result: SimulatedSku, itemIndex: number, firstRead?: SimulatedSku) => SimulationOutput;
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
		parameters.rereadDelaySeconds,
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
	const firstReads = await simulateBatches.call(this, connection, allBatches);
	const rereads = await rereadBatches.call(this, connection, allBatches, firstReads);

	allBatches.forEach((batch, batchIndex) => {
		const reread = rereads[batchIndex];
		const final = reread ?? firstReads[batchIndex];
		if ('error' in final) {
			for (const pending of batch) {
				results[pending.itemIndex] = failItem(this, final.error, pending.itemIndex, pending.skuId);
			}
			return;
		}
		const earlier = reread === undefined ? undefined : firstReads[batchIndex];
		batch.forEach((pending, position) => {
			const result = final.simulated[position];
			const firstRead = earlier && 'simulated' in earlier ? earlier.simulated[position] : undefined;
			const input = items[pending.itemIndex].json;
			let output: SimulationOutput;
			try {
				output = spec.toOutput(result, pending.itemIndex, firstRead);
			} catch (error) {
				results[pending.itemIndex] = failItem(this, error, pending.itemIndex, pending.skuId);
				return;
			}
			const added = [...(output.logEntries ?? [])];
			if (!result.available) {
				added.unshift(
					missingFromSimulationEntry(
						pending.skuId,
						pending.parameters.salesChannel,
						spec.operation,
					),
				);
			}
			const json: IDataObject = { ...input, ...output.fields };
			if (added.length > 0) {
				json.logEntries = [...readLogEntries(input), ...added] as unknown as IDataObject[];
			}
			results[pending.itemIndex] = outputItem(json, pending.itemIndex);
		});
	});

	return results.filter((item): item is INodeExecutionData => item !== undefined);
}

type BatchRead = { simulated: SimulatedSku[] } | { error: unknown };

/** Simulates every batch, a few at once, keeping a failed batch's error in its place. */
async function simulateBatches(
	this: IExecuteFunctions,
	connection: VtexConnection,
	batches: PendingItem[][],
): Promise<BatchRead[]> {
	return await mapConcurrent(batches, SIMULATION_CONCURRENCY, async (batch): Promise<BatchRead> => {
		const first = batch[0];
		try {
			const simulated = await simulateBatch.call(
				this,
				connection,
				batch.map((pending) => pending.skuId),
				first.parameters,
				first.itemIndex,
			);
			return { simulated };
		} catch (error) {
			return { error };
		}
	});
}

/**
 * Reads again, after the re-read delay, the batches that set one and whose first read
 * succeeded. VTEX can serve cached prices for minutes after a price change, so the later read
 * is the one to trust. Returns undefined in place of a batch that is not read again.
 */
async function rereadBatches(
	this: IExecuteFunctions,
	connection: VtexConnection,
	batches: PendingItem[][],
	firstReads: BatchRead[],
): Promise<Array<BatchRead | undefined>> {
	const delayOf = (batch: PendingItem[]): number => batch[0].parameters.rereadDelaySeconds ?? 0;
	const indexes = batches
		.map((batch, index) => index)
		.filter((index) => delayOf(batches[index]) > 0 && 'simulated' in firstReads[index]);
	const rereads = new Array<BatchRead | undefined>(batches.length).fill(undefined);
	if (indexes.length === 0) return rereads;

	// NOTE: one wait serves every batch, so items with a shorter delay wait the longest one.
	const delaySeconds = Math.max(...indexes.map((index) => delayOf(batches[index])));
	await sleep(delaySeconds * 1000);

	const reads = await simulateBatches.call(
		this,
		connection,
		indexes.map((index) => batches[index]),
	);
	indexes.forEach((batchIndex, position) => {
		rereads[batchIndex] = reads[position];
	});
	return rereads;
}
