'use strict';

const { HttpError } = require('./common');
const { findSku } = require('./catalog');

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
			costPrice: null,
			markup: null,
			basePrice: sku.price / 100,
			fixedPrices: [],
		};
		return { status: 200, body };
	},
};

module.exports = { routes: [pricingGet] };
