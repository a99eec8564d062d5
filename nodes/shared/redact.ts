import type { JsonObject } from 'n8n-workflow';

export const REDACTED = '[redacted]';

/** Header names whose values are credentials, compared in lower case. */
const SECRET_HEADERS = new Set([
	'x-vtex-api-appkey',
	'x-vtex-api-apptoken',
	'vtexidclientautcookie',
	'authorization',
	'cookie',
	'set-cookie',
]);

/** Shorter values are not searched for, because they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

function usableSecrets(secrets: Array<string | undefined>): string[] {
	return secrets.filter(
		(secret): secret is string => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH,
	);
}

/** Replaces every occurrence of each secret in the text with a marker. */
export function redactText(text: string, secrets: Array<string | undefined>): string {
	let result = text;
	for (const secret of usableSecrets(secrets)) {
		result = result.split(secret).join(REDACTED);
	}
	return result;
}

/**
 * Returns a deep copy of a JSON-like value with secret headers dropped and secret values
 * replaced in every string.
 */
export function redactValue(value: unknown, secrets: Array<string | undefined>): unknown {
	if (typeof value === 'string') return redactText(value, secrets);
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, secrets));
	if (value === null || typeof value !== 'object') return value;

	const copy: JsonObject = {};
	for (const [key, entry] of Object.entries(value)) {
		if (SECRET_HEADERS.has(key.toLowerCase())) {
			copy[key] = REDACTED;
			continue;
		}
		copy[key] = redactValue(entry, secrets) as JsonObject[string];
	}
	return copy;
}

interface RedactableError {
	message: string;
	description?: string | null;
	messages?: string[];
}

/** Removes the secrets from the texts an n8n error shows: message, description and messages. */
export function redactError<T extends RedactableError>(
	error: T,
	secrets: Array<string | undefined>,
): T {
	error.message = redactText(error.message, secrets);
	if (typeof error.description === 'string') {
		error.description = redactText(error.description, secrets);
	}
	if (Array.isArray(error.messages)) {
		error.messages = error.messages.map((message) => redactText(message, secrets));
	}
	return error;
}
