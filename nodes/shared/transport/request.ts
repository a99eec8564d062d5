import { NodeOperationError, sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
} from 'n8n-workflow';

import { createApiError } from '../errors';
import { resolveHostUrls } from './hosts';
import type { VtexHostUrls } from './hosts';
import { getPacer } from './rateLimit';
import type { RequestPacer } from './rateLimit';
import {
	MAX_ATTEMPTS,
	MAX_RETRY_AFTER_SECONDS,
	backoffMs,
	isRetryableStatus,
	parseRetryAfter,
	readHeader,
	readNumberHeader,
} from './retry';
import type { HeaderMap } from './retry';
import type { VtexRoute } from './routes';

export type VtexFunctions = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

/** Hosts and secrets of the credential, read once per execution. */
export interface VtexConnection {
	hosts: VtexHostUrls;
	/** App key and token, removed from every message and error this package shows. */
	secrets: string[];
	/** Number of n8n processes that share the account's rate limits. Each paces at 1/processCount. */
	processCount?: number;
}

export interface VtexRequest {
	route: VtexRoute;
	method?: IHttpRequestMethods;
	qs?: IDataObject;
	/** A JSON body, or raw bytes such as a gzip-compressed upload with its own Content-Type. */
	body?: IDataObject | Buffer;
	headers?: Record<string, string>;
	/** The items concerned, such as "SKU 1001", named in error messages. */
	subject?: string;
	itemIndex?: number;
	/** Non-2xx statuses returned to the caller instead of raised, such as 404 for a removed SKU. */
	passStatuses?: number[];
	/** Overrides the default pace of the route family. */
	requestsPerSecond?: number;
}

export interface VtexResponse<T> {
	status: number;
	body: T;
	headers: HeaderMap;
	/** Number of 429 responses absorbed before this response. */
	throttled: number;
}

interface FullResponse {
	body: unknown;
	headers: HeaderMap;
	statusCode: number;
}

const REQUEST_TIMEOUT_MS = 60_000;

/** Connection failures worth another attempt; refused connections and unknown hosts are setup errors. */
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ESOCKETTIMEDOUT',
]);

export async function getVtexConnection(this: VtexFunctions): Promise<VtexConnection> {
	const credentials = await this.getCredentials('vtexApi');
	const hosts = resolveHostUrls(credentials);
	if ('problem' in hosts) {
		throw new NodeOperationError(this.getNode(), hosts.problem, {
			description: 'Fix the VTEX API credential used by this node.',
		});
	}
	const secrets = [credentials.appKey, credentials.appToken].filter(
		(value): value is string => typeof value === 'string' && value !== '',
	);
	return { hosts, secrets, processCount: readProcessCount(credentials.processCount) };
}

/** Reads the credential's process count. A missing or invalid value means one process. */
function readProcessCount(value: unknown): number {
	const count = Math.floor(Number(value));
	return Number.isFinite(count) && count >= 1 ? count : 1;
}

function baseUrlFor(connection: VtexConnection, route: VtexRoute): string {
	return connection.hosts[route.host];
}

function readNetworkCode(error: unknown): string | undefined {
	const candidates = [error, (error as { cause?: unknown }).cause];
	for (const candidate of candidates) {
		if (candidate && typeof candidate === 'object') {
			const code = (candidate as { code?: unknown }).code;
			if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		}
	}
	return undefined;
}

function isCancelled(context: VtexFunctions): boolean {
	if (!('getExecutionCancelSignal' in context)) return false;
	return context.getExecutionCancelSignal()?.aborted === true;
}

function observeRateLimitHeaders(pacer: RequestPacer, headers: HeaderMap): void {
	pacer.onRateLimitHeaders({
		limit: readNumberHeader(headers, 'ratelimit-limit'),
		remaining: readNumberHeader(headers, 'ratelimit-remaining'),
		resetSeconds: readNumberHeader(headers, 'ratelimit-reset'),
	});
}

