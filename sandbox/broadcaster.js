'use strict';

/**
 * The sandbox's imitation of VTEX's catalog broadcaster: it changes the catalog and POSTs the
 * matching change notifications to a URL, in VTEX's PascalCase shape or in the camelCase shape
 * with string flags that VTEX's integration guide prints. Bursts can carry duplicates, both
 * casings and a shuffled (out-of-order) delivery, as real deliveries do.
 *
 * Notifications go to 127.0.0.1 or localhost only, and every run is bounded by
 * MAX_NOTIFICATIONS, MAX_SPREAD_MS and REQUEST_TIMEOUT_MS.
 */

const { createRandom } = require('./generate');
const { ScenarioError, createSku } = require('./scenario');

/** Largest number of notifications, duplicates included, that one broadcast sends. */
const MAX_NOTIFICATIONS = 5000;
/** Maximum time over which one broadcast spreads its notifications. */
const MAX_SPREAD_MS = 60000;
/** Time after which one notification request counts as failed. */
const REQUEST_TIMEOUT_MS = 10000;
/** Notifications in flight at once. */
const CONCURRENCY = 8;

const KINDS = ['new', 'data', 'price', 'stock', 'deactivate', 'removeFromAffiliate', 'activate'];
const CASINGS = ['pascal', 'guide', 'mixed'];

/**
 * @typedef {object} ScriptEntry
 * @property {string} kind one of KINDS
 * @property {number} sku SKU id
 * @property {Record<string, unknown>} [set] SKU fields to set instead of the kind's default edit
 * @property {string} [account] `An` of the notification; the catalog changes only for the
 *   scenario's own account
 * @property {string} [affiliateId] `IdAffiliate`, the scenario's affiliate by default
 * @property {'pascal' | 'guide'} [casing]
 * @property {number} [duplicates] extra copies of the same notification
 */

/**
 * @typedef {object} SentNotification
 * @property {number} order position in the delivery order, from 0
 * @property {string} skuId
 * @property {string} kind
 * @property {string} account
 * @property {'pascal' | 'guide'} casing
 * @property {boolean} duplicate whether this is an extra copy of an earlier notification
 * @property {number | null} status HTTP status, or null when the request failed
 * @property {string | null} error
 * @property {Record<string, unknown>} body
 */

/**
 * @param {boolean} condition
 * @param {string} message
 */
function check(condition, message) {
	if (!condition) throw new ScenarioError(`broadcast: ${message}`);
}

/**
 * Accepts only http URLs on this machine, because the broadcaster must never send traffic
 * elsewhere.
 * @param {unknown} value
 */
