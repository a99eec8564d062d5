'use strict';

const { ROUTE_KEYS, VTEX_ROUTE_KEYS } = require('./routeKeys');
const { normalizeGenerateOptions, generateCatalogOverrides } = require('./generate');

const SCENARIO_FORMAT = 'vtex-sandbox-scenario/1';
const DEFAULT_APP_KEY = 'vtexappkey-acmestore-SANDBOX';
const DEFAULT_APP_TOKEN = 'sandbox-app-token';

const DEFAULT_LIMITS = {
	maxPageSize: 1000,
	pageSizeStatus: 400,
	searchMaxFrom: 2500,
	searchMaxWindow: 50,
	// VTEX's integration gateway rejects uploads above 1 MB (VTEX known issue about Mapper files).
	mapperMaxBodyBytes: 1024 * 1024,
};

const SCENARIO_FIELDS = [
	'format',
	'case',
	'account',
	'salesChannel',
	'affiliateId',
	'appKey',
	'appToken',
	'forbiddenRoutes',
	'catalog',
	'limits',
	'changes',
	'faults',
	'rateLimits',
	'latencyMs',
	'staleSimulation',
	'marketplace',
	'affiliates',
	'packageState',
	'settings',
	'steps',
	'description',
];

const SKU_FIELDS = [
	'id',
	'productId',
	'name',
	'isActive',
	'isProductActive',
	'salesChannels',
	'categoryId',
	'price',
	'listPrice',
	'costPrice',
	'fixedPrices',
	'stock',
	'inventory',
	'images',
	'extraFields',
];

/**
 * @typedef {object} Sku
 * @property {number} id
 * @property {number} productId
 * @property {string} name
 * @property {boolean} isActive
 * @property {boolean} isProductActive
 * @property {number[]} salesChannels
 * @property {number} categoryId
 * @property {number} price cents
 * @property {number} listPrice cents
 * @property {number | null} costPrice cents, served by the Pricing route only
 * @property {FixedPrice[]} fixedPrices prices per trade policy, in cents
 * @property {number} stock
 * @property {Record<string, number> | undefined} inventory units per warehouse id; undefined
 *   means all of `stock` in the first warehouse
 * @property {{fileId: number, bytes: number}[]} images
 * @property {Record<string, unknown>} extraFields
 */

/**
 * @typedef {object} FixedPrice
 * @property {number} tradePolicyId
 * @property {number} value cents
 * @property {number | null} listPrice cents
 * @property {number} minQuantity
 * @property {{from: string | null, to: string | null} | null} dateRange ISO 8601 bounds
 */

/**
 * @typedef {object} Offer
 * @property {string} offerId
 * @property {string} skuId
 * @property {string | null} title
 * @property {string | null} categoryId
 * @property {number | null} price
 * @property {number | null} listPrice
 * @property {number | null} stock
 * @property {boolean} active
 * @property {Record<string, unknown>} attributes
 * @property {{size: number, sha256: string}[]} images
 */

/** A scenario error, reported to the caller of load as 400. */
class ScenarioError extends Error {}

/**
 * @param {boolean} condition
 * @param {string} message
 */
function check(condition, message) {
	if (!condition) throw new ScenarioError(message);
}