function buildOptions(connection: VtexConnection, request: VtexRequest): IHttpRequestOptions {
	const qs: IDataObject = { ...(request.qs ?? {}) };
	if (request.route.host === 'mapper') qs.an = connection.hosts.accountName;

	const options: IHttpRequestOptions = {
		method: request.method ?? 'GET',
		baseURL: baseUrlFor(connection, request.route),
		url: request.route.path,
		qs,
		headers: {
			Accept: 'application/json',
			'Content-Type': 'application/json',
			...(request.headers ?? {}),
		},
		json: true,
		timeout: REQUEST_TIMEOUT_MS,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	if (request.body !== undefined) options.body = request.body;
	return options;
}

async function waitBeforeRetry(
	context: VtexFunctions,
	request: VtexRequest,
	attempt: number,
	waitMs: number,
	reason: string,
): Promise<void> {
	context.logger.warn('Retrying VTEX request', {
		route: request.route.key,
		subject: request.subject,
		attempt,
		reason,
		waitMs: Math.round(waitMs),
	});
	await sleep(waitMs);
}

function throwFailure(
	node: INode,
	connection: VtexConnection,
	request: VtexRequest,
	details: {
		attempts: number;
		status?: number;
		body?: unknown;
		headers?: HeaderMap;
		networkCode?: string;
		networkMessage?: string;
		retryAfterMs?: number;
		expectedBody?: string;
	},
): never {
	throw createApiError(
		node,
		{
			route: request.route,
			baseUrl: baseUrlFor(connection, request.route),
			attempts: details.attempts,
			status: details.status,
			body: details.body,
			networkCode: details.networkCode,
			networkMessage: details.networkMessage,
			subject: request.subject,
			retryAfterMs: details.retryAfterMs,
			expectedBody: details.expectedBody,
			requestId:
				readHeader(details.headers, 'x-request-id') ??
				readHeader(details.headers, 'x-vtex-request-id'),
		},
		connection.secrets,
		request.itemIndex,
	);
}

/**
 * Sends one VTEX request through n8n's authenticated helper, paced per account and route
 * family. Retries 429, 423, 5xx and dropped connections up to MAX_ATTEMPTS times, waiting
 * at least the server's Retry-After, then raises a NodeApiError that names the subject.
 */
export async function vtexRequest<T = unknown>(
	this: VtexFunctions,
	connection: VtexConnection,
	request: VtexRequest,
): Promise<VtexResponse<T>> {
	const pacer = getPacer(
		connection.hosts.accountName,
		request.route.family,
		request.requestsPerSecond,
		connection.processCount,
	);
	const options = buildOptions(connection, request);
	let throttled = 0;

	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		if (isCancelled(this)) {
			throw new NodeOperationError(this.getNode(), 'The execution was cancelled', {
				itemIndex: request.itemIndex,
			});
		}
		await pacer.acquire();

		let response: FullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, 'vtexApi', {
				...options,
			})) as FullResponse;
		} catch (error) {
			const networkCode = readNetworkCode(error);
			const networkMessage = error instanceof Error ? error.message : String(error);
			// A connection dropped mid-way is retried; refused connections and unknown hosts point
			// at the credential and fail at once.
			if (networkCode && RETRYABLE_NETWORK_CODES.has(networkCode) && attempt < MAX_ATTEMPTS) {
				await waitBeforeRetry(this, request, attempt, backoffMs(attempt), networkCode);
				continue;
			}
			throwFailure(this.getNode(), connection, request, {
				attempts: attempt,
				networkCode,
				networkMessage,
			});
		}

		const status = response.statusCode;
		const headers = response.headers ?? {};
		observeRateLimitHeaders(pacer, headers);

		// Success, or a status the caller handles itself.
		const isSuccess = status >= 200 && status < 300;
		if (isSuccess || request.passStatuses?.includes(status)) {
			pacer.onSuccess();
			const shape = request.route.expectedBody;
			if (isSuccess && shape && !shape.matches(response.body)) {
				throwFailure(this.getNode(), connection, request, {
					attempts: attempt,
					status,
					body: response.body,
					headers,
					expectedBody: shape.description,
				});
			}
			return { status, body: response.body as T, headers, throttled };
		}

		// Throttled: VTEX did not process the request, so the same request is sent again after
		// the wait, and every other request of this account and family waits too.
		const retryAfterMs = parseRetryAfter(headers);
		if (status === 429) {
			throttled++;
			pacer.onThrottled(retryAfterMs ?? backoffMs(attempt));
		}

		if (isRetryableStatus(status) && attempt < MAX_ATTEMPTS) {
			// A wait longer than the cap ends the retries now instead of sleeping through it.
			if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_SECONDS * 1000) {
				throwFailure(this.getNode(), connection, request, {
					attempts: attempt,
					status,
					body: response.body,
					headers,
					retryAfterMs,
				});
			}
			await waitBeforeRetry(
				this,
				request,
				attempt,
				backoffMs(attempt, retryAfterMs),
				`HTTP ${status}`,
			);
			continue;
		}

		throwFailure(this.getNode(), connection, request, {
			attempts: attempt,
			status,
			body: response.body,
			headers,
		});
	}

	// The loop always returns or throws on its last attempt; this line satisfies the compiler.
	throw new NodeOperationError(this.getNode(), `No attempt left for ${request.route.key}`);
}
