import get from 'lodash/get';
import { NodeOperationError, jsonParse, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { NODE_FAILURE_CODE, failItem, outputItem } from '../../../shared/items';
import { readLogEntries } from '../../../shared/logEntry';
import type { LogEntry } from '../../../shared/logEntry';
import { normalizeVtexId } from '../../../shared/skuId';
import { indexLastSent, isUnchanged, snapshotOf } from '../../helpers/lastSent';

const properties: INodeProperties[] = [
	{
		displayName: 'SKU ID',
		name: 'skuId',
		type: 'string',
		default: '={{ $json.skuId }}',
		required: true,
		description: 'VTEX SKU ID of the item',
	},
	{
		displayName: 'Eligible Field',
		name: 'eligibleField',
		type: 'string',
		default: 'eligible',
		description:
			"Input field that tells whether the SKU may be offered, as VTEX Catalog's eligibility check sets it. Only the value false counts as ineligible; an absent field counts as eligible.",
	},
	{
		displayName: 'Ready Field',
		name: 'readyField',
		type: 'string',
		default: 'ready',
		description:
			'Input field that tells whether the offer is complete, as the Build operation sets it. Only the value false counts as not ready; an absent field counts as ready.',
	},
	{
		displayName: 'ID Map Rows',
		name: 'idMapRows',
		type: 'json',
		default: '[]',
		placeholder: '={{ $("Read ID Map").all().map(item => item.json) }}',
		description:
			'Rows of the ID map, read once for all items, usually with an expression over all items of the node that reads the table. Each row has skuId, offerId and status (integrated, pending, inactive or removed).',
	},
	{
		displayName: 'Last Sent Rows',
		name: 'lastSentRows',
		type: 'json',
		default: '[]',
		placeholder: '={{ $("Read Last Sent").all().map(item => item.json) }}',
		description:
			'Rows of the last values sent, read once for all items. Each row has skuId, price, listPrice, stock, active and catalogHash. An update that would send the same values is skipped with the reason unchanged. Leave empty to send every update.',
	},
];

const displayOptions = { show: { resource: ['offer'], operation: ['planAction'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export type OfferAction = 'create' | 'update' | 'deactivate' | 'skip';

interface IdMapRow {
	offerId: string;
	status: string;
}

/** Decision for one SKU, with the ID map status to write once the action succeeds. */
export interface Plan {
	action: OfferAction;
	offerId: string | null;
	actionReason:
		| 'new'
		| 'known'
		| 'reactivate'
		| 'unchanged'
		| 'ineligible'
		| 'alreadyInactive'
		| 'notReady'
		| 'failed';
	previousStatus: string | null;
	idMapStatus: 'integrated' | 'pending' | 'inactive' | 'removed' | null;
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readText(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

/**
 * Indexes the ID map by SKU ID without leading zeros. Offer IDs are kept verbatim, because a
 * marketplace may assign opaque IDs. When a SKU has several rows, a row with an offer ID wins
 * over one without.
 */
export function indexIdMap(rows: unknown): Map<string, IdMapRow> {
	const index = new Map<string, IdMapRow>();
	if (!Array.isArray(rows)) return index;
	for (const row of rows) {
		if (row === null || typeof row !== 'object') continue;
		const record = row as Record<string, unknown>;
		const skuId = normalizeVtexId(readText(record.skuId));
		if (skuId === '') continue;
		const candidate = { offerId: readText(record.offerId), status: readText(record.status) };
		const existing = index.get(skuId);
		if (existing && existing.offerId !== '' && candidate.offerId === '') continue;
		index.set(skuId, candidate);
	}
	return index;
}

/**
 * Decides what to do with a SKU's offer. A SKU with an offer on the marketplace is updated
 * while eligible and deactivated once ineligible. A SKU without one is created when eligible
 * and ready, else skipped. An offer deactivated because its SKU became inactive or left the
 * affiliate (status inactive or removed) is reactivated in place, so a SKU keeps one offer.
 */
export function planAction(row: IdMapRow | undefined, eligible: boolean, ready: boolean): Plan {
	const previousStatus = row?.status || null;
	const hasOffer = row !== undefined && row.offerId !== '';

	if (!hasOffer) {
		if (!eligible) {
			return {
				action: 'skip',
				offerId: null,
				actionReason: 'ineligible',
				previousStatus,
				idMapStatus: null,
			};
		}
		if (!ready) {
			return {
				action: 'skip',
				offerId: null,
				actionReason: 'notReady',
				previousStatus,
				idMapStatus: 'pending',
			};
		}
		return {
			action: 'create',
			offerId: null,
			actionReason: 'new',
			previousStatus,
			idMapStatus: 'integrated',
		};
	}

	const offerId = row.offerId;
	const isDeactivated = row.status === 'inactive' || row.status === 'removed';
	if (!eligible) {
		if (isDeactivated) {
			return {
				action: 'skip',
				offerId,
				actionReason: 'alreadyInactive',
				previousStatus,
				idMapStatus: row.status === 'removed' ? 'removed' : 'inactive',
			};
		}
		return {
			action: 'deactivate',
			offerId,
			actionReason: 'ineligible',
			previousStatus,
			idMapStatus: 'inactive',
		};
	}
	if (!ready) {
		return {
			action: 'skip',
			offerId,
			actionReason: 'notReady',
			previousStatus,
			idMapStatus: 'pending',
		};
	}
	const actionReason = isDeactivated ? 'reactivate' : 'known';
	return { action: 'update', offerId, actionReason, previousStatus, idMapStatus: 'integrated' };
}

const ID_MAP_STATUSES = ['integrated', 'pending', 'inactive', 'removed'] as const;

/**
 * Plans nothing for a SKU that an earlier node failed on. Its ID map status is kept, and a SKU
 * without a status becomes pending, so that the retry template reads it again.
 */
export function planFailed(row: IdMapRow | undefined): Plan {
	const known = ID_MAP_STATUSES.find((status) => status === row?.status);
	return {
		action: 'skip',
		offerId: row !== undefined && row.offerId !== '' ? row.offerId : null,
		actionReason: 'failed',
		previousStatus: row?.status || null,
		idMapStatus: known ?? 'pending',
	};
}

/** Reads a parameter that contains a list of table rows. Empty text or an empty object means no rows. */
function readRows(
	context: IExecuteFunctions,
	name: string,
	displayName: string,
	columns: string,
): unknown[] {
	let raw = context.getNodeParameter(name, 0, '[]');
	if (raw === undefined || raw === null) return [];
	if (typeof raw === 'string') {
		if (raw.trim() === '') return [];
		try {
			raw = jsonParse(raw);
		} catch {
			throw new NodeOperationError(context.getNode(), `${displayName} is not valid JSON`);
		}
	}
	if (
		raw !== null &&
		typeof raw === 'object' &&
		!Array.isArray(raw) &&
		Object.keys(raw).length === 0
	) {
		return [];
	}
	if (!Array.isArray(raw)) {
		throw new NodeOperationError(context.getNode(), `${displayName} must be a list of rows`, {
			description: `Give the rows of the table, each with ${columns}.`,
		});
	}
	return raw;
}

/**
 * Marks the log entries of a SKU that stays pending as Pending. The SKU got its Error or Alert
 * when it first became pending, so repeating that severity on every later event or retry would
 * report one open cause as many failures. A node failure (E7) stays an Error, because it
 * happened in this run and is not the cause that made the SKU pending.
 */
function asStillPending(entries: LogEntry[]): LogEntry[] {
	return entries.map((entry) => {
		if (entry.messageCode === NODE_FAILURE_CODE) return entry;
		if (entry.status !== 'Error' && entry.status !== 'Alert') return entry;
		return { ...entry, status: 'Pending' };
	});
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	// The ID map and the last values sent are read once: they are the same lists for every item.
	const idMap = indexIdMap(readRows(this, 'idMapRows', 'ID Map Rows', 'skuId, offerId and status'));
	const lastSent = indexLastSent(
		readRows(
			this,
			'lastSentRows',
			'Last Sent Rows',
			'skuId, price, listPrice, stock and catalogHash',
		),
	);
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let skuId: string | undefined;
		try {
			skuId = readText(this.getNodeParameter('skuId', itemIndex));
			if (skuId === '') {
				throw new NodeOperationError(this.getNode(), 'SKU ID is empty', { itemIndex });
			}
			const input = items[itemIndex].json;
			const eligibleField = String(this.getNodeParameter('eligibleField', itemIndex, 'eligible'));
			const readyField = String(this.getNodeParameter('readyField', itemIndex, 'ready'));
			const eligible = get(input, eligibleField) !== false;
			const ready = get(input, readyField) !== false;
			// The ID map and vtex_last_sent are looked up without leading zeros, but the item keeps the
			// SKU ID as given, because later nodes of a template match it against their own input.
			const key = normalizeVtexId(skuId);
			// A continue-on-fail item of an earlier node carries its `error`. Planning it as
			// eligible and ready would write an ID map row for an offer that was never sent.
			const failed = input.error !== undefined && input.error !== null && input.error !== '';
			const plan = failed
				? planFailed(idMap.get(key))
				: planAction(idMap.get(key), eligible, ready);
			const json: IDataObject = { ...input, skuId, ...plan };

			const offer = isObject(input.offer) ? { ...input.offer, active: true } : undefined;
			// Only an integrated SKU is skipped: one leaving pending always gets its full offer again.
			const integrated = plan.actionReason === 'known' && plan.previousStatus === 'integrated';
			if (integrated && offer && isUnchanged(offer, lastSent.get(key))) {
				json.action = 'skip';
				json.actionReason = 'unchanged';
			} else if ((plan.action === 'create' || plan.action === 'update') && offer) {
				// Stored in vtex_last_sent once the marketplace accepted the offer.
				json.lastSent = { ...snapshotOf(offer), active: true } as unknown as IDataObject;
			}

			if (plan.actionReason === 'notReady' && plan.previousStatus === 'pending') {
				const entries = asStillPending(readLogEntries(input));
				if (entries.length > 0) json.logEntries = entries as unknown as IDataObject[];
			}
			returnData.push(outputItem(json, itemIndex));
		} catch (error) {
			returnData.push(failItem(this, error, itemIndex, skuId));
		}
	}

	return returnData;
}
