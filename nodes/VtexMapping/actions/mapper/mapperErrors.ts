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

/** Error raised when the category tree breaks a rule of the Mapper's upload shape, before any request. */
export class InvalidTreeError extends NodeOperationError {}

/** Returns the message code and business message of a failed Mapper operation. */
function describeMapperFailure(error: unknown): { code: string; text: string } {
	const message = error instanceof Error ? error.message : String(error);
	if (error instanceof TreeTooLargeError) {
		return {
			code: TREE_TOO_LARGE_CODE,
			text: `${message}. Trim the category tree (fewer categories or attribute values) and send it again.`,
		};
	}
	// E1 is VTEX's code for data that failed the rules with every violation listed. Running the
	// workflow again would fail the same way, so the message requests a fixed tree.
	if (error instanceof InvalidTreeError) {
		return {
			code: 'E1',
			text: `${message}. Nothing was sent to VTEX Mapper. Fix the category tree and send it again.`,
		};
	}
	return {
		code: 'E5',
		text: `VTEX Mapper call failed: ${message}. Run the workflow again; if it keeps failing, check the Mapper ID and the endpoints registered in VTEX Mapper.`,
	};
}

/** Creates the Error log entry that describes a failed Mapper operation for the seller. */
export function mapperFailureEntry(error: unknown): LogEntry {
	const { code, text } = describeMapperFailure(error);
	return createLogEntry({
		skuId: null,
		status: 'Error',
		operation: 'Catalog change',
		messageCode: code,
		businessMessage: text,
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
