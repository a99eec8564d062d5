'use strict';

const http = require('node:http');
const { isPlainObject } = require('./routes/common');

/** Time allowed for the mapping endpoint to respond before the push counts as failed. */
const PUSH_TIMEOUT_MS = 10000;

/** Characters of the endpoint's response body kept in the state. */
const MAX_RECORDED_BODY_CHARS = 2000;

/**
 * @typedef {object} MappingPush
 * @property {string} mapperId
 * @property {string} url the connector's mappingEndPoint
 * @property {unknown} mapping the body sent, as given
 * @property {string} pushedAt ISO time when the request was sent
 * @property {number | null} status the endpoint's HTTP status, null when no response came
 * @property {string | null} responseBody up to 2000 characters of the endpoint's response
 * @property {string | null} error why no response came (connection refused, timed out)
 */

/**
 * Checks that a mapping endpoint is a plain-HTTP URL on this machine, so that a push never
 * leaves it. Returns the address to connect to: `localhost` connects to 127.0.0.1.
 * @param {unknown} endpoint
 * @returns {{ url: URL, connectHost: string } | { error: string }}
 */
function checkLocalEndpoint(endpoint) {
	let url;
	try {
		url = new URL(String(endpoint));
	} catch {
		return { error: `The mappingEndPoint ${JSON.stringify(endpoint)} is not a valid URL.` };
	}
	if (url.protocol !== 'http:') {
		return {
			error: `The sandbox pushes mappings over http only; the mappingEndPoint is ${url.href}.`,
		};
	}
	if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
		return {
			error: `The sandbox pushes mappings to 127.0.0.1 or localhost only; the mappingEndPoint is ${url.href}.`,
		};
	}
	return { url, connectHost: '127.0.0.1' };
}

/**
 * Sends one JSON POST and reads the response.
 * @param {URL} url
 * @param {string} connectHost
 * @param {string} payload
 * @returns {Promise<{ status: number, body: string }>}
 */
function postJson(url, connectHost, payload) {
	return new Promise((resolve, reject) => {
		const request = http.request(
			{
				host: connectHost,
				port: url.port || 80,
				path: `${url.pathname}${url.search}`,
				method: 'POST',
				headers: {
					Host: url.host,
					'Content-Type': 'application/json; charset=utf-8',
					'Content-Length': Buffer.byteLength(payload),
				},
				timeout: PUSH_TIMEOUT_MS,
			},
			(response) => {
				/** @type {Buffer[]} */
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () =>
					resolve({
						status: response.statusCode ?? 0,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				response.on('error', reject);
			},
		);
		request.on('timeout', () =>
			request.destroy(new Error(`no response within ${PUSH_TIMEOUT_MS} ms`)),
		);
		request.on('error', reject);
		request.end(payload);
	});
}

/**
 * Picks the connector a push goes to: the one `mapperId` names, or the only one registered.
 * @param {import('./runtime').Runtime} runtime
 * @param {unknown} mapperId
 * @returns {{ connector: Record<string, unknown> } | { status: number, error: string }}
 */
function findConnector(runtime, mapperId) {
	const { connectors } = runtime.mapper;
	if (mapperId !== undefined) {
		const connector = connectors.get(String(mapperId));
		if (connector) return { connector };
		const known = [...connectors.keys()].join(', ') || 'none';
		return {
			status: 404,
			error: `No connector is registered with mapperId ${JSON.stringify(mapperId)} (registered: ${known}).`,
		};
	}
	if (connectors.size === 1) return { connector: [...connectors.values()][0] };
	if (connectors.size === 0) {
		return {
			status: 409,
			error: 'No connector is registered; register one with the Mapper register route first.',
		};
	}
	return {
		status: 400,
		error: `Several connectors are registered (${[...connectors.keys()].join(', ')}); name one with mapperId.`,
	};
}

/**
 * Plays VTEX Mapper sending a mapping: POSTs `mapping` as JSON to the mappingEndPoint of a
 * registered connector and records the push in the runtime's Mapper state.
 *
 * Returns 400 for an invalid body or an endpoint that is not on this machine, 404 for an unknown
 * mapperId, 409 when no connector is registered, 502 when the endpoint sent no response, and
 * otherwise 200 with the endpoint's status.
 *
 * @param {import('./runtime').Runtime} runtime
 * @param {unknown} payload the control route's body: {mapperId?, mapping}
 * @returns {Promise<{ status: number, body: unknown }>}
 */
async function pushMapping(runtime, payload) {
	if (!isPlainObject(payload) || payload.mapping === undefined) {
		return {
			status: 400,
			body: { error: 'The body must be {"mapperId"?: string, "mapping": <JSON to push>}.' },
		};
	}
	const found = findConnector(runtime, payload.mapperId);
	if ('error' in found) return { status: found.status, body: { error: found.error } };
	const mapperId = String(found.connector.id);
	const endpoint = checkLocalEndpoint(found.connector.mappingEndPoint);
	if ('error' in endpoint) return { status: 400, body: { error: endpoint.error } };

	/** @type {MappingPush} */
	const push = {
		mapperId,
		url: endpoint.url.href,
		mapping: structuredClone(payload.mapping),
		pushedAt: new Date().toISOString(),
		status: null,
		responseBody: null,
		error: null,
	};
	runtime.mapper.pushes.push(push);
	try {
		const response = await postJson(
			endpoint.url,
			endpoint.connectHost,
			JSON.stringify(payload.mapping),
		);
		push.status = response.status;
		push.responseBody = response.body.slice(0, MAX_RECORDED_BODY_CHARS);
	} catch (error) {
		push.error = error instanceof Error ? error.message : String(error);
		return {
			status: 502,
			body: { error: `The push to ${push.url} failed: ${push.error}`, mapperId, url: push.url },
		};
	}
	return { status: 200, body: { mapperId, url: push.url, status: push.status } };
}

module.exports = { pushMapping, checkLocalEndpoint };
