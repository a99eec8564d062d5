export const MAX_ATTEMPTS = 5;
const MAX_BACKOFF_SECONDS = 60;
/**
 * Longest Retry-After a request waits inside a node. A longer one fails the request at once,
 * because an execution that sleeps for an hour looks hung and holds its worker.
 */
export const MAX_RETRY_AFTER_SECONDS = 120;

/** 423 is the Logistics API's response to colliding writes, which a later attempt resolves. */
const RETRYABLE_STATUSES = new Set([423, 429, 500, 502, 503, 504]);

export type HeaderMap = Record<string, unknown>;

export function readHeader(headers: HeaderMap | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
		if (value === undefined || value === null) return undefined;
		return String(value);
	}
	return undefined;
}

export function readNumberHeader(headers: HeaderMap | undefined, name: string): number | undefined {
	const raw = readHeader(headers, name);
	if (raw === undefined || raw.trim() === '') return undefined;
	const value = Number(raw);
	return Number.isFinite(value) ? value : undefined;
}

/**
 * Parses Retry-After, given either in seconds or as an HTTP date, into milliseconds.
 * Returns undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(
	headers: HeaderMap | undefined,
	nowMs = Date.now(),
): number | undefined {
	const raw = readHeader(headers, 'retry-after');
	if (raw === undefined || raw.trim() === '') return undefined;

	const seconds = Number(raw);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);

	const date = Date.parse(raw);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

export function isRetryableStatus(status: number): boolean {
	return RETRYABLE_STATUSES.has(status);
}

/**
 * Returns the wait before the next attempt: max(Retry-After, min(60 s, 2^n s) * jitter), where
 * n is the number of failed attempts minus one and jitter is drawn from [0.5, 1].
 */
export function backoffMs(
	failedAttempts: number,
	retryAfterMs?: number,
	random = Math.random,
): number {
	const exponent = Math.max(0, failedAttempts - 1);
	const base = Math.min(MAX_BACKOFF_SECONDS, 2 ** exponent) * 1000;
	const jittered = base * (0.5 + random() / 2);
	return Math.max(retryAfterMs ?? 0, jittered);
}
