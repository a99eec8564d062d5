'use strict';

/**
 * A local HTTP server on 127.0.0.1 with three broken responses, for tests of HTTP clients: a
 * body that stops half-way, a connection reset during the body, and an HTML error page sent in
 * chunks.
 */

const http = require('node:http');

/** @type {Record<string, (request: http.IncomingMessage, response: http.ServerResponse) => void>} */
const HANDLERS = {
	'/stall': (_request, response) => {
		response.writeHead(200);
		response.write('{"partial":');
	},
	'/reset': (request, response) => {
		response.writeHead(200);
		response.write('{"partial":', () => request.socket.destroy());
	},
	'/chunked': (_request, response) => {
		response.writeHead(502, { 'content-type': 'text/html' });
		response.write('<html>');
		response.end('bad gateway</html>');
	},
};

/**
 * Starts the server on a free port.
 * @returns {Promise<{ baseUrl: string, close: () => Promise<void> }>}
 */
async function startBrokenServer() {
	const server = http.createServer((request, response) => {
		const handler = HANDLERS[request.url ?? ''];
		if (handler) return handler(request, response);
		response.writeHead(404);
		response.end();
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		baseUrl: `http://127.0.0.1:${address.port}`,
		close: async () => {
			// The stalled response never ends, so its connection is closed here.
			server.closeAllConnections();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

module.exports = { startBrokenServer };