function checkTargetUrl(value) {
	check(typeof value === 'string', 'url must be a string');
	let url;
	try {
		url = new URL(/** @type {string} */ (value));
	} catch {
		throw new ScenarioError(`broadcast: url ${JSON.stringify(value)} is not a valid URL`);
	}
	check(url.protocol === 'http:', 'url must start with http://');
	check(
		['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname),
		`url must point at 127.0.0.1 or localhost, got ${url.hostname}`,
	);
	return url;
}

/** @param {string} value */
function redactQuery(value) {
	const url = new URL(value);
	for (const name of [...url.searchParams.keys()]) url.searchParams.set(name, '[redacted]');
	return url.toString();
}

/**
 * Applies the catalog change of one script entry and returns the SKU's product id.
 * @param {import('./runtime').Runtime} runtime
 * @param {ScriptEntry} entry
 */
function applyCatalogChange(runtime, entry) {
	const { scenario } = runtime;
	if (entry.account !== undefined && entry.account !== scenario.account) {
		// Another account's catalog is not in this sandbox; only the notification is sent.
		return entry.sku - 500;
	}
	if (entry.kind === 'new') {
		check(!scenario.skus.has(entry.sku), `SKU ${entry.sku} already exists`);
		const sku = createSku(entry.sku, entry.sku - 500, undefined, undefined);
		sku.salesChannels = [...new Set([1, scenario.salesChannel])];
		scenario.skus.set(entry.sku, sku);
		if (entry.set) runtime.applyChange(entry.sku, entry.set);
		return sku.productId;
	}
	const sku = scenario.skus.get(entry.sku);
	check(sku !== undefined, `SKU ${entry.sku} is not in the catalog`);
	const current = /** @type {Record<string, any>} */ (sku);
	const defaults = {
		data: { name: `${current.name} (edited)` },
		price: {
			price: current.price + 100,
			listPrice: Math.max(current.listPrice, current.price + 100),
		},
		stock: { stock: current.stock + 1 },
		deactivate: { isActive: false },
		activate: { isActive: true },
		removeFromAffiliate: {
			salesChannels: current.salesChannels.filter(
				(/** @type {number} */ channel) => channel !== scenario.salesChannel,
			),
		},
	};
	runtime.applyChange(
		entry.sku,
		entry.set ?? defaults[/** @type {keyof typeof defaults} */ (entry.kind)],
	);
	return current.productId;
}

/**
 * Builds the notification body of a change in one of the two casings.
 * @param {ScriptEntry} entry
 * @param {number} productId
 * @param {{account: string, affiliateId: string}} defaults
 * @param {'pascal' | 'guide'} casing
 * @param {string} dateModified
 */
function buildNotification(entry, productId, defaults, casing, dateModified) {
	const flags = {
		IsActive: entry.kind !== 'deactivate',
		StockModified: entry.kind === 'stock',
		PriceModified: entry.kind === 'price',
		HasStockKeepingUnitModified: entry.kind === 'data' || entry.kind === 'new',
		HasStockKeepingUnitRemovedFromAffiliate: entry.kind === 'removeFromAffiliate',
	};
	const account = entry.account ?? defaults.account;
	const affiliateId = entry.affiliateId ?? defaults.affiliateId;
	if (casing === 'pascal') {
		return {
			IdSku: String(entry.sku),
			ProductId: productId,
			An: account,
			IdAffiliate: affiliateId,
			Version: '00000000000000000000000000000000',
			DateModified: dateModified,
			...flags,
		};
	}
	return {
		idSKU: String(entry.sku),
		productId: String(productId),
		an: account,
		idAffiliate: affiliateId,
		dateModified,
		isActive: String(flags.IsActive),
		stockModified: String(flags.StockModified),
		priceModified: String(flags.PriceModified),
		hasStockKeepingUnitModified: String(flags.HasStockKeepingUnitModified),
		hasStockKeepingUnitRemovedFromAffiliate: String(flags.HasStockKeepingUnitRemovedFromAffiliate),
	};
}

/**
 * Turns a generated burst into script entries: `notifications` changes spread over the first
 * `skus` SKUs of the catalog, kinds and casings drawn from a seeded generator.
 * @param {import('./runtime').Runtime} runtime
 * @param {Record<string, any>} burst
 * @returns {{entries: ScriptEntry[], random: () => number}}
 */
function generateBurst(runtime, burst) {
	const skuCount = burst.skus ?? 10;
	const count = burst.notifications ?? skuCount;
	const seed = burst.seed ?? 1;
	check(Number.isInteger(skuCount) && skuCount >= 1, 'burst.skus must be a positive integer');
	check(Number.isInteger(count) && count >= 1, 'burst.notifications must be a positive integer');
	check(Number.isInteger(seed), 'burst.seed must be an integer');
	const casing = burst.casing ?? 'pascal';
	check(CASINGS.includes(casing), `burst.casing must be one of ${CASINGS.join(', ')}`);
	const kinds = burst.kinds ?? ['data', 'price', 'stock'];
	check(
		Array.isArray(kinds) &&
			kinds.length > 0 &&
			kinds.every((kind) => KINDS.includes(kind) && kind !== 'new'),
		'burst.kinds must list kinds other than "new"',
	);
	const ids = [...runtime.scenario.skus.keys()].slice(0, skuCount);
	check(ids.length > 0, 'the catalog has no SKU to change');

	const random = createRandom(seed);
	/** @type {ScriptEntry[]} */
	const entries = [];
	for (let index = 0; index < count; index++) {
		const kind = kinds[Math.floor(random() * kinds.length)];
		let entryCasing = casing;
		if (casing === 'mixed') entryCasing = random() < 0.5 ? 'pascal' : 'guide';
		entries.push({ kind, sku: ids[index % ids.length], casing: entryCasing });
	}
	return { entries, random };
}

/**
 * Validates a broadcast request and lists its notifications in delivery order.
 * @param {import('./runtime').Runtime} runtime
 * @param {Record<string, any>} request
 */
function planBroadcast(runtime, request) {
	check(
		typeof request === 'object' && request !== null && !Array.isArray(request),
		'the body must be an object',
	);
	const url = checkTargetUrl(request.url);
	check(
		(request.script === undefined) !== (request.burst === undefined),
		'give either script or burst',
	);
	const spreadMs = request.spreadMs ?? request.burst?.spreadMs ?? 0;
	check(
		Number.isFinite(spreadMs) && spreadMs >= 0 && spreadMs <= MAX_SPREAD_MS,
		`spreadMs must be from 0 to ${MAX_SPREAD_MS}`,
	);

	let entries;
	let random = createRandom(request.seed ?? request.burst?.seed ?? 1);
	if (request.script !== undefined) {
		check(
			Array.isArray(request.script) && request.script.length > 0,
			'script must be a non-empty array',
		);
		entries = request.script.map((/** @type {any} */ entry, /** @type {number} */ index) => {
			check(
				KINDS.includes(entry?.kind),
				`script[${index}].kind must be one of ${KINDS.join(', ')}`,
			);
			check(Number.isInteger(entry.sku), `script[${index}].sku must be an integer`);
			check(
				entry.casing === undefined || ['pascal', 'guide'].includes(entry.casing),
				`script[${index}].casing must be "pascal" or "guide"`,
			);
			return entry;
		});
	} else {
		({ entries, random } = generateBurst(runtime, request.burst));
	}

	// A dry run on a copy of the catalog, so that an invalid entry rejects the whole broadcast
	// before the real catalog changes.
	const dryRun = {
		scenario: { ...runtime.scenario, skus: structuredClone(runtime.scenario.skus) },
		applyChange: runtime.applyChange,
	};
	for (const entry of entries) {
		applyCatalogChange(/** @type {any} */ (dryRun), entry);
	}

	const duplicates = request.burst?.duplicates ?? 0;
	check(
		Number.isInteger(duplicates) && duplicates >= 0,
		'burst.duplicates must be a non-negative integer',
	);
	const total = entries.reduce((sum, entry) => sum + 1 + (entry.duplicates ?? 0), 0) + duplicates;
	check(
		total <= MAX_NOTIFICATIONS,
		`${total} notifications exceed the limit of ${MAX_NOTIFICATIONS}`,
	);

	return {
		url,
		entries,
		duplicates,
		shuffle: request.shuffle ?? request.burst?.shuffle ?? false,
		spreadMs,
		random,
	};
}

/**
 * Sends one notification and returns its HTTP status.
 * @param {URL} url
 * @param {Record<string, unknown>} body
 */
async function post(url, body) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
	});
	await response.arrayBuffer();
	return response.status;
}

