'use strict';

const { findSku } = require('./catalog');

/**
 * Units of a SKU per warehouse: its `inventory`, or all of `stock` in the first warehouse.
 * @param {import('../runtime').Runtime} runtime
 * @param {import('../scenario').Sku} sku
 * @returns {Record<string, number>}
 */
function inventoryOf(runtime, sku) {
	return sku.inventory ?? { [runtime.scenario.warehouses[0].id]: sku.stock };
}

/** @type {import('./common').Route} */
const inventoryBySku = {
	key: 'inventoryBySku',
	method: 'GET',
	pattern: /^\/api\/logistics\/pvt\/inventory\/skus\/(?<skuId>[^/]+)$/,
	vtex: true,
	skus: ({ params }) => [params.skuId],
	handle({ runtime, params }) {
		const sku = findSku(runtime, params.skuId);
		const balance = Object.entries(inventoryOf(runtime, sku)).map(
			([warehouseId, totalQuantity]) => ({
				warehouseId,
				warehouseName:
					runtime.scenario.warehouses.find((warehouse) => warehouse.id === warehouseId)?.name ??
					warehouseId,
				totalQuantity,
				reservedQuantity: 0,
				hasUnlimitedQuantity: false,
				timeToRefill: null,
				dateOfSupplyUtc: null,
				leadTime: '00:00:00',
			}),
		);
		return { status: 200, body: { skuId: String(sku.id), balance } };
	},
};

/** @type {import('./common').Route} */
const warehouses = {
	key: 'warehouses',
	method: 'GET',
	pattern: /^\/api\/logistics\/pvt\/configuration\/warehouses$/,
	vtex: true,
	handle({ runtime }) {
		const body = runtime.scenario.warehouses.map((warehouse) => ({
			id: warehouse.id,
			name: warehouse.name,
			isActive: true,
			warehouseDocks: [],
			pickupPointIds: [],
			priority: 0,
		}));
		return { status: 200, body };
	},
};

module.exports = { routes: [inventoryBySku, warehouses], inventoryOf };
