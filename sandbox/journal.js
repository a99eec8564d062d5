'use strict';

const crypto = require('node:crypto');

/** Headers whose values the journal replaces, so that no secret leaves the sandbox. */
const SECRET_HEADERS = ['x-vtex-api-apptoken', 'vtexidclientautcookie', 'authorization', 'cookie'];
const REDACTED = '[redacted]';

/**
 * @typedef {object} JournalEntry
 * @property {number} seq order of arrival since the last load, from 1
 * @property {string} route route key, or `unknown` for a path no route serves
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string | string[]>} query
 * @property {Record<string, string | string[]>} headers lower-case names, secrets redacted
 * @property {string[]} skus SKUs the request concerns
 * @property {number | null} status null until the response is sent
 * @property {number} receivedMs milliseconds from the last load to the arrival
 * @property {number | null} respondedMs milliseconds from the last load to the response
 * @property {string | null} remoteAddress
 * @property {number} bodySize bytes of the request body as received
 * @property {string} bodySha256 hex digest of the request body as received
 * @property {string[] | null} bodyFields top-level field names of a JSON object body on a
 *   marketplace route (`mkt.*`), so a test can tell which offer fields an update sent; null on
 *   VTEX routes, whose bodies may carry data a journal should not keep
 */

/**
 * @param {Record<string, string | string[] | undefined>} headers
 * @returns {Record<string, string | string[]>}
 */
function redactHeaders(headers) {
	/** @type {Record<string, string | string[]>} */
	const copy = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		copy[name] = SECRET_HEADERS.includes(name) ? REDACTED : value;
	}
	return copy;
}

/** The request journal: one entry per request since the last load, in order of arrival. */
class Journal {
	constructor() {
		/** @type {JournalEntry[]} */
		this.entries = [];
	}

	clear() {
		this.entries = [];
	}

	/**
	 * Appends the entry of a request that just arrived and returns it, to be completed later.
	 * @param {{route: string, method: string, path: string, query: Record<string, string | string[]>,
	 *   headers: Record<string, string | string[] | undefined>, skus: string[], receivedMs: number,
	 *   remoteAddress: string | undefined, body: Buffer}} request
	 * @returns {JournalEntry}
	 */
	record(request) {
		const entry = {
			seq: this.entries.length + 1,
			route: request.route,
			method: request.method,
			path: request.path,
			query: request.query,
			headers: redactHeaders(request.headers),
			skus: request.skus,
			status: null,
			receivedMs: request.receivedMs,
			respondedMs: null,
			remoteAddress: request.remoteAddress ?? null,
			bodySize: request.body.length,
			bodySha256: crypto.createHash('sha256').update(request.body).digest('hex'),
			bodyFields: request.route.startsWith('mkt.') ? jsonFieldNames(request.body) : null,
		};
		this.entries.push(entry);
		return entry;
	}

	/** @returns {JournalEntry[]} a copy, safe to hand out */
	list() {
		return structuredClone(this.entries);
	}
}

/**
 * Returns the top-level field names of a JSON object body, or null for any other body.
 * @param {Buffer} body
 * @returns {string[] | null}
 */
function jsonFieldNames(body) {
	if (body.length === 0) return null;
	try {
		const parsed = JSON.parse(body.toString('utf8'));
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
			? Object.keys(parsed)
			: null;
	} catch {
		return null;
	}
}

module.exports = { Journal, redactHeaders, SECRET_HEADERS };
