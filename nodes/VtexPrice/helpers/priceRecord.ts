/** Fixed price of a Pricing API record: a price for one trade policy, in currency units. */
export interface FixedPrice {
	tradePolicyId?: string | number;
	value?: number;
	listPrice?: number | null;
	minQuantity?: number;
	/** Validity, ISO 8601 dates; an absent range or bound means no limit on that side. */
	dateRange?: { from?: string | null; to?: string | null } | null;
}

function isWithin(range: FixedPrice['dateRange'], now: Date): boolean {
	if (!range) return true;
	const time = now.getTime();
	const from = range.from ? Date.parse(range.from) : Number.NaN;
	const to = range.to ? Date.parse(range.to) : Number.NaN;
	if (!Number.isNaN(from) && time < from) return false;
	if (!Number.isNaN(to) && time > to) return false;
	return true;
}

/**
 * Returns the fixed price that a trade policy applies to one unit at `now`: the first entry
 * of that trade policy with a minimum quantity of at most 1 whose date range contains `now`.
 */
export function findFixedPrice(
	fixedPrices: FixedPrice[],
	tradePolicyId: string,
	now: Date,
): FixedPrice | undefined {
	return fixedPrices.find(
		(entry) =>
			String(entry.tradePolicyId) === tradePolicyId &&
			(entry.minQuantity ?? 1) <= 1 &&
			isWithin(entry.dateRange, now),
	);
}
