'use strict';

const crypto = require('node:crypto');
const { HttpError, jsonBody, isPlainObject } = require('./common');

/**
 * The marketplace double: offers keyed by offer id, with a change history per offer and field.
 *
 * By default the offer id of SKU n is `MKT-n` and PUT /mkt/offers/{skuId} creates or updates.
 * With `"offerIds": "opaque"` the double assigns ids such as `OF-7f3a` on POST /mkt/offers and
 * accepts updates only at such an id, so a client must keep its own id map.
 */

/** @typedef {import('../scenario').Offer} Offer */

const OFFER_FIELDS = ['title', 'categoryId', 'price', 'listPrice', 'stock', 'active', 'attributes'];

/**
 * Body fields the double never stores as offer fields: ids come from the path or the double,
 * images arrive through mkt.image, and history is the double's own record.
 */
const RESERVED_FIELDS = ['offerId', 'skuId', 'images', 'history'];

/**
 * Reads a field of a request body by name; a dotted name such as `attributes.brand` reads a
 * nested object.
 * @param {Record<string, unknown>} body
 * @param {string} field
 */
function readField(body, field) {
	/** @type {unknown} */
	let value = body;
	for (const part of field.split('.')) {
		if (!isPlainObject(value)) return undefined;
		value = value[part];
	}
	return value;
}

