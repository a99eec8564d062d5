import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { redactError, redactText, redactValue } from './redact';
import { MAX_RETRY_AFTER_SECONDS } from './transport/retry';
import type { VtexRoute } from './transport/routes';

/** Details of a VTEX call that failed on its last attempt. */
export interface FailedCall {
	route: VtexRoute;
	/** Base URL the call went to, for messages about unreachable hosts. */
	baseUrl: string;
	attempts: number;
	status?: number;
	body?: unknown;
	/** Node.js error code of a failed connection, such as ECONNREFUSED. */
	networkCode?: string;
	networkMessage?: string;
	/** The items concerned, such as "SKU 1001"; absent for calls about no single item. */
	subject?: string;
	requestId?: string;
	/** Retry-After above MAX_RETRY_AFTER_SECONDS that ended the retries, in milliseconds. */
	retryAfterMs?: number;
	/** Body shape the call expected, set when a 2xx body had another shape. */
	expectedBody?: string;
}

const MAX_BODY_TEXT = 300;

/** Extracts VTEX's own error text from the body shapes its APIs use. */
export function readBodyMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		return text === '' ? undefined : text.slice(0, MAX_BODY_TEXT);
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;

	const record = body as Record<string, unknown>;
	for (const key of ['Message', 'message', 'error_description']) {
		if (typeof record[key] === 'string') return String(record[key]).slice(0, MAX_BODY_TEXT);
	}
	const nested = record.error;
	if (nested && typeof nested === 'object') {
		const inner = nested as Record<string, unknown>;
		const code = typeof inner.code === 'string' ? `${inner.code}: ` : '';
		if (typeof inner.message === 'string') return `${code}${inner.message}`.slice(0, MAX_BODY_TEXT);
	}
	return undefined;
}

const MAX_PREVIEW_TEXT = 120;

/** Returns the start of a body as text, for messages about a body of the wrong shape. */
function previewBody(body: unknown): string {
	const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body));
	const trimmed = text.trim();
	if (trimmed === '') return '(empty body)';
	return trimmed.length > MAX_PREVIEW_TEXT ? `${trimmed.slice(0, MAX_PREVIEW_TEXT)}...` : trimmed;
}

function forSubject(call: FailedCall): string {
	return call.subject ? ` for ${call.subject}` : '';
}

function attemptsText(call: FailedCall): string {
	return call.attempts === 1 ? '1 attempt' : `${call.attempts} attempts`;
}

/** Builds the message and the remedy shown to the user for a failed call. */
export function describeFailure(call: FailedCall): { message: string; description: string } {
	const status = call.status;
	const vtexText = readBodyMessage(call.body);
	const vtexSuffix = vtexText ? ` VTEX answered: ${vtexText}` : '';
	const requestId = call.requestId ? ` Request ID: ${call.requestId}.` : '';

	if (status === undefined) {
		return {
			message: `Could not reach VTEX at ${call.baseUrl}${forSubject(call)} after ${attemptsText(call)} (${call.networkCode ?? call.networkMessage ?? 'network error'})`,
			description:
				'Check the account name, environment and base URL of the VTEX API credential, and that this n8n instance can reach the host.',
		};
	}

	if (status === 401) {
		return {
			message: `VTEX refused the app key or app token (HTTP 401)${forSubject(call)}`,
			description: `Check the App Key and App Token in the VTEX API credential: the key must exist in the account's App Keys and the token must belong to it.${requestId}`,
		};
	}

	if (status === 403) {
		return {
			message: `The app key lacks permission for ${call.route.key} (HTTP 403)${forSubject(call)}`,
			description: `Give the app key a role with the permission "${call.route.permission}" in VTEX Admin > Account settings > Roles.${requestId}`,
		};
	}

	if (status === 404) {
		return {
			message: `${call.subject ?? 'The resource'} was not found in VTEX (HTTP 404)`,
			description: `Check the ID; VTEX may have removed it.${vtexSuffix}${requestId}`,
		};
	}

	if (call.expectedBody !== undefined) {
		return {
			message: `VTEX returned an unexpected ${call.route.key} response${forSubject(call)} (HTTP ${status}): expected ${call.expectedBody}`,
			description: `The response starts with: ${previewBody(call.body)}. Check the base URL and account name of the VTEX API credential, because a proxy or a login page can return HTML with status 200.${requestId}`,
		};
	}

	if (call.retryAfterMs !== undefined) {
		const seconds = Math.ceil(call.retryAfterMs / 1000);
		return {
			message: `VTEX set Retry-After to ${seconds} s for the ${call.route.key} request${forSubject(call)} (HTTP ${status}), above the maximum of ${MAX_RETRY_AFTER_SECONDS} s that this node waits`,
			description: `Run the workflow again after that time. If it happens often, lower "Requests per Second" in the node options or run fewer workflows against this account at once.${requestId}`,
		};
	}

	if (status === 429) {
		return {
			message: `VTEX kept throttling requests${forSubject(call)} after ${attemptsText(call)} (HTTP 429)`,
			description: `Lower "Requests per Second" in the node options, run fewer workflows against this account at once, or run the workflow again later.${requestId}`,
		};
	}

	if (status >= 500 || status === 423) {
		return {
			message: `VTEX failed to respond to ${call.route.key}${forSubject(call)} after ${attemptsText(call)} (HTTP ${status})`,
			description: `VTEX had a temporary problem; run the workflow again later.${vtexSuffix}${requestId}`,
		};
	}

	return {
		message: `VTEX rejected the ${call.route.key} request${forSubject(call)} (HTTP ${status})`,
		description: `Check the node parameters for this item.${vtexSuffix}${requestId}`,
	};
}

/**
 * Creates the NodeApiError for a failed call. The error keeps status and body for the user,
 * never request headers, and its texts go through redaction of the app key and token.
 */
export function createApiError(
	node: INode,
	call: FailedCall,
	secrets: Array<string | undefined>,
	itemIndex?: number,
): NodeApiError {
	// Redact the body before describeFailure shortens its text: a cut through a secret would
	// leave a prefix that redaction no longer recognises.
	const body = call.body === undefined ? undefined : redactValue(call.body, secrets);
	const { message, description } = describeFailure({ ...call, body });
	const response: JsonObject = {
		message: redactText(message, secrets),
		route: call.route.key,
		attempts: call.attempts,
	};
	if (call.status !== undefined) response.httpCode = String(call.status);
	if (body !== undefined) response.body = body as JsonObject;
	if (call.networkCode) response.code = call.networkCode;

	const safeMessage = redactText(message, secrets);
	const error = new NodeApiError(node, response, {
		message: safeMessage,
		description: redactText(description, secrets),
		httpCode: call.status === undefined ? undefined : String(call.status),
		itemIndex,
	});

	// NodeApiError swaps a message that names a network code (ECONNREFUSED, ...) for a generic
	// sentence without the host or the attempts, so the message is set again.
	error.message = safeMessage;
	return redactError(error, secrets);
}
