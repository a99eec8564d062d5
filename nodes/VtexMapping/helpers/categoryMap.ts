import { jsonParse } from 'n8n-workflow';

/** One row of the vtex_category_map table. */
export interface CategoryMapRow {
	vtexCategoryId: string;
	/** Empty when the seller left the VTEX category unmapped. */
	marketplaceCategoryId: string;
	vtexCategoryName: string;
	marketplaceCategoryName: string;
}

/*
 * VTEX does not publish the body that VTEX Mapper pushes to the mapping endpoint, so this
 * reader assumes a few shapes and accepts variations of each:
 *
 * 1. A list of rows, bare or under any key of an object (such as "mappings" or "categories"),
 *    at most MAX_SEARCH_DEPTH levels down.
 * 2. A row keeps the VTEX and marketplace IDs flat, under names compared without case,
 *    underscores or hyphens (vtexCategoryId, VtexCategoryId, categoryId, idVtex, ...;
 *    marketplaceCategoryId, mappedCategoryId, externalCategoryId, ...), or nested as
 *    {vtexCategory: {id, name}, marketplaceCategory: {id, name}} and similar pairs. A row
 *    that has a marketplace side but no VTEX ID key takes its plain "id" and "name" as VTEX's.
 * 3. A row may carry child rows under "children", which are read as rows of their own.
 * 4. An object whose keys are all numeric VTEX category IDs maps each key to a marketplace
 *    ID, either directly ("22": "KITCHEN-COOK") or as an object with an id and a name.
 * JSON text of any of these is parsed first.
 */

const MAX_SEARCH_DEPTH = 4;
const MAX_ROWS = 200_000;

const VTEX_ID_KEYS = [
	'vtexcategoryid',
	'categoryid',
	'vtexid',
	'idvtex',
	'sourcecategoryid',
	'vtexcategory',
];
const MARKETPLACE_ID_KEYS = [
	'marketplacecategoryid',
	'mappedcategoryid',
	'marketplaceid',
	'externalcategoryid',
	'targetcategoryid',
	'mktcategoryid',
	'channelcategoryid',
	'marketplacecategory',
	'mappedcategory',
	'targetcategory',
];
const VTEX_NAME_KEYS = ['vtexcategoryname', 'categoryname', 'vtexname', 'sourcecategoryname'];
const MARKETPLACE_NAME_KEYS = [
	'marketplacecategoryname',
	'mappedcategoryname',
	'marketplacename',
	'externalcategoryname',
	'targetcategoryname',
];
const VTEX_OBJECT_KEYS = ['vtexcategory', 'vtex', 'source', 'sourcecategory', 'category'];
const MARKETPLACE_OBJECT_KEYS = [
	'marketplacecategory',
	'marketplace',
	'target',
	'targetcategory',
	'mappedcategory',
	'mapping',
	'externalcategory',
];

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function normalizeKey(key: string): string {
	return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function readText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** Returns the value of the first key, in order of `keys`, present under a normalized name. */
function pick(record: JsonRecord, keys: string[]): unknown {
	const byName = new Map(Object.entries(record).map(([key, value]) => [normalizeKey(key), value]));
	for (const key of keys) {
		if (byName.has(key)) return byName.get(key);
	}
	return undefined;
}

function readSide(record: JsonRecord, idKeys: string[], nameKeys: string[], objectKeys: string[]) {
	let id = readText(pick(record, idKeys));
	let name = readText(pick(record, nameKeys));
	const nested = pick(record, objectKeys);
	if (isRecord(nested)) {
		id ??= readText(pick(nested, ['id', 'categoryid', ...idKeys]));
		name ??= readText(pick(nested, ['name', 'categoryname', ...nameKeys]));
	}
	return { id, name };
}

/** Reads one row, or returns undefined when the object names no VTEX category. */
function readRow(record: JsonRecord): CategoryMapRow | undefined {
	const vtex = readSide(record, VTEX_ID_KEYS, VTEX_NAME_KEYS, VTEX_OBJECT_KEYS);
	const marketplace = readSide(
		record,
		MARKETPLACE_ID_KEYS,
		MARKETPLACE_NAME_KEYS,
		MARKETPLACE_OBJECT_KEYS,
	);
	// A VTEX category node that carries its mapping keeps its own ID under a plain "id".
	if (vtex.id === undefined && marketplace.id !== undefined) {
		vtex.id = readText(pick(record, ['id']));
		vtex.name ??= readText(pick(record, ['name']));
	}
	if (vtex.id === undefined || vtex.id === '') return undefined;
	return {
		vtexCategoryId: vtex.id,
		marketplaceCategoryId: marketplace.id ?? '',
		vtexCategoryName: vtex.name ?? '',
		marketplaceCategoryName: marketplace.name ?? '',
	};
}

function collectRows(list: unknown[], rows: CategoryMapRow[]): void {
	for (const entry of list) {
		if (rows.length >= MAX_ROWS) return;
		if (!isRecord(entry)) continue;
		const row = readRow(entry);
		if (row) rows.push(row);
		const children = pick(entry, ['children', 'childs', 'subcategories']);
		if (Array.isArray(children)) collectRows(children, rows);
	}
}

function readIdObject(record: JsonRecord): CategoryMapRow[] | undefined {
	const entries = Object.entries(record);
	if (entries.length === 0 || !entries.every(([key]) => /^\d+$/.test(key))) return undefined;
	return entries.map(([vtexCategoryId, value]) => {
		const nested = isRecord(value) ? value : {};
		return {
			vtexCategoryId,
			marketplaceCategoryId:
				readText(value) ?? readText(pick(nested, ['id', ...MARKETPLACE_ID_KEYS])) ?? '',
			vtexCategoryName: '',
			marketplaceCategoryName: readText(pick(nested, ['name', ...MARKETPLACE_NAME_KEYS])) ?? '',
		};
	});
}

function looksLikeRowList(value: unknown): value is unknown[] {
	return Array.isArray(value) && value.some((entry) => isRecord(entry) && readRow(entry));
}

function findRows(value: unknown, depth: number): CategoryMapRow[] | undefined {
	if (Array.isArray(value)) {
		if (value.length === 0) return [];
		if (looksLikeRowList(value)) {
			const rows: CategoryMapRow[] = [];
			collectRows(value, rows);
			return rows;
		}
		return undefined;
	}
	if (!isRecord(value)) return undefined;

	const byId = readIdObject(value);
	if (byId) return byId;
	const single = readRow(value);
	if (single && depth === 0) return [single];
	if (depth >= MAX_SEARCH_DEPTH) return undefined;

	for (const nested of Object.values(value)) {
		const rows = findRows(nested, depth + 1);
		if (rows && rows.length > 0) return rows;
	}
	// An object whose only list is empty, such as {"mappings": []}, is an empty mapping.
	const lists = Object.values(value).filter(Array.isArray);
	if (lists.length > 0 && lists.every((list) => list.length === 0)) return [];
	return undefined;
}

/**
 * Reads category mapping rows from a payload of one of the shapes described above. Returns
 * undefined when no shape matches, and an empty list for a mapping without rows. When a VTEX
 * category appears twice, the last row wins.
 */
export function readCategoryMapRows(payload: unknown): CategoryMapRow[] | undefined {
	let value = payload;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		try {
			value = jsonParse(value);
		} catch {
			return undefined;
		}
	}
	const rows = findRows(value, 0);
	if (rows === undefined) return undefined;

	const unique = new Map<string, CategoryMapRow>();
	for (const row of rows) unique.set(row.vtexCategoryId, row);
	return [...unique.values()];
}
