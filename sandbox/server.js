'use strict';

const http = require('node:http');
const { findRoute } = require('./routes');
const { HttpError } = require('./routes/common');
const { checkAuthentication } = require('./auth');
const { selectFault } = require('./faults');
const { sendResponse } = require('./respond');
const { handleControl } = require('./control');

/**
 * @typedef {object} SandboxHolder
 * @property {import('./runtime').Runtime} current the runtime of the last load
 * @property {(scenario: unknown) => unknown} load
 * @property {Set<NodeJS.Timeout>} delayTimers timers of responses that wait
 */

/** Largest request body the sandbox reads; larger bodies get 413 before any route handles them. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * @param {import('node:http').IncomingMessage} request
 * @returns {Promise<Buffer>}
 */
function readBody(request) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		request.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new HttpError(413, `The request body exceeds ${MAX_BODY_BYTES} bytes.`));
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

/**
 * @param {URLSearchParams} searchParams
 * @returns {Record<string, string | string[]>} a repeated parameter becomes an array
 */
function toQueryObject(searchParams) {
	/** @type {Record<string, string | string[]>} */
	const query = {};
	for (const [name, value] of searchParams) {
		const existing = query[name];
		if (existing === undefined) query[name] = value;
		else query[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return query;
}

/**
 * Waits before a response. The timers belong to the holder, not to the runtime, so a load
 * leaves responses in flight alone. Closing the sandbox cancels them.
 * @param {number} ms
 * @param {SandboxHolder} holder
 */
function delay(ms, holder) {
	if (!(ms > 0)) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			holder.delayTimers.delete(timer);
			resolve(undefined);
		}, ms);
		timer.unref();
		holder.delayTimers.add(timer);
	});
}

/**
 * Produces the response of a VTEX or marketplace route, in the order the scenario format fixes:
 * the first matching fault, then authentication, then the rate limit, then the route itself.
 *
 * @param {import('./routes/common').RequestContext} context
 * @param {import('./routes/common').Route} route
 * @param {import('./faults').Fault | null} fault
 * @param {SandboxHolder} holder
 * @returns {Promise<import('./routes/common').RouteResponse>}
 */
async function produceResponse(context, route, fault, holder) {
	const { runtime } = context;
	if (fault) {
		await delay(fault.delayMs ?? 0, holder);
		if (fault.status !== undefined) {
			return { status: fault.status, headers: { ...(fault.headers ?? {}) }, body: fault.body };
		}
	}
	if (route.vtex) {
		const authFailure = checkAuthentication(runtime.scenario, route.key, context.headers);
		if (authFailure) return authFailure;
	}
	const throttled = runtime.rateLimiter.admit(route.key, runtime.elapsedMs());
	if (throttled) {
		return {
			status: 429,
			headers: { 'Retry-After': String(throttled.retryAfterSeconds) },
			body: null,
		};
	}
	try {
		return route.handle(context);
	} catch (error) {
		if (error instanceof HttpError) return { status: error.status, body: error.body };
		throw error;
	}
}

/**
 * Creates the HTTP server of the sandbox.
 *
 * @param {SandboxHolder} holder
 * @param {{error: (message: string, details?: object) => void}} logger
 */
function createServer(holder, logger) {
	return http.createServer((request, response) => {
		handleRequest(holder, request, response).catch((error) => {
			logger.error('sandbox request failed', {
				method: request.method,
				url: request.url,
				error: error instanceof Error ? error.message : String(error),
			});
			if (!response.headersSent) {
				sendResponse(
					response,
					500,
					{},
					`Sandbox error: ${error instanceof Error ? error.message : error}`,
				);
			}
		});
	});
}

/**
 * @param {SandboxHolder} holder
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 */
async function handleRequest(holder, request, response) {
	const runtime = holder.current;
	const receivedMs = runtime.elapsedMs();
	const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
	const method = request.method ?? 'GET';
	const path = url.pathname;

	let body;
	try {
		body = await readBody(request);
	} catch (error) {
		if (error instanceof HttpError) return sendResponse(response, error.status, {}, error.body);
		throw error;
	}

	if (path.startsWith('/__sandbox/')) {
		const result = await handleControl(holder, method, path, url.searchParams, body);
		return sendResponse(response, result.status, {}, result.body);
	}

	const found = findRoute(method, path);
	const query = toQueryObject(url.searchParams);
	const headers = request.headers;
	const baseUrl = `http://${headers.host ?? 'localhost'}`;

	if (!found.route) {
		const entry = runtime.journal.record({
			route: 'unknown',
			method,
			path,
			query,
			headers,
			skus: [],
			receivedMs: round(receivedMs),
			remoteAddress: request.socket.remoteAddress,
			body,
		});
		entry.status = found.allowed.length > 0 ? 405 : 404;
		entry.respondedMs = round(runtime.elapsedMs());
		if (found.allowed.length > 0) {
			const message = `Method ${method} is not allowed on ${path}.`;
			return sendResponse(response, 405, { Allow: found.allowed.join(', ') }, message);
		}
		return sendResponse(response, 404, {}, `No route for ${method} ${path}.`);
	}

	const { route, params } = found;
	/** @type {import('./routes/common').RequestContext} */
	const context = {
		route: route.key,
		method,
		path,
		query,
		headers,
		body,
		params,
		baseUrl,
		runtime,
	};
	const skus = route.skus ? route.skus(context) : [];
	const matchable = { path, query, headers, skus };
	const entry = runtime.journal.record({
		route: route.key,
		method,
		path,
		query,
		headers,
		skus,
		receivedMs: round(receivedMs),
		remoteAddress: request.socket.remoteAddress,
		body,
	});

	// Number the request for every rule now, in order of arrival, even if it waits later.
	const fault = selectFault(runtime.scenario.faults, runtime.counter, route.key, matchable);
	const dueChanges = runtime.scenario.changes.filter(
		(change) =>
			change.after.route !== undefined &&
			runtime.counter.next(change.after, route.key, matchable) === change.after.calls,
	);

	const result = await produceResponse(context, route, fault, holder);
	const headersOut = {
		...runtime.rateLimiter.headers(route.key, runtime.elapsedMs()),
		...(result.headers ?? {}),
	};
	await delay(runtime.scenario.latencyMs[route.key] ?? 0, holder);

	entry.status = result.status;
	entry.respondedMs = round(runtime.elapsedMs());
	await sendResponse(response, result.status, headersOut, result.body);

	// A change keyed to request n applies right after the response to request n is sent.
	for (const change of dueChanges) {
		if (holder.current === runtime) runtime.applyChange(change.sku, change.set);
	}
}

/** @param {number} ms */
function round(ms) {
	return Math.round(ms * 1000) / 1000;
}

module.exports = { createServer };
