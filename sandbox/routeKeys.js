'use strict';

/**
 * Route keys of the VTEX routes, which check the app key pair and may be forbidden. Image files
 * are not among them, because VTEX serves them publicly from its CDN.
 */
const VTEX_ROUTE_KEYS = [
	'salesChannels',
	'skuIdsBySalesChannel',
	'skuContext',
	'productSpecification',
	'productSearch',
	'simulation',
	'inventoryBySku',
	'warehouses',
	'pricingGet',
	'affiliateGet',
	'affiliatePut',
	'affiliateDelete',
	'mapperRegister',
	'mapperTree',
];

/** Route keys of VTEX routes served without the key pair. */
const PUBLIC_VTEX_ROUTE_KEYS = ['imageFile'];

/** Route keys of the marketplace double, served under /mkt without authentication. */
const MARKETPLACE_ROUTE_KEYS = [
	'mkt.create',
	'mkt.upsert',
	'mkt.deactivate',
	'mkt.image',
	'mkt.list',
];

const ROUTE_KEYS = [...VTEX_ROUTE_KEYS, ...PUBLIC_VTEX_ROUTE_KEYS, ...MARKETPLACE_ROUTE_KEYS];

module.exports = { VTEX_ROUTE_KEYS, PUBLIC_VTEX_ROUTE_KEYS, MARKETPLACE_ROUTE_KEYS, ROUTE_KEYS };
