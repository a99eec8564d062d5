import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { failItem } from '../../../shared/items';
import { toWholeNumber } from '../../../shared/parameters';
import {
	STATUS_ALIASES,
	isValidDay,
	parseStatusFilter,
	readStoredRow,
	toGuideMessage,
} from '../../helpers/logRows';
import type { LogRow, LogStatus } from '../../helpers/logRows';

const MAX_PAGE_SIZE = 1000;

const properties: INodeProperties[] = [
	{
		displayName: 'Date',
		name: 'dateAt',
		type: 'string',
		default: '',
		placeholder: '2026-03-04',
		description:
			"Day of the entries to return, YYYY-MM-DD in UTC, as the log endpoint's DateAt parameter gives it. Empty returns every day.",
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'string',
		default: 'all',
		description:
			'"all", or statuses separated by commas in any case: success (also "sucess"), error, alert (also "warning"), pending',
	},
	{
		displayName: 'Page',
		name: 'page',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'Page of the filtered entries to return, counted from 1',
	},
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
		default: 100,
		description: 'Number of entries per page, at most 1000',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Paging',
				name: 'includePaging',
				type: 'boolean',
				default: false,
				description:
					'Whether to add a "Paging" object with Page, PageSize, Total and Pages beside "Messages". VTEX\'s guide shows only "Messages".',
			},
		],
	},
];

const displayOptions = { show: { resource: ['entry'], operation: ['query'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function readFilters(context: IExecuteFunctions) {
	const dateAt = String(context.getNodeParameter('dateAt', 0, '') ?? '').trim();
	if (dateAt !== '' && !isValidDay(dateAt)) {
		throw new NodeOperationError(context.getNode(), `Invalid DateAt "${dateAt}": use YYYY-MM-DD`);
	}

	const rawStatus = String(context.getNodeParameter('status', 0, 'all') ?? '');
	const statuses = parseStatusFilter(rawStatus);
	if (statuses !== undefined && 'unknown' in statuses) {
		throw new NodeOperationError(
			context.getNode(),
			`Invalid status ${statuses.unknown.map((value) => `"${value}"`).join(', ')}: use all, success, error, alert or pending`,
		);
	}

	const page = toWholeNumber(
		context,
		context.getNodeParameter('page', 0),
		{ displayName: 'Page', min: 1 },
		0,
	);
	const pageSize = toWholeNumber(
		context,
		context.getNodeParameter('pageSize', 0),
		{ displayName: 'Page Size', min: 1, max: MAX_PAGE_SIZE },
		0,
	);
	return { dateAt, statuses, page, pageSize };
}

function matches(row: LogRow, dateAt: string, statuses: Set<LogStatus> | undefined): boolean {
	if (dateAt !== '' && row.dateAt !== dateAt) return false;
	if (statuses === undefined) return true;
	const status = STATUS_ALIASES[row.status.toLowerCase()];
	return status !== undefined && statuses.has(status);
}

function compareRows(left: LogRow, right: LogRow): number {
	if (left.loggedAt !== right.loggedAt) return left.loggedAt < right.loggedAt ? -1 : 1;
	return left.entryId.localeCompare(right.entryId);
}

/**
 * Filters the stored rows given as input items and returns one item: the requested page in
 * the log report format, oldest entry first.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const pairedItem = items.map((_, index) => ({ item: index }));
	try {
		const { dateAt, statuses, page, pageSize } = readFilters(this);
		const options = this.getNodeParameter('options', 0, {}) as { includePaging?: boolean };

		const rows = items
			.map((item) => readStoredRow(item.json))
			.filter((row) => matches(row, dateAt, statuses))
			.sort(compareRows);
		const start = (page - 1) * pageSize;
		const json: IDataObject = {
			Messages: rows.slice(start, start + pageSize).map(toGuideMessage) as unknown as IDataObject[],
		};
		if (options.includePaging === true) {
			json.Paging = {
				Page: page,
				PageSize: pageSize,
				Total: rows.length,
				Pages: Math.ceil(rows.length / pageSize),
			};
		}
		return [{ json, pairedItem }];
	} catch (error) {
		return [{ ...failItem(this, error, 0), pairedItem }];
	}
}
