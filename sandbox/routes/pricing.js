'use strict';

const { HttpError } = require('./common');
const { findSku } = require('./catalog');

/**
 * Returns the fixed price that a trade policy applies to one unit now: the first entry of that
 * trade policy with a minimum quantity of 1 whose date range contains the current time.
 * @param {import('../scenario').Sku} sku
 * @param {number} tradePolicyId
 * @param {number} nowMs wall-clock time, because date ranges are calendar dates
 */
function activeFixedPrice(sku, tradePolicyId, nowMs) {
	return sku.fixedPrices.find((fixed) => {
		if (fixed.tradePolicyId !== tradePolicyId || (fixed.minQuantity ?? 1) > 1) return false;
		const from = fixed.dateRange?.from ? Date.parse(fixed.dateRange.from) : -Infinity;
		const to = fixed.dateRange?.to ? Date.parse(fixed.dateRange.to) : Infinity;
		return nowMs >= from && nowMs <= to;
	});
}

/**
 * Returns the Pricing API record of a SKU in currency units, served under /{account}/pricing.
 * @type {import('./common').Route}
 */
const pricingGet = {
	key: 'pricingGet',
	method: 'GET',
	pattern: /^\/(?<account>[^/]+)\/pricing\/prices\/(?<skuId>[^/]+)$/,
	vtex: true,
	skus: ({ params }) => [params.skuId],
	handle({ runtime, params }) {
		if (params.account !== runtime.scenario.account) {
			throw new HttpError(404, `Account ${params.account} not found.`);
		}
		const sku = findSku(runtime, params.skuId);
		const body = {
			itemId: String(sku.id),
			listPrice: sku.listPrice / 100,
			costPrice: sku.costPrice === null ? null : sku.costPrice / 100,
			markup: null,
			basePrice: sku.price / 100,
			fixedPrices: sku.fixedPrices.map((fixed) => ({
				tradePolicyId: String(fixed.tradePolicyId),
				value: fixed.value / 100,
				listPrice:
					fixed.listPrice === undefined || fixed.listPrice === null ? null : fixed.listPrice / 100,
				minQuantity: fixed.minQuantity ?? 1,
				...(fixed.dateRange ? { dateRange: fixed.dateRange } : {}),
			})),
		};
		return { status: 200, body };
	},
};

module.exports = { routes: [pricingGet], activeFixedPrice };