/** @param {unknown} value */
function isPlainObject(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param {unknown} value
 * @param {string} where
 */
function checkRouteKey(value, where) {
	check(
		typeof value === 'string' && ROUTE_KEYS.includes(value),
		`${where}: unknown route key ${JSON.stringify(value)} (known: ${ROUTE_KEYS.join(', ')})`,
	);
}

/**
 * @param {unknown} match
 * @param {string} where
 */
function checkMatch(match, where) {
	if (match === undefined) return;
	check(isPlainObject(match), `${where}.match must be an object`);
	for (const key of Object.keys(/** @type {object} */ (match))) {
		check(
			['query', 'sku', 'header', 'path'].includes(key),
			`${where}.match.${key} is not a known field (known: query, sku, header, path)`,
		);
	}
}

/**
 * @param {unknown} value
 * @param {string} where
 */
function checkFixedPrices(value, where) {
	const shape =
		'[{"tradePolicyId": integer, "value": integer cents, "listPrice"?, "minQuantity"?, "dateRange"?: {"from", "to"}}]';
	check(Array.isArray(value), `${where}.fixedPrices must be ${shape}`);
	for (const [index, entry] of /** @type {unknown[]} */ (value).entries()) {
		const at = `${where}.fixedPrices[${index}]`;
		check(isPlainObject(entry), `${at} must be an object of ${shape}`);
		const fixed = /** @type {Record<string, unknown>} */ (entry);
		for (const key of Object.keys(fixed)) {
			check(
				['tradePolicyId', 'value', 'listPrice', 'minQuantity', 'dateRange'].includes(key),
				`${at}.${key} is not a fixed price field`,
			);
		}
		check(Number.isInteger(fixed.tradePolicyId), `${at}.tradePolicyId must be an integer`);
		check(Number.isInteger(fixed.value), `${at}.value must be an integer (cents)`);
		check(
			fixed.listPrice === undefined ||
				fixed.listPrice === null ||
				Number.isInteger(fixed.listPrice),
			`${at}.listPrice must be an integer (cents) or null`,
		);
		check(
			fixed.minQuantity === undefined ||
				(Number.isInteger(fixed.minQuantity) && Number(fixed.minQuantity) >= 1),
			`${at}.minQuantity must be an integer of at least 1`,
		);
		const range = fixed.dateRange;
		check(
			range === undefined ||
				range === null ||
				(isPlainObject(range) &&
					Object.values(/** @type {object} */ (range)).every(
						(bound) => bound === null || !Number.isNaN(Date.parse(String(bound))),
					)),
			`${at}.dateRange must be {"from", "to"} with ISO 8601 dates or null`,
		);
	}
}

/**
 * Applies one SKU entry (defaults, generated values or an override) to a SKU.
 * @param {Sku} sku
 * @param {Record<string, unknown>} fields
 * @param {string} where
 */
function applySkuFields(sku, fields, where) {
	for (const [key, value] of Object.entries(fields)) {
		check(
			SKU_FIELDS.includes(key),
			`${where}.${key} is not a SKU field (known: ${SKU_FIELDS.join(', ')})`,
		);
		if (key === 'id') continue;
		if (['productId', 'categoryId', 'price', 'listPrice', 'stock'].includes(key)) {
			check(
				Number.isInteger(value),
				`${where}.${key} must be an integer, got ${JSON.stringify(value)}`,
			);
		}
		if (key === 'salesChannels') {
			check(
				Array.isArray(value) && value.every(Number.isInteger),
				`${where}.salesChannels must be an array of integers`,
			);
		}
		if (key === 'isActive' || key === 'isProductActive') {
			check(typeof value === 'boolean', `${where}.${key} must be true or false`);
		}
		if (key === 'images') {
			check(
				Array.isArray(value) &&
					value.every(
						(image) =>
							Number.isInteger(image?.fileId) && Number.isInteger(image?.bytes) && image.bytes >= 5,
					),
				`${where}.images must be [{"fileId": integer, "bytes": integer >= 5}]`,
			);
		}
		if (key === 'costPrice') {
			check(
				value === null || Number.isInteger(value),
				`${where}.costPrice must be an integer or null`,
			);
		}
		if (key === 'fixedPrices') {
			checkFixedPrices(value, where);
		}
		if (key === 'inventory' || key === 'extraFields') {
			check(isPlainObject(value), `${where}.${key} must be an object`);
		}
		sku[key] = structuredClone(value);
	}
}

/**
 * Builds the SKUs of the catalog section, ordered by ascending id.
 * @param {Record<string, any>} catalog
 * @param {number} salesChannel
 * @returns {Map<number, Sku>}
 */
function buildSkus(catalog, salesChannel) {
	const skuCount = catalog.skuCount ?? 0;
	check(
		Number.isInteger(skuCount) && skuCount >= 0,
		'catalog.skuCount must be a non-negative integer',
	);
	check(
		catalog.defaults === undefined || isPlainObject(catalog.defaults),
		'catalog.defaults must be an object',
	);
	check(catalog.skus === undefined || Array.isArray(catalog.skus), 'catalog.skus must be an array');

	let generated = new Map();
	if (catalog.generate !== undefined) {
		try {
			const options = normalizeGenerateOptions(catalog.generate);
			generated = generateCatalogOverrides(options, skuCount, salesChannel);
		} catch (error) {
			throw new ScenarioError(/** @type {Error} */ (error).message);
		}
	}

	/** @type {Map<number, Sku>} */
	const skus = new Map();
	for (let k = 1; k <= skuCount; k++) {
		skus.set(1000 + k, createSku(1000 + k, 500 + k, catalog.defaults, generated.get(1000 + k)));
	}
	for (const [index, entry] of (catalog.skus ?? []).entries()) {
		const where = `catalog.skus[${index}]`;
		check(isPlainObject(entry) && Number.isInteger(entry.id), `${where}.id must be an integer`);
		// An entry outside 1001 .. 1000 + skuCount adds a SKU of its own.
		const sku =
			skus.get(entry.id) ?? createSku(entry.id, entry.id - 500, catalog.defaults, undefined);
		applySkuFields(sku, entry, where);
		skus.set(entry.id, sku);
	}
	return new Map([...skus.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * @param {number} id
 * @param {number} productId
 * @param {Record<string, unknown> | undefined} defaults
 * @param {Record<string, unknown> | undefined} generated
 * @returns {Sku}
 */
function createSku(id, productId, defaults, generated) {
	/** @type {Sku} */
	const sku = {
		id,
		productId,
		name: `Item ${id}`,
		isActive: true,
		isProductActive: true,
		salesChannels: [1, 2],
		categoryId: 20,
		price: 10000,
		listPrice: 10000,
		costPrice: null,
		fixedPrices: [],
		stock: 10,
		inventory: undefined,
		images: [],
		extraFields: {},
	};
	if (defaults) applySkuFields(sku, defaults, 'catalog.defaults');
	if (generated) applySkuFields(sku, generated, 'catalog.generate');
	return sku;
}

/**
 * @param {unknown} idPages
 * @returns {number[][] | null}
 */
function normalizeIdPages(idPages) {
	if (idPages === undefined) return null;
	check(Array.isArray(idPages), 'catalog.idPages must be an array of pages');
	return /** @type {unknown[]} */ (idPages).map((page, index) => {
		if (Array.isArray(page)) {
			check(page.every(Number.isInteger), `catalog.idPages[${index}] must contain integer ids`);
			return page;
		}
		const range = /** @type {any} */ (page)?.range;
		check(
			Array.isArray(range) &&
				range.length === 2 &&
				range.every(Number.isInteger) &&
				range[0] <= range[1],
			`catalog.idPages[${index}] must be an array of ids or {"range": [first, last]}`,
		);
		return Array.from({ length: range[1] - range[0] + 1 }, (_, offset) => range[0] + offset);
	});
}

/**
 * @param {Record<string, any>} marketplace
 * @returns {{offerIds: 'sku' | 'opaque', requiredFields: string[], offers: Map<string, Offer>}}
 */
function normalizeMarketplace(marketplace) {
	check(isPlainObject(marketplace), 'marketplace must be an object');
	const requiredFields = marketplace.requiredFields ?? [];
	check(
		Array.isArray(requiredFields) &&
			requiredFields.every((field) => typeof field === 'string' && field !== ''),
		'marketplace.requiredFields must be an array of field names, such as ["title", "brand"]',
	);
	const offerIds = marketplace.offerIds ?? 'sku';
	check(
		offerIds === 'sku' || offerIds === 'opaque',
		'marketplace.offerIds must be "sku" or "opaque"',
	);
	check(
		marketplace.offers === undefined || Array.isArray(marketplace.offers),
		'marketplace.offers must be an array',
	);
	/** @type {Map<string, Offer>} */
	const offers = new Map();
	for (const [index, entry] of (marketplace.offers ?? []).entries()) {
		check(
			isPlainObject(entry) && entry.skuId !== undefined,
			`marketplace.offers[${index}].skuId is missing`,
		);
		const skuId = String(entry.skuId);
		const offerId = entry.offerId === undefined ? `MKT-${skuId}` : String(entry.offerId);
		offers.set(offerId, {
			offerId,
			skuId,
			title: entry.title ?? null,
			categoryId: entry.categoryId ?? null,
			price: entry.price ?? null,
			listPrice: entry.listPrice ?? null,
			stock: entry.stock ?? null,
			active: entry.active ?? true,
			attributes: structuredClone(entry.attributes ?? {}),
			images: structuredClone(entry.images ?? []),
		});
	}
	return { offerIds, requiredFields: [...requiredFields], offers };
}

/**
 * @param {unknown[]} rules
 * @param {string} name
 */
function checkRules(rules, name) {
	check(Array.isArray(rules), `${name} must be an array`);
	for (const [index, rule] of rules.entries()) {
		check(isPlainObject(rule), `${name}[${index}] must be an object`);
	}
}

/**
 * @param {any[]} faults
 */
function checkFaults(faults) {
	checkRules(faults, 'faults');
	for (const [index, fault] of faults.entries()) {
		const where = `faults[${index}]`;
		checkRouteKey(fault.route, where);
		checkMatch(fault.match, where);
		if (fault.calls !== undefined) {
			const calls = fault.calls;
			check(
				Array.isArray(calls) &&
					calls.length === 2 &&
					Number.isInteger(calls[0]) &&
					(calls[1] === null || Number.isInteger(calls[1])),
				`${where}.calls must be [first, last] with last an integer or null`,
			);
		}
		check(
			fault.status === undefined || Number.isInteger(fault.status),
			`${where}.status must be an integer`,
		);
		check(
			fault.delayMs === undefined || (Number.isFinite(fault.delayMs) && fault.delayMs >= 0),
			`${where}.delayMs must be a non-negative number`,
		);
		check(
			fault.status !== undefined || fault.delayMs !== undefined,
			`${where} needs a status, a delayMs or both`,
		);
	}
}

/**
 * @param {any[]} rateLimits
 */
function checkRateLimits(rateLimits) {
	checkRules(rateLimits, 'rateLimits');
	for (const [index, rule] of rateLimits.entries()) {
		const where = `rateLimits[${index}]`;
		checkRouteKey(rule.route, where);
		if (rule.type === 'window') {
			check(
				Number.isInteger(rule.max) && rule.max >= 0,
				`${where}.max must be a non-negative integer`,
			);
			check(
				Number.isFinite(rule.windowMs) && rule.windowMs > 0,
				`${where}.windowMs must be positive`,
			);
		} else if (rule.type === 'bucket') {
			check(
				Number.isFinite(rule.ratePerSecond) && rule.ratePerSecond > 0,
				`${where}.ratePerSecond must be positive`,
			);
			check(
				Number.isInteger(rule.burst) && rule.burst >= 1,
				`${where}.burst must be an integer of at least 1`,
			);
		} else {
			throw new ScenarioError(`${where}.type must be "window" or "bucket"`);
		}
		check(
			rule.retryAfterSeconds === undefined ||
				(Number.isFinite(rule.retryAfterSeconds) && rule.retryAfterSeconds >= 0),
			`${where}.retryAfterSeconds must be a non-negative number`,
		);
	}
}

/**
 * @param {any[]} changes
 * @param {Map<number, Sku>} skus
 */
function checkChanges(changes, skus) {
	checkRules(changes, 'changes');
	for (const [index, change] of changes.entries()) {
		const where = `changes[${index}]`;
		check(
			skus.has(Number(change.sku)),
			`${where}.sku ${JSON.stringify(change.sku)} is not in the catalog`,
		);
		check(isPlainObject(change.set), `${where}.set must be an object`);
		check(
			isPlainObject(change.after),
			`${where}.after must be {"route", "match", "calls"} or {"seconds"}`,
		);
		if (change.after.seconds !== undefined) {
			check(
				Number.isFinite(change.after.seconds) && change.after.seconds >= 0,
				`${where}.after.seconds must be a non-negative number`,
			);
		} else {
			checkRouteKey(change.after.route, `${where}.after`);
			checkMatch(change.after.match, `${where}.after`);
			check(
				Number.isInteger(change.after.calls) && change.after.calls >= 1,
				`${where}.after.calls must be a positive integer`,
			);
		}
		applySkuFields(structuredClone(skus.get(Number(change.sku))), change.set, `${where}.set`);
	}
}

/**
 * @param {Record<string, any>} staleSimulation
 */
function normalizeStaleSimulation(staleSimulation) {
	check(isPlainObject(staleSimulation), 'staleSimulation must be an object');
	const staleForSeconds = staleSimulation.staleForSeconds;
	check(
		Number.isFinite(staleForSeconds) && staleForSeconds >= 0,
		'staleSimulation.staleForSeconds must be a non-negative number',
	);
	check(
		isPlainObject(staleSimulation.skus ?? {}),
		'staleSimulation.skus must be an object keyed by SKU id',
	);
	return {
		staleForSeconds,
		bypassHeader: String(
			staleSimulation.bypassHeader ?? 'X-VTEX-Cache-Client-Bypass',
		).toLowerCase(),
		skus: structuredClone(staleSimulation.skus ?? {}),
	};
}

/**
 * @param {unknown} affiliates
 */
function normalizeAffiliates(affiliates) {
	check(Array.isArray(affiliates), 'affiliates must be an array');
	const result = new Map();
	for (const [index, affiliate] of /** @type {any[]} */ (affiliates).entries()) {
		check(
			isPlainObject(affiliate) && typeof affiliate.id === 'string',
			`affiliates[${index}].id must be a string`,
		);
		result.set(affiliate.id, {
			followUpEmail: null,
			salesChannel: '1',
			searchURIEndpoint: null,
			searchURIEndpointVersion: '1.x.x',
			searchURIEndpointAvailableVersions: ['1.x.x'],
			useSellerPaymentMethod: false,
			minimumValueAccumulated: null,
			name: affiliate.id,
			...structuredClone(affiliate),
		});
	}
	return result;
}

/**
 * Validates a scenario and turns it into the sandbox state it describes.
 *
 * The fields `format`, `case`, `account`, `salesChannel`, `affiliateId` and `catalog` get
 * defaults when absent (`acmestore`, 2, `KTZ`, an empty catalog) so that a bare `{}` starts an
 * empty store. Unknown fields and route keys are rejected, because a misspelt fault would
 * otherwise pass silently.
 *
 * @param {unknown} input
 * @throws {ScenarioError} naming the invalid field
 */
function normalizeScenario(input) {
	check(isPlainObject(input), 'the scenario must be a JSON object');
	const scenario = /** @type {Record<string, any>} */ (input);
	for (const key of Object.keys(scenario)) {
		check(
			SCENARIO_FIELDS.includes(key),
			`${key} is not a scenario field (known: ${SCENARIO_FIELDS.join(', ')})`,
		);
	}
	check(
		scenario.format === undefined || scenario.format === SCENARIO_FORMAT,
		`format must be "${SCENARIO_FORMAT}", got ${JSON.stringify(scenario.format)}`,
	);
	const account = scenario.account ?? 'acmestore';
	check(
		typeof account === 'string' && /^[A-Za-z0-9-]+$/.test(account),
		'account must contain letters, digits and hyphens only',
	);
	const salesChannel = scenario.salesChannel ?? 2;
	check(Number.isInteger(salesChannel), 'salesChannel must be an integer');

	const catalog = scenario.catalog ?? {};
	check(isPlainObject(catalog), 'catalog must be an object');
	for (const key of Object.keys(catalog)) {
		check(
			[
				'skuCount',
				'defaults',
				'skus',
				'products',
				'warehouses',
				'idPages',
				'repeatLastPage',
				'generate',
			].includes(key),
			`catalog.${key} is not a catalog field`,
		);
	}
	const skus = buildSkus(catalog, salesChannel);

	check(
		catalog.products === undefined || Array.isArray(catalog.products),
		'catalog.products must be an array',
	);
	const products = new Map();
	for (const [index, product] of (catalog.products ?? []).entries()) {
		check(
			isPlainObject(product) && Number.isInteger(product.id),
			`catalog.products[${index}].id must be an integer`,
		);
		products.set(product.id, {
			id: product.id,
			name: product.name ?? `Product ${product.id}`,
			specifications: structuredClone(product.specifications ?? []),
		});
	}

	const warehouses = catalog.warehouses ?? [{ id: 'wh-main', name: 'Main warehouse' }];
	check(
		Array.isArray(warehouses) &&
			warehouses.length > 0 &&
			warehouses.every((w) => typeof w?.id === 'string'),
		'catalog.warehouses must be a non-empty array of {"id", "name"}',
	);

	const limits = { ...DEFAULT_LIMITS, ...(scenario.limits ?? {}) };
	for (const [key, value] of Object.entries(limits)) {
		check(
			key in DEFAULT_LIMITS,
			`limits.${key} is not a limit (known: ${Object.keys(DEFAULT_LIMITS).join(', ')})`,
		);
		check(Number.isInteger(value) && value >= 0, `limits.${key} must be a non-negative integer`);
	}

	const forbiddenRoutes = scenario.forbiddenRoutes ?? [];
	check(Array.isArray(forbiddenRoutes), 'forbiddenRoutes must be an array of route keys');
	for (const key of forbiddenRoutes) {
		check(
			VTEX_ROUTE_KEYS.includes(key),
			`forbiddenRoutes: ${JSON.stringify(key)} is not a VTEX route key`,
		);
	}

	const latencyMs = scenario.latencyMs ?? {};
	check(isPlainObject(latencyMs), 'latencyMs must be an object keyed by route');
	for (const [key, value] of Object.entries(latencyMs)) {
		checkRouteKey(key, 'latencyMs');
		check(Number.isFinite(value) && value >= 0, `latencyMs.${key} must be a non-negative number`);
	}

	const faults = scenario.faults ?? [];
	checkFaults(faults);
	const rateLimits = scenario.rateLimits ?? [];
	checkRateLimits(rateLimits);
	const changes = scenario.changes ?? [];
	checkChanges(changes, skus);

	return {
		caseName: scenario.case ?? null,
		account,
		salesChannel,
		affiliateId: scenario.affiliateId ?? 'KTZ',
		appKey: scenario.appKey ?? DEFAULT_APP_KEY,
		appToken: scenario.appToken ?? DEFAULT_APP_TOKEN,
		forbiddenRoutes: new Set(forbiddenRoutes),
		skus,
		products,
		warehouses: structuredClone(warehouses).map((w) => ({ name: w.id, ...w })),
		idPages: normalizeIdPages(catalog.idPages),
		repeatLastPage: catalog.repeatLastPage === true,
		limits,
		latencyMs: { ...latencyMs },
		faults: structuredClone(faults),
		rateLimits: structuredClone(rateLimits),
		changes: structuredClone(changes),
		staleSimulation:
			scenario.staleSimulation === undefined
				? null
				: normalizeStaleSimulation(scenario.staleSimulation),
		marketplace: normalizeMarketplace(scenario.marketplace ?? {}),
		affiliates: normalizeAffiliates(scenario.affiliates ?? []),
	};
}

/**
 * Builds the scenario that the command line and `startSandbox` use when none is given.
 * @param {number} skuCount
 */
function createDefaultScenario(skuCount = 10) {
	return {
		format: SCENARIO_FORMAT,
		case: 'default',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		catalog: { skuCount },
	};
}

module.exports = {
	SCENARIO_FORMAT,
	DEFAULT_APP_KEY,
	DEFAULT_APP_TOKEN,
	DEFAULT_LIMITS,
	ScenarioError,
	normalizeScenario,
	createDefaultScenario,
	applySkuFields,
	createSku,
};
