import { bodyShapes } from './bodyShape';
import type { BodyShape } from './bodyShape';
import type { VtexHost } from './hosts';

/** Groups of VTEX endpoints that share one request budget. */
export type RouteFamily =
	| 'catalog'
	| 'simulation'
	| 'pricingRead'
	| 'pricingWrite'
	| 'logistics'
	| 'mapper'
	| 'affiliate';

export interface VtexRoute {
	/** Name of the endpoint in messages and in the sandbox journal. */
	key: string;
	host: VtexHost;
	family: RouteFamily;
	path: string;
	/** Permission a VTEX role needs for this route, named in 403 messages. */
	permission: string;
	/** Shape of a 2xx body; a body of another shape raises an error before a node reads it. */
	expectedBody?: BodyShape;
}

const catalogViewPermission = 'Catalog API > General > View Product';
/** VTEX's Mapper API reference lists no License Manager permission for its routes. */
const mapperPermission = 'VTEX Mapper access (VTEX documents no specific permission)';

export const routes = {
	skuIdsBySalesChannel: (): VtexRoute => ({
		key: 'skuIdsBySalesChannel',
		host: 'account',
		family: 'catalog',
		path: '/api/catalog_system/pvt/sku/stockkeepingunitidsbysaleschannel',
		permission: catalogViewPermission,
		expectedBody: bodyShapes.skuIdList,
	}),

	skuContext: (skuId: string): VtexRoute => ({
		key: 'skuContext',
		host: 'account',
		family: 'catalog',
		path: `/api/catalog_system/pvt/sku/stockkeepingunitbyid/${encodeURIComponent(skuId)}`,
		permission: 'Catalog > Content > Product and SKU Management',
		expectedBody: bodyShapes.skuContext,
	}),

	productSearch: (): VtexRoute => ({
		key: 'productSearch',
		host: 'account',
		family: 'catalog',
		path: '/api/catalog_system/pub/products/search',
		permission: catalogViewPermission,
		expectedBody: bodyShapes.productList,
	}),

	salesChannels: (): VtexRoute => ({
		key: 'salesChannels',
		host: 'account',
		family: 'catalog',
		path: '/api/catalog_system/pvt/saleschannel/list',
		permission: catalogViewPermission,
		expectedBody: bodyShapes.salesChannelList,
	}),

	simulation: (): VtexRoute => ({
		key: 'simulation',
		host: 'account',
		family: 'simulation',
		path: '/api/fulfillment/pvt/orderForms/simulation',
		permission: 'Checkout > CheckoutResources > Save OrderForm Configuration',
		expectedBody: bodyShapes.simulation,
	}),

	pricingGet: (skuId: string): VtexRoute => ({
		key: 'pricingGet',
		host: 'pricing',
		family: 'pricingRead',
		path: `/pricing/prices/${encodeURIComponent(skuId)}`,
		permission: 'Pricing > Read prices',
		expectedBody: bodyShapes.priceRecord,
	}),

	inventoryBySku: (skuId: string): VtexRoute => ({
		key: 'inventoryBySku',
		host: 'account',
		family: 'logistics',
		path: `/api/logistics/pvt/inventory/skus/${encodeURIComponent(skuId)}`,
		permission: 'Logistics > Logistics viewer',
		expectedBody: bodyShapes.inventory,
	}),

	warehouses: (): VtexRoute => ({
		key: 'warehouses',
		host: 'account',
		family: 'logistics',
		path: '/api/logistics/pvt/configuration/warehouses',
		permission: 'Logistics > Logistics viewer',
		expectedBody: bodyShapes.warehouseList,
	}),

	mapperRegister: (): VtexRoute => ({
		key: 'mapperRegister',
		host: 'mapper',
		family: 'mapper',
		path: '/api/mkp-category-mapper/connector/register',
		permission: mapperPermission,
	}),

	mapperTree: (mapperId: string): VtexRoute => ({
		key: 'mapperTree',
		host: 'mapper',
		family: 'mapper',
		path: `/api/mkp-category-mapper/categories/marketplace/${encodeURIComponent(mapperId)}`,
		permission: mapperPermission,
	}),
};
