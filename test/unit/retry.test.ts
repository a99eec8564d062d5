import { backoffMs, isRetryableStatus, parseRetryAfter } from '../../nodes/shared/transport/retry';

describe('parseRetryAfter', () => {
	it('reads seconds', () => {
		expect(parseRetryAfter({ 'Retry-After': '3' })).toBe(3000);
	});

	it('reads an HTTP date', () => {
		const now = Date.parse('2026-01-10T12:00:00Z');

		expect(parseRetryAfter({ 'retry-after': 'Sat, 10 Jan 2026 12:00:05 GMT' }, now)).toBe(5000);
	});

	it('ignores an absent or unreadable header', () => {
		expect(parseRetryAfter({})).toBeUndefined();
		expect(parseRetryAfter({ 'retry-after': 'soon' })).toBeUndefined();
	});
});

describe('backoffMs', () => {
	it('grows exponentially with jitter between half and full', () => {
		expect(backoffMs(1, undefined, () => 0)).toBe(500);
		expect(backoffMs(1, undefined, () => 1)).toBe(1000);
		expect(backoffMs(3, undefined, () => 0)).toBe(2000);
		expect(backoffMs(3, undefined, () => 1)).toBe(4000);
	});

	it('caps the base at 60 seconds', () => {
		expect(backoffMs(20, undefined, () => 1)).toBe(60_000);
	});

	it('waits at least Retry-After', () => {
		expect(backoffMs(1, 7000, () => 1)).toBe(7000);
	});
});

describe('isRetryableStatus', () => {
	it.each([429, 423, 500, 502, 503, 504])('retries %p', (status) => {
		expect(isRetryableStatus(status)).toBe(true);
	});

	it.each([400, 401, 403, 404])('does not retry %p', (status) => {
		expect(isRetryableStatus(status)).toBe(false);
	});
});
