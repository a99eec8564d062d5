import { centsToDecimal } from '../../nodes/shared/money';

/**
 * VTEX's simulation sends every currency as an integer whose last two digits are cents, even
 * currencies without minor units (JPY, CLP) or with three (KWD). The divisor is always 100.
 */
const cases: Array<{ currency: string; cents: number; expected: number }> = [
	{ currency: 'BRL', cents: 4990, expected: 49.9 },
	{ currency: 'BRL', cents: 0, expected: 0 },
	{ currency: 'BRL', cents: 1, expected: 0.01 },
	{ currency: 'BRL', cents: 99, expected: 0.99 },
	{ currency: 'BRL', cents: 100, expected: 1 },
	{ currency: 'BRL', cents: -790, expected: -7.9 },
	{ currency: 'USD', cents: 1999, expected: 19.99 },
	{ currency: 'EUR', cents: 10, expected: 0.1 },
	{ currency: 'JPY', cents: 150000, expected: 1500 },
	{ currency: 'JPY', cents: 1, expected: 0.01 },
	{ currency: 'CLP', cents: 1999000, expected: 19990 },
	{ currency: 'KWD', cents: 12345, expected: 123.45 },
	{ currency: 'COP', cents: 99999999999, expected: 999999999.99 },
	{ currency: 'BRL', cents: 900719925474099, expected: 9007199254740.99 },
];

describe('centsToDecimal', () => {
	it.each(cases)('converts $cents $currency cents to $expected', ({ cents, expected }) => {
		expect(centsToDecimal(cents)).toBe(expected);
	});

	it('rounds a fractional cent amount to whole cents', () => {
		expect(centsToDecimal(4990.4)).toBe(49.9);
		expect(centsToDecimal(4990.6)).toBe(49.91);
	});
});