/** @param {number} ms */
function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Applies the catalog changes of a broadcast, then POSTs the notifications and records what it
 * sent on `runtime.broadcasts`. The catalog changes before any notification leaves, as on VTEX,
 * where a notification follows the change it announces.
 *
 * @param {import('./runtime').Runtime} runtime
 * @param {Record<string, any>} request `{url, script}` or `{url, burst: {skus, notifications,
 *   duplicates, casing, shuffle, spreadMs, seed, kinds}}`
 * @returns {Promise<{sent: number, statuses: Record<string, number>, notifications: SentNotification[]}>}
 * @throws {ScenarioError} for an invalid request, before anything changes
 */
async function broadcast(runtime, request) {
	const plan = planBroadcast(runtime, request);
	const defaults = { account: runtime.scenario.account, affiliateId: runtime.scenario.affiliateId };
	const dateModified = new Date().toISOString();

	/** @type {Omit<SentNotification, 'order' | 'status' | 'error'>[]} */
	const queue = [];
	for (const entry of plan.entries) {
		const productId = applyCatalogChange(runtime, entry);
		const casing = entry.casing ?? 'pascal';
		const body = buildNotification(entry, productId, defaults, casing, dateModified);
		const base = {
			skuId: String(entry.sku),
			kind: entry.kind,
			account: entry.account ?? defaults.account,
			casing,
			body,
		};
		queue.push({ ...base, duplicate: false });
		for (let copy = 0; copy < (entry.duplicates ?? 0); copy++)
			queue.push({ ...base, duplicate: true });
	}
	const originals = queue.slice();
	for (let copy = 0; copy < plan.duplicates; copy++) {
		const source = originals[Math.floor(plan.random() * originals.length)];
		queue.push({ ...source, duplicate: true });
	}
	if (plan.shuffle) {
		for (let index = queue.length - 1; index > 0; index--) {
			const other = Math.floor(plan.random() * (index + 1));
			[queue[index], queue[other]] = [queue[other], queue[index]];
		}
	}

	/** @type {SentNotification[]} */
	const sent = queue.map((notification, order) => ({
		order,
		...notification,
		status: null,
		error: null,
	}));
	const started = Date.now();
	let next = 0;
	const worker = async () => {
		while (next < sent.length) {
			const notification = sent[next++];
			const dueMs = sent.length > 1 ? (plan.spreadMs * notification.order) / (sent.length - 1) : 0;
			const waitMs = started + dueMs - Date.now();
			if (waitMs > 0) await sleep(waitMs);
			try {
				notification.status = await post(plan.url, notification.body);
			} catch (error) {
				notification.error = error instanceof Error ? error.message : String(error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(CONCURRENCY, sent.length) }, worker));

	/** @type {Record<string, number>} */
	const statuses = {};
	for (const notification of sent) {
		const key = notification.status === null ? 'failed' : String(notification.status);
		statuses[key] = (statuses[key] ?? 0) + 1;
	}
	const report = {
		url: redactQuery(plan.url.toString()),
		sent: sent.length,
		statuses,
		notifications: sent,
	};
	const runtimeRecord = /** @type {{broadcasts?: object[]}} */ (runtime);
	runtimeRecord.broadcasts ??= [];
	runtimeRecord.broadcasts.push(report);
	return report;
}

module.exports = { broadcast, MAX_NOTIFICATIONS, MAX_SPREAD_MS };
