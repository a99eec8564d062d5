/**
 * Normalisation of VTEX change notifications. VTEX sends PascalCase keys and JSON booleans
 * (`IdSku`, `StockModified: true`), while its integration guide prints camelCase keys and
 * string flags (`idSKU`, `"true"`). Keys are therefore matched without regard to case, and
 * flags are read from booleans or from the strings "true" and "false".
 *
 * This module has no n8n dependency, so it is tested on its own.
 */

/** Kinds of change a notification can announce; the node filters on them. */
export type ChangeKind = 'data' | 'price' | 'stock' | 'deactivated' | 'removedFromAffiliate';

export const CHANGE_KINDS: readonly ChangeKind[] = [
	'data',
	'price',
	'stock',
	'deactivated',
	'removedFromAffiliate',
];

/** One notification as the trigger emits it: ids as strings, every flag as a boolean. */
export interface NormalizedNotification {
	skuId: string;
	productId: string | null;
	account: string | null;
	affiliateId: string | null;
	/** `IsActive` as sent; null when the notification does not carry it. */
	active: boolean | null;
	stockModified: boolean;
	priceModified: boolean;
	skuModified: boolean;
	removedFromAffiliate: boolean;
	/** Every change the flags announce, in the order of CHANGE_KINDS. */
	changes: ChangeKind[];
	dateModified: string | null;
	version: string | null;
	receivedAt: string;
	[key: string]: string | boolean | null | string[];
}

export type ParseResult =
	| { valid: true; notifications: NormalizedNotification[] }
	| { valid: false; error: string };

export interface NotificationFilters {
	/** Keep a notification announcing at least one of these changes; empty keeps all. */
	changes: ChangeKind[];
	/** Keep these accounts only (compared without regard to case); empty keeps all. */
	accounts: string[];
	/** Keep these affiliates only (compared without regard to case); empty keeps all. */
	affiliates: string[];
}

/** A notification field that the trigger reads, under its name on the wire. */
const FIELDS = {
	skuId: 'IdSku',
	productId: 'ProductId',
	account: 'An',
	affiliateId: 'IdAffiliate',
	version: 'Version',
	dateModified: 'DateModified',
	active: 'IsActive',
	stockModified: 'StockModified',
	priceModified: 'PriceModified',
	skuModified: 'HasStockKeepingUnitModified',
	removedFromAffiliate: 'HasStockKeepingUnitRemovedFromAffiliate',
} as const;

class NotificationError extends Error {}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function serialize(value: unknown): string {
	return JSON.stringify(value) ?? String(value);
}

/** Longest part of an invalid value that a 400 response or a log line shows, in characters. */
const MAX_SHOWN_LENGTH = 100;

/** Cuts a text to MAX_SHOWN_LENGTH, naming its full length, so a huge value cannot flood a response. */
function shorten(text: string): string {
	if (text.length <= MAX_SHOWN_LENGTH) return text;
	return `${text.slice(0, MAX_SHOWN_LENGTH)}… (${text.length} characters)`;
}

/** Serializes a value for an error message, shortened. */
function describe(value: unknown): string {
	return shorten(serialize(value));
}

/**
 * Indexes the keys of a notification by their lower-case form. Two keys that differ only in
 * case are accepted when they carry the same value, and rejected otherwise, because keeping
 * either one would drop the other silently.
 */
function indexKeys(notification: Record<string, unknown>, prefix: string): Map<string, unknown> {
	const byName = new Map<string, unknown>();
	const originalName = new Map<string, string>();
	for (const [key, value] of Object.entries(notification)) {
		const name = key.toLowerCase();
		if (byName.has(name) && serialize(byName.get(name)) !== serialize(value)) {
			throw new NotificationError(
				`${prefix}: ${originalName.get(name)} and ${key} are the same field with different values`,
			);
		}
		byName.set(name, value);
		originalName.set(name, key);
	}
	return byName;
}

/**
 * Reads a VTEX id. VTEX ids are whole numbers, sent as JSON numbers or as strings of digits.
 * The id is returned without leading zeros, so that "0012" and 12 name the same SKU in the
 * queue and the id map.
 */
function readId(value: unknown, field: string, prefix: string): string | null {
	if (value === undefined || value === null) return null;

	let id = NaN;
	if (typeof value === 'number') id = value;
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) id = Number(value);
	if (Number.isSafeInteger(id) && id >= 0) return String(id);

	// The message names the range, because an id above it is rejected although it has only digits.
	throw new NotificationError(
		`${prefix}: ${field} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, as a JSON number or a string of digits, got ${describe(value)}`,
	);
}

