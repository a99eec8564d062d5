'use strict';

/**
 * Serializes a route response body and picks its content type.
 * @param {unknown} body
 * @returns {{payload: Buffer, contentType: string | null}}
 */
function encodeBody(body) {
	if (body === undefined || body === null) return { payload: Buffer.alloc(0), contentType: null };
	if (Buffer.isBuffer(body)) return { payload: body, contentType: 'application/octet-stream' };
	if (typeof body === 'string') {
		return { payload: Buffer.from(body, 'utf8'), contentType: 'text/plain; charset=utf-8' };
	}
	return {
		payload: Buffer.from(JSON.stringify(body), 'utf8'),
		contentType: 'application/json; charset=utf-8',
	};
}

/**
 * Sends a response; headers given by the caller win over the content type chosen here.
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {Record<string, string>} headers
 * @param {unknown} body
 * @returns {Promise<void>} resolved once the response is handed to the socket
 */
function sendResponse(response, status, headers, body) {
	const { payload, contentType } = encodeBody(body);
	const names = Object.keys(headers).map((name) => name.toLowerCase());
	if (contentType && !names.includes('content-type'))
		response.setHeader('Content-Type', contentType);
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	response.setHeader('Content-Length', String(payload.length));
	response.statusCode = status;
	return new Promise((resolve) => {
		// A client that disconnects first never gets 'finish', so 'close' resolves too.
		response.once('close', () => resolve());
		response.end(payload, () => resolve());
	});
}

module.exports = { encodeBody, sendResponse };
