import { createHash, timingSafeEqual } from 'crypto';

/** Location of the shared secret in a notification request. */
export type SecretLocation = 'query' | 'header';

/** Query parameter that carries the secret; VTEX keeps the query string of the stored URL. */
export const SECRET_QUERY_PARAMETER = 'token';

/** Header that carries the secret, for a proxy or a sender that can set headers. */
export const SECRET_HEADER = 'X-Vtex-Notification-Token';

/**
 * Compares a received secret with the configured one in constant time. Both sides are hashed
 * first, so neither the comparison time nor an early length check reveals the secret's length.
 * An empty configured secret matches nothing.
 */
export function isSecretValid(expected: string, received: unknown): boolean {
	const value = Array.isArray(received) ? received[0] : received;
	if (expected === '' || typeof value !== 'string') return false;
	const expectedDigest = createHash('sha256').update(expected, 'utf8').digest();
	const receivedDigest = createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(expectedDigest, receivedDigest);
}

/**
 * Returns the notification URL to store on the affiliate: the webhook URL, with the secret in
 * the query string when the secret travels as a query parameter.
 */
export function buildNotificationUrl(
	webhookUrl: string,
	location: SecretLocation,
	secret: string,
): string {
	if (location !== 'query') return webhookUrl;
	const url = new URL(webhookUrl);
	url.searchParams.set(SECRET_QUERY_PARAMETER, secret);
	return url.toString();
}

/** Returns a URL without its query values, fit for messages and logs. */
export function redactUrl(value: string): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return value.replace(/\?.*$/, '?…');
	}
	for (const name of [...url.searchParams.keys()]) url.searchParams.set(name, '…');
	return url.toString();
}

/** Tests whether two URLs address the same origin and path, whatever their query strings. */
export function isSameEndpoint(left: string, right: string): boolean {
	try {
		const a = new URL(left);
		const b = new URL(right);
		return (
			a.origin === b.origin && a.pathname.replace(/\/+$/, '') === b.pathname.replace(/\/+$/, '')
		);
	} catch {
		return false;
	}
}