function readText(value: unknown, field: string, prefix: string): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') return value;
	throw new NotificationError(`${prefix}: ${field} must be a string, got ${describe(value)}`);
}

function readFlag(value: unknown, field: string, prefix: string): boolean | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (text === 'true') return true;
		if (text === 'false') return false;
	}
	throw new NotificationError(
		`${prefix}: ${field} must be true or false (a JSON boolean or the string "true" or "false"), got ${describe(value)}`,
	);
}

function listChanges(notification: {
	skuModified: boolean;
	priceModified: boolean;
	stockModified: boolean;
	active: boolean | null;
	removedFromAffiliate: boolean;
}): ChangeKind[] {
	const announced: Record<ChangeKind, boolean> = {
		data: notification.skuModified,
		price: notification.priceModified,
		stock: notification.stockModified,
		deactivated: notification.active === false,
		removedFromAffiliate: notification.removedFromAffiliate,
	};
	return CHANGE_KINDS.filter((kind) => announced[kind]);
}

/**
 * Normalises one notification.
 * @throws NotificationError naming the notification index, the SKU once read, and the field
 */
function normalizeOne(raw: unknown, index: number, receivedAt: string): NormalizedNotification {
	const position = `Notification ${index}`;
	if (!isPlainObject(raw)) {
		throw new NotificationError(`${position}: must be a JSON object, got ${describe(raw)}`);
	}
	const values = indexKeys(raw, position);
	const read = (field: keyof typeof FIELDS) => values.get(FIELDS[field].toLowerCase());

	const skuId = readId(read('skuId'), FIELDS.skuId, position);
	if (skuId === null) throw new NotificationError(`${position}: ${FIELDS.skuId} is missing`);
	// Once the SKU id is known, every message names it, so the sender can find the SKU at once.
	const prefix = `${position} (SKU ${shorten(skuId)})`;

	const flags = {
		active: readFlag(read('active'), FIELDS.active, prefix),
		stockModified: readFlag(read('stockModified'), FIELDS.stockModified, prefix) ?? false,
		priceModified: readFlag(read('priceModified'), FIELDS.priceModified, prefix) ?? false,
		skuModified: readFlag(read('skuModified'), FIELDS.skuModified, prefix) ?? false,
		removedFromAffiliate:
			readFlag(read('removedFromAffiliate'), FIELDS.removedFromAffiliate, prefix) ?? false,
	};

	return {
		skuId,
		productId: readId(read('productId'), FIELDS.productId, prefix),
		account: readText(read('account'), FIELDS.account, prefix),
		affiliateId: readText(read('affiliateId'), FIELDS.affiliateId, prefix),
		...flags,
		changes: listChanges(flags),
		dateModified: readText(read('dateModified'), FIELDS.dateModified, prefix),
		version: readText(read('version'), FIELDS.version, prefix),
		receivedAt,
	};
}

/**
 * Normalises a request body that contains one notification or an array of them. The whole
 * body is rejected when one notification is invalid, so that VTEX's 400 response and the
 * emitted items never disagree about what was accepted.
 *
 * @param receivedAt ISO time of the request, copied onto every notification
 */
export function parseNotifications(body: unknown, receivedAt: string): ParseResult {
	const list = Array.isArray(body) ? body : [body];
	if (list.length === 0) {
		return { valid: false, error: 'The body is an empty array; send at least one notification' };
	}
	try {
		return {
			valid: true,
			notifications: list.map((raw, index) => normalizeOne(raw, index, receivedAt)),
		};
	} catch (error) {
		// Only NotificationError is expected here. Anything else is reported the same way, so a
		// request never starts an execution with a body the trigger could not read.
		const message = error instanceof Error ? error.message : String(error);
		return { valid: false, error: message };
	}
}

function includesIgnoringCase(list: string[], value: string | null): boolean {
	if (value === null) return false;
	const lower = value.toLowerCase();
	return list.some((candidate) => candidate.toLowerCase() === lower);
}

/** Tests whether a notification passes every filter that is set. */
export function matchesFilters(
	notification: NormalizedNotification,
	filters: NotificationFilters,
): boolean {
	if (
		filters.changes.length > 0 &&
		!notification.changes.some((kind) => filters.changes.includes(kind))
	) {
		return false;
	}
	if (filters.accounts.length > 0 && !includesIgnoringCase(filters.accounts, notification.account))
		return false;
	if (
		filters.affiliates.length > 0 &&
		!includesIgnoringCase(filters.affiliates, notification.affiliateId)
	) {
		return false;
	}
	return true;
}

/** Splits a comma-separated parameter into trimmed, non-empty entries. */
export function splitList(value: string): string[] {
	return value
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}
