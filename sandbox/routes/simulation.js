'use strict';

const { HttpError, jsonBody, integerQuery, isPlainObject } = require('./common');
const { firstValue } = require('../match');
const { activeFixedPrice } = require('./pricing');

/**
 * Returns the SKU ids of a simulation body, or [] when the body is not a simulation request.
 * @param {import('./common').RequestContext} context
 */
function simulationSkus(context) {
	try {
		const body = JSON.parse(context.body.toString('utf8'));
		if (!Array.isArray(body?.items)) return [];
		return body.items.map((item) => String(item?.id));
	} catch {
		return [];
	}
}

/**
 * Returns the current prices of a SKU in a sales channel: the active fixed price of that trade
 * policy, when there is one, replaces the price and, when it has one, the list price.
 * @param {import('../scenario').Sku} sku
 * @param {number} salesChannel
 */
function currentPrices(sku, salesChannel) {
	const fixed = activeFixedPrice(sku, salesChannel, Date.now());
	if (!fixed) return { price: sku.price, listPrice: sku.listPrice };
	const listPrice = fixed.listPrice ?? null;
	return { price: fixed.value, listPrice: listPrice === null ? sku.listPrice : listPrice };
}

/**
 * Returns the prices a simulation serves for a SKU: the stale ones of `staleSimulation` while
 * the SKU's stale period lasts and the request lacks the bypass header, else the current ones.
 * The first request without the header that includes the SKU starts its stale period.
 *
 * @param {import('../runtime').Runtime} runtime
 * @param {import('../scenario').Sku} sku
 * @param {number} salesChannel
 * @param {boolean} bypass
 * @param {number} nowMs
 */
function simulatedPrices(runtime, sku, salesChannel, bypass, nowMs) {
	const stale = runtime.scenario.staleSimulation;
	const stalePrices = stale?.skus[String(sku.id)];
	if (!stale || !stalePrices || bypass) return currentPrices(sku, salesChannel);

	let startedMs = runtime.staleStartedMs.get(sku.id);
	if (startedMs === undefined) {
		startedMs = nowMs;
		runtime.staleStartedMs.set(sku.id, startedMs);
	}
	const current = currentPrices(sku, salesChannel);
	if (nowMs - startedMs >= stale.staleForSeconds * 1000) return current;
	return {
		price: stalePrices.price ?? current.price,
		listPrice: stalePrices.listPrice ?? current.listPrice,
	};
}

/**
 * Returns a fulfillment simulation with prices in cents. Items whose SKU is unknown or outside the query's
 * sales channel are left out with a message. `isActive` and `isProductActive` are ignored on
 * purpose, because deciding eligibility is the package's job.
 * @type {import('./common').Route}
 */
const simulation = {
	key: 'simulation',
	method: 'POST',
	pattern: /^\/api\/fulfillment\/pvt\/orderForms\/simulation$/,
	vtex: true,
	skus: simulationSkus,
	handle(context) {
		const { runtime, query, headers } = context;
		const request = jsonBody(context);
		if (!isPlainObject(request) || !Array.isArray(request.items)) {
			throw new HttpError(400, {
				error: {
					code: 'FMT0001',
					message: 'The body must contain an items array.',
					exception: null,
				},
			});
		}
		// VTEX falls back to sales channel 1 when the query has no sc.
		const salesChannel = integerQuery(query, 'sc', 1);
		const stale = runtime.scenario.staleSimulation;
		const bypass = stale !== null && firstValue(headers[stale.bypassHeader]) === '1';
		const nowMs = runtime.elapsedMs();

		const items = [];
		const logisticsInfo = [];
		const messages = [];
		for (const [requestIndex, item] of request.items.entries()) {
			const id = String(item?.id);
			const sku = /^\d+$/.test(id) ? runtime.scenario.skus.get(Number(id)) : undefined;
			if (!sku || !sku.salesChannels.includes(salesChannel)) {
				messages.push({
					code: 'unavailableItemFulfillment',
					text: sku
						? `Item ${id} is not available in sales channel ${salesChannel}.`
						: `Item ${id} not found.`,
					status: 'warning',
					fields: { itemIndex: String(requestIndex), skuName: sku ? sku.name : null },
				});
				continue;
			}
			const prices = simulatedPrices(runtime, sku, salesChannel, bypass, nowMs);
			const quantity = sku.stock > 0 ? 1 : 0;
			items.push({
				id,
				requestIndex,
				quantity,
				seller: '1',
				sellerChain: ['1'],
				tax: 0,
				priceValidUntil: null,
				price: prices.price,
				listPrice: prices.listPrice,
				rewardValue: 0,
				sellingPrice: prices.price,
				offerings: [],
				priceTags: [],
				measurementUnit: 'un',
				unitMultiplier: 1,
				merchantName: null,
				attachmentOfferings: [],
			});
			// itemIndex is the item's position in the request, as the fulfillment spec defines it.
			logisticsInfo.push({
				itemIndex: requestIndex,
				quantity,
				shipsTo: ['BRA'],
				slas: [],
				stockBalance: sku.stock,
				deliveryChannels: [{ id: 'delivery', stockBalance: sku.stock }],
			});
		}
		const body = {
			items,
			logisticsInfo,
			messages,
			country: typeof request.country === 'string' ? request.country : 'BRA',
			postalCode: request.postalCode ?? null,
			allowMultipleDeliveries: true,
		};
		return { status: 200, body };
	},
};

module.exports = { routes: [simulation] };
