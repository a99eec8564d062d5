'use strict';

/**
 * A local HTTP server that records the JSON bodies POSTed to it, standing in for the VTEX
 * Trigger in sandbox tests. It responds to every request with the status that `respond` returns.
 */

const http = require('node:http');

/**
 * @param {{ respond?: (body: unknown) => number }} [options] status per body, 200 by default
 * @returns {Promise<{ url: string, received: Array<{ path: string, body: unknown }>,
 *   close: () => Promise<void> }>}
 */
async function startReceiver(options = {}) {
	const respond = options.respond ?? (() => 200);
	/** @type {Array<{ path: string, body: unknown }>} */
	const received = [];
	const server = http.createServer((request, response) => {
		/** @type {Buffer[]} */
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			let body;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				body = Buffer.concat(chunks).toString('utf8');
			}
			received.push({ path: request.url ?? '/', body });
			response.writeHead(respond(body), { 'content-type': 'application/json' });
			response.end('{}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}`,
		received,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

module.exports = { startReceiver };
