import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { failItem } from '../../../shared/items';
import { createLogEntry } from '../../../shared/logEntry';
import type { LogEntry } from '../../../shared/logEntry';

/** Message code of an upload that exceeds the size limit; the guide's codes end at E5. */
export const TREE_TOO_LARGE_CODE = 'E6';

/** Pace of the Mapper routes; the default equals DEFAULT_REQUESTS_PER_SECOND.mapper. */
export const mapperRateOption = {
	displayName: 'Requests per Second',
	name: 'requestsPerSecond',
	type: 'number' as const,
	typeOptions: { minValue: 0.1, numberPrecision: 1 },
	default: 5,
	description:
		'Maximum requests per second from this account to VTEX Mapper, shared by every execution in this n8n process',
};

/** Error raised when a gzip-compressed tree is larger than the upload limit. */
export class TreeTooLargeError extends NodeOperationError {
	constructor(
		node: INode,
		readonly compressedBytes: number,
		readonly maxUploadBytes: number,
		itemIndex: number,
		httpStatus?: number,
	) {
		const message =
			httpStatus === undefined
				? `The category tree is ${compressedBytes} bytes gzip-compressed, above the upload limit of ${maxUploadBytes} bytes, so it was not sent`
				: `VTEX Mapper rejected the category tree as too large (HTTP ${httpStatus}): it is ${compressedBytes} bytes gzip-compressed, and the upload limit set in this node is ${maxUploadBytes} bytes`;
		super(node, message, {
			itemIndex,
			description:
				'Trim the tree: send fewer categories, or fewer attribute values per category, to lower its compressed size. Each upload replaces the whole tree in VTEX Mapper, so the tree must go in one upload.',
		});
	}
}

/** Creates the Error log entry that describes a failed Mapper call for the seller. */
export function mapperFailureEntry(error: unknown): LogEntry {
	const message = error instanceof Error ? error.message : String(error);
	const isTooLarge = error instanceof TreeTooLargeError;
	return createLogEntry({
		skuId: null,
		status: 'Error',
		operation: 'Catalog change',
		messageCode: isTooLarge ? TREE_TOO_LARGE_CODE : 'E5',
		businessMessage: isTooLarge
			? `${message}. Trim the category tree (fewer categories or attribute values) and send it again.`
			: `VTEX Mapper call failed: ${message}. Run the workflow again; if it keeps failing, check the Mapper ID and the endpoints registered in VTEX Mapper.`,
	});
}

/**
 * Returns the continue-on-fail item for a failed Mapper call with its Error log entry, or
 * raises the error when the node stops on errors. A raised n8n error carries the log entry in
 * `context.logEntries`, because a run that stops has no output item to carry it.
 */
export function failMapperItem(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData {
	const entries = [mapperFailureEntry(error)] as unknown as IDataObject[];
	if (
		!context.continueOnFail() &&
		(error instanceof NodeOperationError || error instanceof NodeApiError)
	) {
		error.context.logEntries = entries;
	}

	const item = failItem(context, error, itemIndex);
	Object.assign(item.json, extra);
	item.json.logEntries = entries;
	return item;
}
