import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { createLogEntry } from './logEntry';
import type { LogEntry, LogOperation } from './logEntry';

/**
 * Message code of a node that failed on an item. VTEX's guide defines E1 to E5, and E6 is the
 * Mapper's upload size limit.
 */
export const NODE_FAILURE_CODE = 'E7';

/** Creates an output item paired with the input item it came from. */
export function outputItem(json: IDataObject, itemIndex: number): INodeExecutionData {
	return { json, pairedItem: { item: itemIndex } };
}

/** Creates the item that continue-on-fail puts in place of a failed input item. */
export function errorItem(error: unknown, itemIndex: number, skuId?: string): INodeExecutionData {
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.errorDescription = error.description;
	}
	if (skuId !== undefined) json.skuId = skuId;
	return { json, pairedItem: { item: itemIndex } };
}

/** Returns the log operation of a node by its type: prices, stock, or else the catalog. */
function operationOf(node: INode): LogOperation {
	if (/vtexPrice$/i.test(node.type)) return 'Price update';
	if (/vtexStock$/i.test(node.type)) return 'Inventory update';
	return 'Catalog change';
}

/** Creates the Error log entry of an item a node failed on, so that the seller can read the failure. */
export function failureEntry(
	node: INode,
	error: unknown,
	itemIndex: number,
	skuId?: string,
): LogEntry {
	const message = error instanceof Error ? error.message : String(error);
	const subject = skuId === undefined ? `item ${itemIndex}` : `SKU ${skuId}`;
	return createLogEntry({
		skuId: skuId ?? null,
		status: 'Error',
		operation: operationOf(node),
		messageCode: NODE_FAILURE_CODE,
		businessMessage: `${node.name} failed for ${subject}: ${message}. Nothing was sent for it; run the workflow again once the cause is fixed.`,
	});
}

/**
 * Returns the error item when the node continues on fail, else raises the error with the item
 * index. Either way the failure carries an Error log entry: on the item, or in the raised
 * error's `context.logEntries`, because a run that stops has no output item to carry it.
 * Errors that are not n8n errors become a NodeOperationError.
 */
export function failItem(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	skuId?: string,
): INodeExecutionData {
	const entries = [failureEntry(context.getNode(), error, itemIndex, skuId)];
	if (context.continueOnFail()) {
		const item = errorItem(error, itemIndex, skuId);
		item.json.logEntries = entries as unknown as IDataObject[];
		return item;
	}

	const raised =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(context.getNode(), errorMessage(error), { itemIndex });
	if (raised.context.itemIndex === undefined) raised.context.itemIndex = itemIndex;
	// A caller with a more precise entry (the Mapper's) has set it already.
	raised.context.logEntries ??= entries;
	throw raised;
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
