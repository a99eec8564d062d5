/**
 * Converts an amount in cents, as the VTEX fulfillment simulation returns it, into currency
 * units. VTEX sends integers whose last two digits are the cents for every currency, so the
 * divisor is always 100.
 */
export function centsToDecimal(cents: number): number {
	return Math.round(cents) / 100;
}
