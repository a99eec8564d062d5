export type LogStatus = 'Success' | 'Error' | 'Alert' | 'Pending';

export type LogOperation =
	| 'Offer creation'
	| 'Catalog change'
	| 'Price update'
	| 'Inventory update';

/**
 * A fact the seller should read, in the shape of VTEX's connector log report. Codes follow
 * VTEX's external marketplace guide: S1 success, A1-A3 alerts, E1-E5 errors.
 */
export interface LogEntry {
	skuId: string | null;
	status: LogStatus;
	operation: LogOperation;
	messageCode: string;
	businessMessage: string;
	direction: 'VTEX to Marketplace';
	timestamp: string;
	/** JSON text of what VTEX sent, such as the SKU context or simulation item. */
	contentSource?: string;
	/** JSON text of the payload after transformation, such as the offer built for the marketplace. */
	contentTranslated?: string;
	/** JSON text of the marketplace's response. */
	contentDestination?: string;
}

export function createLogEntry(entry: Omit<LogEntry, 'direction' | 'timestamp'>): LogEntry {
	return {
		...entry,
		direction: 'VTEX to Marketplace',
		timestamp: new Date().toISOString(),
	};
}

/** Returns the log entries an item already carries, so a node can append its own. */
export function readLogEntries(json: Record<string, unknown>): LogEntry[] {
	const existing = json.logEntries;
	return Array.isArray(existing) ? (existing as LogEntry[]) : [];
}
