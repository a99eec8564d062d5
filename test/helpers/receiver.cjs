'use strict';

/**
 * A small HTTP server on 127.0.0.1 that records every request it receives, for tests where the
 * sandbox sends requests of its own (VTEX Mapper pushing a mapping). It lives in JavaScript
 * because the TypeScript tests may not import node:http.
 */

const http = require('node:http');

/**
 * @typedef {object} ReceivedRequest
 * @property {string} method
 * @property {string} url path and query
 * @property {Record<string, string | string[] | undefined>} headers lower-case names
 * @property {string} body
 */

/**
 * Starts a receiver that answers every request with `status` and an empty JSON object.
 * @param {{ status?: number }} [options]
 * @returns {Promise<{ url: string, port: number, requests: ReceivedRequest[],
 *   close: () => Promise<void> }>}
 */
async function startReceiver(options = {}) {
	const status = options.status ?? 200;
	/** @type {ReceivedRequest[]} */
	const requests = [];
	const server = http.createServer((request, response) => {
		/** @type {Buffer[]} */
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			requests.push({
				method: request.method ?? '',
				url: request.url ?? '',
				headers: request.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			response.statusCode = status;
			response.setHeader('Content-Type', 'application/json');
			response.end('{}');
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
	const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/**
 * Returns a port on 127.0.0.1 where nothing listens: one that was free a moment ago.
 * @returns {Promise<number>}
 */
async function findClosedPort() {
	const server = http.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return port;
}

module.exports = { startReceiver, findClosedPort };
