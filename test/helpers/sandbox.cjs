'use strict';

/**
 * Helpers for tests that talk to the VTEX sandbox. They live in JavaScript because the
 * TypeScript tests are linted by n8n's community rules, which forbid timers and `process`.
 */

const path = require('node:path');
const zlib = require('node:zlib');
const { startSandbox, DEFAULT_APP_KEY, DEFAULT_APP_TOKEN } = require('../../sandbox');

/** Headers of the scenario's default key pair. */
const AUTH_HEADERS = {
	'X-VTEX-API-AppKey': DEFAULT_APP_KEY,
	'X-VTEX-API-AppToken': DEFAULT_APP_TOKEN,
};

/**
 * Starts a sandbox on a free port of 127.0.0.1.
 * @param {unknown} [scenario]
 */
function startTestSandbox(scenario) {
	return startSandbox({ port: 0, host: '127.0.0.1', scenario });
}

/**
 * @typedef {object} CallResult
 * @property {number} status
 * @property {Record<string, string>} headers lower-case names
 * @property {string} text
 * @property {unknown} json parsed body, or undefined when the body is not JSON
 * @property {Buffer} bytes
 */

/**
 * Sends a request and reads the whole response.
 * @param {string} url
 * @param {{method?: string, headers?: Record<string, string>, body?: unknown, auth?: boolean,
 *   gzip?: boolean}} [options] `auth` (default true) adds the default key pair; `body` is sent
 *   as JSON unless it is a Buffer or a string; `gzip` compresses it with Content-Encoding gzip.
 * @returns {Promise<CallResult>}
 */
async function call(url, options = {}) {
	/** @type {Record<string, string>} */
	const headers = { ...(options.auth === false ? {} : AUTH_HEADERS), ...(options.headers ?? {}) };
	let body;
	if (options.body !== undefined) {
		if (Buffer.isBuffer(options.body) || typeof options.body === 'string') {
			body = options.body;
		} else {
			body = JSON.stringify(options.body);
			headers['Content-Type'] ??= 'application/json';
		}
		if (options.gzip) {
			body = zlib.gzipSync(body);
			headers['Content-Encoding'] = 'gzip';
		}
	}
	const response = await fetch(url, { method: options.method ?? 'GET', headers, body });
	const bytes = Buffer.from(await response.arrayBuffer());
	const text = bytes.toString('utf8');
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	/** @type {Record<string, string>} */
	const responseHeaders = {};
	response.headers.forEach((value, name) => {
		responseHeaders[name] = value;
	});
	return { status: response.status, headers: responseHeaders, text, json, bytes };
}

/**
 * Resolves after the given milliseconds.
 * @param {number} ms
 */
function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Returns the folder of the shared case files and OpenAPI copies next to the repository, or
 * null when the repository is checked out alone.
 * @param {string} name `cases` or `vtex-openapi`
 */
function sharedFolder(name) {
	const folder = path.resolve(__dirname, '..', '..', '..', 'shared', name);
	return require('node:fs').existsSync(folder) ? folder : null;
}

/**
 * Returns the folder of one case, such as `06-search-api-page-cap`, or null when the case
 * folders are not next to the repository.
 * @param {string} caseName
 */
function caseFolder(caseName) {
	const cases = sharedFolder('cases');
	return cases === null ? null : path.join(cases, caseName);
}

/** Whether the tests run under continuous integration (environment variable CI=true). */
function isContinuousIntegration() {
	return process.env.CI === 'true';
}

module.exports = {
	AUTH_HEADERS,
	startTestSandbox,
	call,
	sleep,
	sharedFolder,
	caseFolder,
	isContinuousIntegration,
};
