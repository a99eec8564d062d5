import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

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

/**
 * Returns the error item when the node continues on fail, else raises the error with the item
 * index. Errors that are not n8n errors become a NodeOperationError.
 */
export function failItem(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	skuId?: string,
): INodeExecutionData {
	if (context.continueOnFail()) return errorItem(error, itemIndex, skuId);

	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		throw error;
	}
	const message = error instanceof Error ? error.message : String(error);
	throw new NodeOperationError(context.getNode(), message, { itemIndex });
}
