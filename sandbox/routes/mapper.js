'use strict';

const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { HttpError, jsonBody, isPlainObject, queryValue } = require('./common');
const { firstValue } = require('../match');

/**
 * Rejects a request whose `an` query parameter names another account. The sandbox serves one
 * account, so a request without `an` is accepted.
 * @param {import('./common').RequestContext} context
 */
function checkAccountName({ runtime, query }) {
	const accountName = queryValue(query, 'an');
	if (accountName !== undefined && accountName !== runtime.scenario.account) {
		throw new HttpError(
			400,
			`The account ${accountName} (query an) is not ${runtime.scenario.account}.`,
		);
	}
}

/**
 * Counts the categories of a tree at every depth, following `children` arrays.
 * @param {unknown[]} categories
 */
function countCategories(categories) {
	let count = 0;
	/** @type {unknown[][]} */
	const pending = [categories];
	while (pending.length > 0) {
		const level = /** @type {unknown[]} */ (pending.pop());
		for (const category of level) {
			count += 1;
			if (isPlainObject(category) && Array.isArray(category.children)) {
				pending.push(category.children);
			}
		}
	}
	return count;
}

/**
 * Registers a connector with VTEX Mapper and returns its id.
 * @type {import('./common').Route}
 */
const mapperRegister = {
	key: 'mapperRegister',
	method: 'POST',
	pattern: /^\/api\/mkp-category-mapper\/connector\/register$/,
	vtex: true,
	handle(context) {
		checkAccountName(context);
		const body = jsonBody(context);
		if (!isPlainObject(body)) throw new HttpError(400, 'The registration must be a JSON object.');
		const missing = ['displayName', 'categoryTreeEndPoint', 'mappingEndPoint'].filter(
			(field) => typeof body[field] !== 'string' || body[field] === '',
		);
		if (typeof body.properties?.allowsRemap !== 'boolean') missing.push('properties.allowsRemap');
		if (missing.length > 0) {
			throw new HttpError(400, `The registration lacks the fields ${missing.join(', ')}.`);
		}
		const { connectors } = context.runtime.mapper;
		// The same display name gets the same id back, so registering again is harmless.
		const existing = [...connectors.values()].find(
			(connector) => connector.displayName === body.displayName,
		);
		const id =
			existing?.id ??
			`mpr-${crypto.createHash('sha256').update(body.displayName).digest('hex').slice(0, 4)}`;
		connectors.set(id, { id, ...body });
		return { status: 200, body: { id } };
	},
};

/**
 * Accepts a marketplace category tree. The body must be gzip-compressed JSON of the form
 * `{"categories": [...]}`, and its size as received must not exceed `limits.mapperMaxBodyBytes`
 * (413 with a text body otherwise). Returns 204, as VTEX's integration guide documents.
 * @type {import('./common').Route}
 */
const mapperTree = {
	key: 'mapperTree',
	method: 'POST',
	pattern: /^\/api\/mkp-category-mapper\/categories\/marketplace\/(?<mapperId>[^/]+)$/,
	vtex: true,
	handle(context) {
		const { runtime, params, headers, body } = context;
		checkAccountName(context);
		const maxBytes = runtime.scenario.limits.mapperMaxBodyBytes;
		if (body.length > maxBytes) {
			throw new HttpError(
				413,
				`Request entity too large: ${body.length} bytes received, the limit is ${maxBytes} bytes.`,
			);
		}
		if (firstValue(headers['content-encoding'])?.toLowerCase() !== 'gzip') {
			throw new HttpError(
				400,
				'The category tree must be sent gzip-compressed, with Content-Encoding: gzip.',
			);
		}
		let tree;
		try {
			tree = JSON.parse(zlib.gunzipSync(body).toString('utf8'));
		} catch (error) {
			throw new HttpError(
				400,
				`The body is not gzip-compressed JSON: ${/** @type {Error} */ (error).message}`,
			);
		}
		if (!isPlainObject(tree) || !Array.isArray(tree.categories)) {
			throw new HttpError(400, 'The category tree must be an object with a categories array.');
		}
		runtime.mapper.trees.set(params.mapperId, {
			receivedBytes: body.length,
			categoryCount: countCategories(tree.categories),
			tree,
		});
		return { status: 204 };
	},
};

module.exports = { routes: [mapperRegister, mapperTree] };
