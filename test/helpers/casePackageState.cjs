'use strict';

/**
 * Writes a case's `packageState`, last values sent and settings into the package's Data Tables
 * (the tables of scripts/setup-tables.js) in the case environment's n8n.
 */

/** Table of the marketplace attribute map: VTEX specification → marketplace attribute. */
const ATTRIBUTE_MAP_TABLE = 'vtex_attribute_map';

/** Table of the settings that templates read at the start of each run. */
const SETTINGS_TABLE = 'vtex_settings';

/**
 * @typedef {object} TableStore
 * @property {(name: string) => Promise<string | null>} findTableId
 * @property {(name: string, rows: Array<Record<string, unknown>>) => Promise<void>} insertRows
 * @property {(name: string) => Promise<void>} clearTable
 */

/**
 * @param {unknown} value
 */
function text(value) {
	return value === undefined || value === null ? '' : String(value);
}

/**
 * Writes idMap into vtex_id_map, categoryMap into vtex_category_map, attributeMap into
 * vtex_attribute_map and the offers of the marketplace double into vtex_last_sent. The tables
 * must be empty.
 * @param {TableStore} store
 * @param {Record<string, any>} scenario
 */
async function writePackageState(store, scenario) {
	const state = scenario.packageState ?? {};
	const now = new Date().toISOString();

	const idMap = state.idMap ?? [];
	await store.insertRows(
		'vtex_id_map',
		idMap.map((/** @type {Record<string, unknown>} */ entry) => ({
			skuId: text(entry.skuId),
			productId: text(entry.productId),
			offerId: text(entry.offerId),
			status: text(entry.status),
			categoryId: text(entry.categoryId),
			lastSyncAt: now,
			lastError: '',
		})),
	);

	const categoryMap = Object.entries(state.categoryMap ?? {});
	await store.insertRows(
		'vtex_category_map',
		categoryMap.map(([vtexCategoryId, marketplaceCategoryId]) => ({
			vtexCategoryId: text(vtexCategoryId),
			marketplaceCategoryId: text(marketplaceCategoryId),
			vtexCategoryName: '',
			marketplaceCategoryName: '',
		})),
	);

	const attributeMap = state.attributeMap ?? [];
	if (attributeMap.length > 0) {
		if (!(await store.findTableId(ATTRIBUTE_MAP_TABLE))) {
			throw new Error(
				`packageState.attributeMap needs the Data Table ${ATTRIBUTE_MAP_TABLE}, ` +
					'which scripts/setup-tables.js does not create',
			);
		}
		await store.insertRows(
			ATTRIBUTE_MAP_TABLE,
			attributeMap.map((/** @type {Record<string, unknown>} */ entry) => ({
				categoryId: text(entry.categoryId),
				attribute: text(entry.attribute),
				specId: text(entry.specId),
				required: entry.required === true,
				defaultValue: text(entry.default),
			})),
		);
	}

	// The last values sent are the double's offers at load; listPrice null means none was sent.
	const offers = scenario.marketplace?.offers ?? [];
	await store.insertRows(
		'vtex_last_sent',
		offers.map((/** @type {Record<string, any>} */ offer) => ({
			skuId: text(offer.skuId),
			price: typeof offer.price === 'number' ? offer.price : null,
			listPrice: typeof offer.listPrice === 'number' ? offer.listPrice : null,
			stock: typeof offer.stock === 'number' ? offer.stock : null,
			active: offer.active !== false,
			sentAt: now,
		})),
	);
}

/**
 * Replaces the rows of vtex_settings with `settings`: one row per name, the value as JSON.
 * A case without settings needs no table; one with settings fails when the table is missing.
 * @param {TableStore} store
 * @param {Record<string, unknown>} settings
 */
async function writeSettings(store, settings) {
	const names = Object.keys(settings);
	if (!(await store.findTableId(SETTINGS_TABLE))) {
		if (names.length === 0) return;
		throw new Error(
			`The case sets ${names.join(', ')}, but n8n has no Data Table ${SETTINGS_TABLE} ` +
				'(scripts/setup-tables.js creates it)',
		);
	}
	await store.clearTable(SETTINGS_TABLE);
	await store.insertRows(
		SETTINGS_TABLE,
		names.map((name) => ({ name, value: JSON.stringify(settings[name]) })),
	);
}

module.exports = { writePackageState, writeSettings, SETTINGS_TABLE, ATTRIBUTE_MAP_TABLE };
