import { createLogEntry } from '../../shared/logEntry';
import type { LogEntry } from '../../shared/logEntry';

/** Package code of the Alert for a price that the price check holds back. */
export const PRICE_CHECK_CODE = 'A5';
/** Package code of the Alert for a price that changed between two simulation reads. */
export const PRICE_REREAD_CODE = 'A6';

export type PriceRule = 'priceNotPositive' | 'listPriceBelowPrice' | 'dropTooLarge';

/** Prices of one SKU in currency units, as the marketplace would receive them. */
export interface PriceToCheck {
	skuId: string;
	price: number;
	/** List price as VTEX returns it; null when VTEX returns none. */
	listPrice: number | null;
	/** Last price sent to the marketplace; null when none was sent yet. */
	lastPriceSent: number | null;
}

export interface PriceViolation {
	rule: PriceRule;
	/** The value that broke the rule, in currency units. */
	value: number;
	/** Clause that names the value and the rule, such as "the price -7.9 is not above zero". */
	reason: string;
}

/** Rounds a percentage to one decimal, so that a message shows 90 rather than 89.99999999. */
function roundPercent(value: number): number {
	return Math.round(value * 10) / 10;
}

/**
 * Checks the rules a price must meet before it reaches the marketplace. The price must be above
 * zero, and the list price absent or at least the price. With `maxDropPercent` above 0 and a
 * last price sent above 0, the price may not lie more than `maxDropPercent` percent below that
 * last price. Returns every rule broken, in that order.
 */
export function checkPrice(values: PriceToCheck, maxDropPercent: number): PriceViolation[] {
	const violations: PriceViolation[] = [];
	const { price, listPrice, lastPriceSent } = values;

	if (!(price > 0)) {
		violations.push({
			rule: 'priceNotPositive',
			value: price,
			reason: `the price ${price} is not above zero`,
		});
	}

	if (listPrice !== null && listPrice < price) {
		violations.push({
			rule: 'listPriceBelowPrice',
			value: listPrice,
			reason: `the list price ${listPrice} is below the price ${price}`,
		});
	}

	if (maxDropPercent > 0 && lastPriceSent !== null && lastPriceSent > 0 && price > 0) {
		const dropPercent = ((lastPriceSent - price) / lastPriceSent) * 100;
		if (dropPercent > maxDropPercent) {
			violations.push({
				rule: 'dropTooLarge',
				value: price,
				reason: `the price ${price} is ${roundPercent(dropPercent)}% below the last price sent, ${lastPriceSent}, more than the maximum drop of ${maxDropPercent}%`,
			});
		}
	}

	return violations;
}

/** Creates the one Alert entry of a SKU whose price broke one or more rules. */
export function priceCheckEntry(skuId: string, violations: PriceViolation[]): LogEntry {
	const reasons = violations.map((violation) => violation.reason).join(', and ');
	return createLogEntry({
		skuId,
		status: 'Alert',
		operation: 'Price update',
		messageCode: PRICE_CHECK_CODE,
		businessMessage: `Price of SKU ${skuId} was not marked for sending because ${reasons}. Correct the price in VTEX; the next price update sends it.`,
	});
}

/** Creates the Alert entry of a SKU whose price differed between two simulation reads. */
export function priceRereadEntry(
	skuId: string,
	first: { price: number | null; listPrice: number | null },
	second: { price: number | null; listPrice: number | null },
	delaySeconds: number,
): LogEntry {
	return createLogEntry({
		skuId,
		status: 'Alert',
		operation: 'Price update',
		messageCode: PRICE_REREAD_CODE,
		businessMessage: `Price of SKU ${skuId} changed between two simulation reads ${delaySeconds} s apart, from ${first.price} (list ${first.listPrice}) to ${second.price} (list ${second.listPrice}). The later price is used, because VTEX served a cached price on the first read.`,
	});
}