/** @param {unknown} value */
function isBlank(value) {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/**
 * Rejects a body that lacks a field of the scenario's `marketplace.requiredFields`, before
 * anything is stored. A body that creates an offer must carry every required field with a value
 * that is not null, empty or only spaces. An update may leave a required field out, as a
 * partial update does, but may not send it null or empty.
 * @param {import('../runtime').Runtime} runtime
 * @param {unknown} body
 * @param {boolean} creates
 * @throws {HttpError} 400 with `fields`, the missing field names in the order configured
 */
function checkRequiredFields(runtime, body, creates) {
	const required = runtime.marketplace.requiredFields;
	if (required.length === 0 || !isPlainObject(body)) return;
	const missing = required.filter((field) => {
		const value = readField(body, field);
		return creates ? isBlank(value) : value !== undefined && isBlank(value);
	});
	if (missing.length === 0) return;
	throw new HttpError(400, {
		error: 'missing_required_fields',
		message: `The offer lacks required fields: ${missing.join(', ')}.`,
		fields: missing,
	});
}

/**
 * Validates the offer fields of a request body and returns the ones it sends. Fields other than
 * the standard offer fields and the reserved ones are returned as they are, so a marketplace
 * field produced by a field mapping (such as `brand` or `ean`) is stored on the offer.
 * @param {unknown} body
 * @returns {Partial<Offer> & Record<string, unknown>}
 */
function offerFields(body) {
	if (!isPlainObject(body))
		throw new HttpError(400, { error: 'invalid', message: 'The offer must be a JSON object.' });
	/** @type {string[]} */
	const problems = [];
	const checks = {
		title: (value) => typeof value === 'string' || value === null,
		categoryId: (value) => typeof value === 'string' || value === null,
		price: (value) => typeof value === 'number' || value === null,
		listPrice: (value) => typeof value === 'number' || value === null,
		stock: (value) => Number.isInteger(value) && value >= 0,
		active: (value) => typeof value === 'boolean',
		attributes: (value) => isPlainObject(value),
	};
	/** @type {Record<string, unknown>} */
	const fields = {};
	for (const field of OFFER_FIELDS) {
		if (body[field] === undefined) continue;
		if (!checks[field](body[field])) {
			problems.push(
				field === 'stock'
					? `stock must be a non-negative integer, got ${JSON.stringify(body.stock)}`
					: `${field} has an invalid value ${JSON.stringify(body[field])}`,
			);
		}
		fields[field] = body[field];
	}
	for (const [field, value] of Object.entries(body)) {
		if (OFFER_FIELDS.includes(field) || RESERVED_FIELDS.includes(field)) continue;
		fields[field] = value;
	}
	if (problems.length > 0)
		throw new HttpError(400, { error: 'invalid', message: problems.join('; ') });
	return fields;
}

/** @param {unknown} value */
function canonicalJson(value) {
	if (!isPlainObject(value)) return JSON.stringify(value);
	const keys = Object.keys(value).sort();
	return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
}

/**
 * Stores the fields on the offer and appends every value that differs from the stored one to
 * the offer's history. On a new offer every field sent counts as a change.
 * @param {import('../runtime').Runtime} runtime
 * @param {Offer} offer
 * @param {Partial<Offer>} fields
 * @param {boolean} isNew
 */
function storeFields(runtime, offer, fields, isNew) {
	const history = runtime.offerHistory(offer.offerId);
	for (const [field, value] of Object.entries(fields)) {
		if (!isNew && canonicalJson(offer[field]) === canonicalJson(value)) continue;
		(history[field] ??= []).push(structuredClone(value));
		offer[field] = structuredClone(value);
	}
}

/**
 * Adds an offer to the double; it starts active.
 * @param {import('../runtime').Runtime} runtime
 * @param {string} offerId
 * @param {string} skuId
 * @param {Partial<Offer>} fields
 * @returns {Offer}
 */
function createOffer(runtime, offerId, skuId, fields) {
	/** @type {Offer} */
	const offer = {
		offerId,
		skuId,
		title: null,
		categoryId: null,
		price: null,
		listPrice: null,
		stock: null,
		active: true,
		attributes: {},
		images: [],
	};
	storeFields(runtime, offer, fields, true);
	runtime.marketplace.offers.set(offerId, offer);
	return offer;
}

/**
 * Finds the offer a path id names: an offer id, or in the default mode a SKU id.
 * @param {import('../runtime').Runtime} runtime
 * @param {string} id
 * @returns {Offer | undefined}
 */
function findOffer(runtime, id) {
	const { offers, offerIds } = runtime.marketplace;
	const byOfferId = offers.get(id);
	if (byOfferId || offerIds === 'opaque') return byOfferId;
	return [...offers.values()].find((offer) => offer.skuId === id);
}

/**
 * Returns the SKU of a request that names an offer in its path.
 * @param {import('./common').RequestContext} context
 */
function pathSkus({ runtime, params }) {
	const offer = findOffer(runtime, params.offerId);
	return [offer ? offer.skuId : params.offerId];
}

/**
 * Creates an id of the form OF-xxxx that no offer uses yet.
 * @param {import('../runtime').Runtime} runtime
 * @param {string} skuId
 */
function createOpaqueId(runtime, skuId) {
	for (let attempt = 0; attempt < 1000; attempt++) {
		const digest = crypto.createHash('sha256').update(`${skuId}:${attempt}`).digest('hex');
		const id = `OF-${digest.slice(0, attempt < 100 ? 4 : 8)}`;
		if (!runtime.marketplace.offers.has(id)) return id;
	}
	throw new Error(`no free offer id for SKU ${skuId} after 1000 attempts`);
}

/** @type {import('./common').Route} */
const create = {
	key: 'mkt.create',
	method: 'POST',
	pattern: /^\/mkt\/offers$/,
	vtex: false,
	skus(context) {
		try {
			const skuId = JSON.parse(context.body.toString('utf8'))?.skuId;
			return skuId === undefined ? [] : [String(skuId)];
		} catch {
			return [];
		}
	},
	handle(context) {
		const { runtime } = context;
		if (runtime.marketplace.offerIds !== 'opaque') {
			throw new HttpError(405, {
				error: 'method_not_allowed',
				message: 'This marketplace creates offers with PUT /mkt/offers/{skuId}.',
			});
		}
		const body = jsonBody(context);
		if (!isPlainObject(body) || body.skuId === undefined) {
			throw new HttpError(400, { error: 'invalid', message: 'The field skuId is required.' });
		}
		const skuId = String(body.skuId);
		checkRequiredFields(runtime, body, true);
		const fields = offerFields(body);
		const existing = [...runtime.marketplace.offers.values()].find(
			(offer) => offer.skuId === skuId,
		);
		if (existing) {
			throw new HttpError(409, {
				error: 'conflict',
				message: `Offer cannot be saved because sku ${skuId} already exists`,
			});
		}
		const offer = createOffer(runtime, createOpaqueId(runtime, skuId), skuId, fields);
		return { status: 201, body: { offerId: offer.offerId } };
	},
};

/** @type {import('./common').Route} */
const upsert = {
	key: 'mkt.upsert',
	method: 'PUT',
	pattern: /^\/mkt\/offers\/(?<offerId>[^/]+)$/,
	vtex: false,
	skus: pathSkus,
	handle(context) {
		const { runtime, params } = context;
		const body = jsonBody(context);
		const offer = findOffer(runtime, params.offerId);
		const creates =
			!offer && runtime.marketplace.offerIds !== 'opaque' && /^\d+$/.test(params.offerId);
		if (creates || offer) checkRequiredFields(runtime, body, creates);
		const fields = offerFields(body);
		if (offer) {
			storeFields(runtime, offer, fields, false);
			return { status: 200, body: { offerId: offer.offerId } };
		}
		if (runtime.marketplace.offerIds === 'opaque') {
			throw new HttpError(404, {
				error: 'not_found',
				message: `Offer ${params.offerId} not found; create offers with POST /mkt/offers.`,
			});
		}
		if (!/^\d+$/.test(params.offerId)) {
			throw new HttpError(404, {
				error: 'not_found',
				message: `Offer ${params.offerId} not found.`,
			});
		}
		const created = createOffer(runtime, `MKT-${params.offerId}`, params.offerId, fields);
		return { status: 201, body: { offerId: created.offerId } };
	},
};

/** @type {import('./common').Route} */
const deactivate = {
	key: 'mkt.deactivate',
	method: 'POST',
	pattern: /^\/mkt\/offers\/(?<offerId>[^/]+)\/deactivate$/,
	vtex: false,
	skus: pathSkus,
	handle(context) {
		const { runtime, params } = context;
		const offer = findOffer(runtime, params.offerId);
		if (!offer)
			throw new HttpError(404, {
				error: 'not_found',
				message: `Offer ${params.offerId} not found.`,
			});
		// An optional JSON body carries fields stored with the deactivation, such as stock 0.
		const body = context.body.length === 0 ? {} : jsonBody(context);
		checkRequiredFields(runtime, body, false);
		const fields = offerFields(body);
		storeFields(runtime, offer, { ...fields, active: false }, false);
		return { status: 200, body: { offerId: offer.offerId, active: false } };
	},
};

/** @type {import('./common').Route} */
const image = {
	key: 'mkt.image',
	method: 'POST',
	pattern: /^\/mkt\/offers\/(?<offerId>[^/]+)\/images$/,
	vtex: false,
	skus: pathSkus,
	handle({ runtime, params, body }) {
		const offer = findOffer(runtime, params.offerId);
		if (!offer)
			throw new HttpError(404, {
				error: 'not_found',
				message: `Offer ${params.offerId} not found.`,
			});
		if (body.length === 0)
			throw new HttpError(400, { error: 'invalid', message: 'The image body is empty.' });
		const stored = {
			size: body.length,
			sha256: crypto.createHash('sha256').update(body).digest('hex'),
		};
		offer.images.push(stored);
		return { status: 201, body: stored };
	},
};

/** @type {import('./common').Route} */
const list = {
	key: 'mkt.list',
	method: 'GET',
	pattern: /^\/mkt\/offers$/,
	vtex: false,
	handle({ runtime }) {
		return { status: 200, body: { offers: [...runtime.marketplace.offers.values()] } };
	},
};

module.exports = { routes: [create, upsert, deactivate, image, list] };
