import { createHash } from 'crypto';

import { normalizeVtexId } from '../../shared/skuId';

/**
 * Offer fields that vtex_last_sent keeps in columns of their own. The price and stock template
 * updates those columns, so they stay current when only a price or a stock changes.
 */
const VALUE_FIELDS = new Set(['price', 'listPrice', 'stock', 'active']);

/** Offer last sent for one SKU: the value columns and a hash of every other field. */
export interface LastSent {
	price: number | null;
	listPrice: number | null;
	stock: number | null;
	catalogHash: string;
}

interface LastSentRow extends LastSent {
	active: boolean;
}

/** Sorts object keys at every level, so two equal offers serialize to the same text. */
function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value === null || typeof value !== 'object') return value;
	const record = value as Record<string, unknown>;
	const sorted: Record<string, unknown> = {};
	for (const key of Object.keys(record).sort()) {
		if (record[key] !== undefined) sorted[key] = canonical(record[key]);
	}
	return sorted;
}

/** Hashes (SHA-256, hex) the offer fields other than price, list price, stock and active. */
export function catalogHash(offer: Record<string, unknown>): string {
	const catalogFields: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(offer)) {
		if (!VALUE_FIELDS.has(key)) catalogFields[key] = value;
	}
	return createHash('sha256')
		.update(JSON.stringify(canonical(catalogFields)))
		.digest('hex');
}

function readNumber(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const number = Number(value);
	return Number.isFinite(number) ? number : null;
}

/** Returns the row to store in vtex_last_sent once the offer was sent. */
export function snapshotOf(offer: Record<string, unknown>): LastSent {
	return {
		price: readNumber(offer.price),
		listPrice: readNumber(offer.listPrice),
		stock: readNumber(offer.stock),
		catalogHash: catalogHash(offer),
	};
}

/** Indexes vtex_last_sent rows by SKU ID without leading zeros. Rows without a SKU ID are skipped. */
export function indexLastSent(rows: unknown): Map<string, LastSentRow> {
	const index = new Map<string, LastSentRow>();
	if (!Array.isArray(rows)) return index;
	for (const row of rows) {
		if (row === null || typeof row !== 'object') continue;
		const record = row as Record<string, unknown>;
		const skuId =
			record.skuId === undefined || record.skuId === null
				? ''
				: normalizeVtexId(String(record.skuId));
		if (skuId === '') continue;
		index.set(skuId, {
			price: readNumber(record.price),
			listPrice: readNumber(record.listPrice),
			stock: readNumber(record.stock),
			active: record.active !== false,
			catalogHash: typeof record.catalogHash === 'string' ? record.catalogHash : '',
		});
	}
	return index;
}

/** Compares two amounts in currency units to the cent; null stands for "no value". */
function sameAmount(left: number | null, right: number | null): boolean {
	if (left === null || right === null) return left === right;
	return Math.round(left * 100) === Math.round(right * 100);
}

/**
 * Tells whether sending the offer would change nothing. The last offer sent must have had the same
 * catalog fields, and the value columns must contain the same price, list price and stock on an
 * active offer; the price and stock template keeps those columns current. A row without a
 * catalog hash, written only by the price and stock template, never counts as unchanged.
 */
export function isUnchanged(offer: Record<string, unknown>, row: LastSentRow | undefined): boolean {
	if (row === undefined || row.catalogHash === '' || !row.active) return false;
	const next = snapshotOf(offer);
	return (
		next.catalogHash === row.catalogHash &&
		sameAmount(next.price, row.price) &&
		sameAmount(next.listPrice, row.listPrice) &&
		next.stock === row.stock
	);
}
