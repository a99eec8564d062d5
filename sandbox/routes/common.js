'use strict';

/**
 * @typedef {object} RouteResponse
 * @property {number} status
 * @property {Record<string, string>} [headers]
 * @property {unknown} [body] a string is sent as text/plain, a Buffer as it is, null or
 *   undefined as an empty body, anything else as JSON
 */

/**
 * @typedef {object} RequestContext
 * @property {string} route
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string | string[]>} query
 * @property {Record<string, string | string[] | undefined>} headers lower-case names
 * @property {Buffer} body
 * @property {Record<string, string>} params path parameters of the route pattern
 * @property {string} baseUrl the sandbox URL as the client addressed it
 * @property {import('../runtime').Runtime} runtime
 */

/**
 * @typedef {object} Route
 * @property {string} key route key of the journal
 * @property {string} method
 * @property {RegExp} pattern path pattern with named groups
 * @property {boolean} vtex whether the route checks the VTEX key pair
 * @property {(context: RequestContext) => string[]} [skus] SKUs the request concerns
 * @property {(context: RequestContext) => RouteResponse} handle
 */

/** An error a handler raises to send a response other than 200, such as 400 or 404. */
class HttpError extends Error {
	/**
	 * @param {number} status
	 * @param {unknown} body as in RouteResponse; a string becomes the message too
	 */
	constructor(status, body) {
		super(typeof body === 'string' ? body : `HTTP ${status}`);
		this.status = status;
		this.body = body;
	}
}

/**
 * Reads a query parameter by name, ignoring case as VTEX's catalog does.
 * @param {Record<string, string | string[]>} query
 * @param {string} name
 * @returns {string | undefined}
 */
function queryValue(query, name) {
	const lower = name.toLowerCase();
	for (const [key, value] of Object.entries(query)) {
		if (key.toLowerCase() === lower) return Array.isArray(value) ? value[0] : value;
	}
	return undefined;
}

/**
 * Parses an integer query parameter, or returns the fallback when it is absent.
 * @param {Record<string, string | string[]>} query
 * @param {string} name
 * @param {number} fallback
 * @throws {HttpError} 400 when the value is not an integer
 */
function integerQuery(query, name, fallback) {
	const value = queryValue(query, name);
	if (value === undefined || value === '') return fallback;
	if (!/^-?\d+$/.test(value)) {
		throw new HttpError(400, `The parameter ${name} must be an integer, got "${value}".`);
	}
	return Number(value);
}

/**
 * Parses the request body as JSON.
 * @param {RequestContext} context
 * @throws {HttpError} 400 when the body is empty or not JSON
 */
function jsonBody(context) {
	const text = context.body.toString('utf8');
	if (text.trim() === '')
		throw new HttpError(400, 'The request body is empty; a JSON body is required.');
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new HttpError(
			400,
			`The request body is not valid JSON: ${/** @type {Error} */ (error).message}`,
		);
	}
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isPlainObject(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

module.exports = { HttpError, queryValue, integerQuery, jsonBody, isPlainObject };
