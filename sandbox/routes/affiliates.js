'use strict';

const { HttpError, jsonBody, isPlainObject } = require('./common');

const AFFILIATE_PATH = /^\/api\/fulfillment\/pvt\/affiliates\/(?<affiliateId>[^/]+)$/;

/** Fields of an affiliate that a PUT may set; `id` comes from the path. */
const AFFILIATE_FIELDS = [
	'name',
	'salesChannel',
	'followUpEmail',
	'searchURIEndpoint',
	'searchURIEndpointVersion',
	'searchURIEndpointAvailableVersions',
	'useSellerPaymentMethod',
	'minimumValueAccumulated',
];

/** @type {import('./common').Route} */
const affiliateGet = {
	key: 'affiliateGet',
	method: 'GET',
	pattern: AFFILIATE_PATH,
	vtex: true,
	handle({ runtime, params }) {
		const affiliate = runtime.scenario.affiliates.get(params.affiliateId);
		if (!affiliate) throw new HttpError(404, `Affiliate ${params.affiliateId} not found.`);
		return { status: 200, body: affiliate };
	},
};

/**
 * Creates or replaces an affiliate, as VTEX's PUT does, and returns 204.
 * @type {import('./common').Route}
 */
const affiliatePut = {
	key: 'affiliatePut',
	method: 'PUT',
	pattern: AFFILIATE_PATH,
	vtex: true,
	handle(context) {
		const { runtime, params } = context;
		const body = jsonBody(context);
		if (!isPlainObject(body)) throw new HttpError(400, 'The affiliate must be a JSON object.');
		const missing = ['name', 'salesChannel', 'followUpEmail'].filter(
			(field) => body[field] === undefined,
		);
		if (missing.length > 0)
			throw new HttpError(400, `The affiliate lacks the fields ${missing.join(', ')}.`);
		if (typeof body.salesChannel !== 'string') {
			throw new HttpError(400, 'The field salesChannel must be a string, such as "2".');
		}
		if (!/^[^AEIOUaeiou]{3}$/.test(params.affiliateId)) {
			throw new HttpError(
				400,
				`The affiliate id must be 3 consonants, got "${params.affiliateId}".`,
			);
		}
		/** @type {Record<string, unknown>} */
		const affiliate = {
			id: params.affiliateId,
			searchURIEndpoint: null,
			searchURIEndpointVersion: '1.x.x',
			searchURIEndpointAvailableVersions: ['1.x.x'],
			useSellerPaymentMethod: false,
			minimumValueAccumulated: null,
		};
		for (const field of AFFILIATE_FIELDS) {
			if (body[field] !== undefined) affiliate[field] = body[field];
		}
		runtime.scenario.affiliates.set(params.affiliateId, affiliate);
		return { status: 204 };
	},
};

/** @type {import('./common').Route} */
const affiliateDelete = {
	key: 'affiliateDelete',
	method: 'DELETE',
	pattern: AFFILIATE_PATH,
	vtex: true,
	handle({ runtime, params }) {
		if (!runtime.scenario.affiliates.delete(params.affiliateId)) {
			throw new HttpError(404, `Affiliate ${params.affiliateId} not found.`);
		}
		return { status: 204 };
	},
};

module.exports = { routes: [affiliateGet, affiliatePut, affiliateDelete] };
