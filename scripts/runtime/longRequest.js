'use strict';

/**
 * An HTTP request through node:http, for calls that may wait longer for their response than
 * fetch allows. Node's fetch fails with "fetch failed" when the response headers take more than
 * 300 s (undici's default headersTimeout), and an n8n webhook that responds when its workflow
 * ends, such as a load of 100,000 SKUs, can take longer.
 */

const http = require('node:http');

/** Wait for response headers above which `fetch` gives up, in milliseconds. */
const FETCH_HEADERS_TIMEOUT_MS = 300000;

/**
 * Sends one request and reads the whole response as text. Rejects with an error that names the
 * method and URL, and the timeout when it expired, with node:http's error as its cause.
 * @param {string} url
 * @param {{ method: string, headers: Record<string, string>, body?: string, timeoutMs: number }} options
 * @returns {Promise<{ status: number, text: string, headers: Headers }>}
 */
function longRequest(url, { method, headers, body, timeoutMs }) {
	const signal = AbortSignal.timeout(timeoutMs);
	return new Promise((resolve, reject) => {
		// node:http's own messages ("aborted", "The operation was aborted") name neither the
		// request nor the timeout, so a failed case or benchmark run would not show which call hung.
		const fail = (/** @type {Error} */ error) => {
			const message = signal.aborted
				? `${method} ${url} got no complete response within ${timeoutMs / 1000} s`
				: `${method} ${url} failed: ${error.message}`;
			reject(new Error(message, { cause: error }));
		};
		const request = http.request(url, { method, headers, signal }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('error', fail);
			response.on('end', () => {
				resolve({
					status: response.statusCode ?? 0,
					text: Buffer.concat(chunks).toString('utf8'),
					headers: toHeaders(response.headers),
				});
			});
		});
		request.on('error', fail);
		request.end(body);
	});
}

/**
 * Converts node:http response headers to a Headers object, as fetch returns them.
 * @param {import('node:http').IncomingHttpHeaders} incoming
 */
function toHeaders(incoming) {
	const headers = new Headers();
	for (const [name, value] of Object.entries(incoming)) {
		if (value === undefined) continue;
		for (const single of Array.isArray(value) ? value : [value]) headers.append(name, single);
	}
	return headers;
}

module.exports = { longRequest, FETCH_HEADERS_TIMEOUT_MS };
