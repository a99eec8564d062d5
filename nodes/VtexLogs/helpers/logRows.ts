import { createHash } from 'crypto';

import type { LogEntry } from '../../shared/logEntry';

/** One row of the vtex_logs table. */
export interface LogRow {
	entryId: string;
	skuId: string;
	status: string;
	operation: string;
	direction: string;
	messageCode: string;
	businessMessage: string;
	contentSource: string;
	contentTranslated: string;
	contentDestination: string;
	/** Day of the entry in UTC, YYYY-MM-DD, which the DateAt filter compares. */
	dateAt: string;
	/** ISO 8601 time of the entry. */
	loggedAt: string;
}

/** One message of the log report, with the keys of VTEX's guide, including its spelling "ContentTransalted". */
export interface GuideMessage {
	id: string;
	Operation: string;
	Direction: string;
	ContentSource: string;
	ContentTransalted: string;
	ContentDestination: string;
	BusinessMessage: string;
	Status: string;
	MessageCode: string;
	SkuId: string;
	DateAt: string;
	Timestamp: string;
}

export type LogStatus = 'Success' | 'Error' | 'Alert' | 'Pending';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Status names in lower case, with the guide's spellings "sucess" and "warning". */
export const STATUS_ALIASES: Record<string, LogStatus> = {
	success: 'Success',
	sucess: 'Success',
	error: 'Error',
	alert: 'Alert',
	warning: 'Alert',
	pending: 'Pending',
};

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/** Returns the UTC day of a time as YYYY-MM-DD, or an empty string for an unreadable time. */
export function utcDay(time: string | Date): string {
	const date = typeof time === 'string' ? new Date(time) : time;
	return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

export function isValidDay(value: string): boolean {
	return DATE_PATTERN.test(value) && utcDay(`${value}T00:00:00Z`) === value;
}

/**
 * Builds the table row of a log entry. The entry ID is a hash of the execution, the item, the
 * entry's position and its content, so writing the same execution's rows twice gives the same IDs.
 */
export function toLogRow(
	entry: Partial<LogEntry>,
	scope: { executionId: string; itemIndex: number; entryIndex: number },
	now: Date,
): LogRow {
	const loggedAt =
		entry.timestamp && utcDay(entry.timestamp) !== '' ? entry.timestamp : now.toISOString();
	const row: Omit<LogRow, 'entryId'> = {
		skuId: text(entry.skuId),
		status: text(entry.status),
		operation: text(entry.operation),
		direction: text(entry.direction) || 'VTEX to Marketplace',
		messageCode: text(entry.messageCode),
		businessMessage: text(entry.businessMessage),
		contentSource: text(entry.contentSource),
		contentTranslated: text(entry.contentTranslated),
		contentDestination: text(entry.contentDestination),
		dateAt: utcDay(loggedAt),
		loggedAt,
	};
	const digest = createHash('sha256')
		.update(JSON.stringify([scope.executionId, scope.itemIndex, scope.entryIndex, row]))
		.digest('hex');
	return { entryId: `log-${digest.slice(0, 24)}`, ...row };
}

/**
 * Parses the status filter of the log endpoint: "all" or a comma list, in any case. The
 * guide's examples spell "sucess", which counts as Success, and its code table uses "Warning"
 * for Alert. Returns undefined for "all", or the list of unknown values when there are any.
 */
export function parseStatusFilter(raw: string): Set<LogStatus> | undefined | { unknown: string[] } {
	const values = raw
		.split(',')
		.map((value) => value.trim().toLowerCase())
		.filter((value) => value !== '');
	if (values.length === 0 || values.includes('all')) return undefined;

	const unknown = values.filter((value) => STATUS_ALIASES[value] === undefined);
	if (unknown.length > 0) return { unknown };
	return new Set(values.map((value) => STATUS_ALIASES[value]));
}

function pickText(record: Record<string, unknown>, keys: string[]): string {
	for (const key of keys) {
		if (record[key] !== undefined && record[key] !== null) return text(record[key]);
	}
	return '';
}

/**
 * Reads a stored row, as a Data Table returns it, into a LogRow. The guide's own keys are read
 * too, with the spellings ContentTranslated and ContentTransalted, so stored reports load as well.
 */
export function readStoredRow(record: Record<string, unknown>): LogRow {
	const loggedAtValue = record.loggedAt ?? record.Timestamp ?? record.timestamp;
	const loggedAt =
		loggedAtValue instanceof Date ? loggedAtValue.toISOString() : text(loggedAtValue);
	const dateAt = pickText(record, ['dateAt', 'DateAt']) || utcDay(loggedAt);
	return {
		entryId: pickText(record, ['entryId', 'id']),
		skuId: pickText(record, ['skuId', 'SkuId']),
		status: pickText(record, ['status', 'Status']),
		operation: pickText(record, ['operation', 'Operation', 'OperationId']),
		direction: pickText(record, ['direction', 'Direction']),
		messageCode: pickText(record, ['messageCode', 'MessageCode']),
		businessMessage: pickText(record, ['businessMessage', 'BusinessMessage']),
		contentSource: pickText(record, ['contentSource', 'ContentSource']),
		contentTranslated: pickText(record, [
			'contentTranslated',
			'ContentTranslated',
			'ContentTransalted',
		]),
		contentDestination: pickText(record, ['contentDestination', 'ContentDestination']),
		dateAt: dateAt.slice(0, 10),
		loggedAt,
	};
}

export function toGuideMessage(row: LogRow): GuideMessage {
	return {
		id: row.entryId,
		Operation: row.operation,
		Direction: row.direction,
		ContentSource: row.contentSource,
		ContentTransalted: row.contentTranslated,
		ContentDestination: row.contentDestination,
		BusinessMessage: row.businessMessage,
		Status: row.status,
		MessageCode: row.messageCode,
		SkuId: row.skuId,
		DateAt: row.dateAt,
		Timestamp: row.loggedAt,
	};
}
