'use strict';

const { HttpError, queryValue, integerQuery } = require('./common');

/** @typedef {import('./common').Route} Route */
/** @typedef {import('../scenario').Sku} Sku */

/**
 * @param {import('../runtime').Runtime} runtime
 * @param {string} skuId
 * @returns {Sku}
 */
function findSku(runtime, skuId) {
	const sku = /^\d+$/.test(skuId) ? runtime.scenario.skus.get(Number(skuId)) : undefined;
	if (!sku) throw new HttpError(404, `SKU ${skuId} not found.`);
	return sku;
}

/**
 * Lists the sales channels: 1, 2, the scenario's channel and every channel a SKU names.
 * @type {Route}
 */
const salesChannels = {
	key: 'salesChannels',
	method: 'GET',
	pattern: /^\/api\/catalog_system\/pvt\/saleschannel\/list$/,
	vtex: true,
	handle({ runtime }) {
		const ids = new Set([1, 2, runtime.scenario.salesChannel]);
		for (const sku of runtime.scenario.skus.values()) {
			for (const id of sku.salesChannels) ids.add(id);
		}
		const body = [...ids]
			.sort((a, b) => a - b)
			.map((id, position) => ({
				Id: id,
				Name: id === 1 ? 'Main store' : `Sales channel ${id}`,
				IsActive: true,
				ProductClusterId: null,
				CountryCode: 'BRA',
				CultureInfo: 'pt-BR',
				TimeZone: 'E. South America Standard Time',
				CurrencyCode: 'BRL',
				CurrencySymbol: 'R$',
				CurrencyLocale: 1046,
				CurrencyFormatInfo: {
					CurrencyDecimalDigits: 2,
					CurrencyDecimalSeparator: ',',
					CurrencyGroupSeparator: '.',
					CurrencyGroupSize: 3,
					StartsWithCurrencySymbol: true,
				},
				Origin: null,
				Position: position + 1,
				ConditionRule: null,
				CurrencyDecimalDigits: 2,
			}));
		return { status: 200, body };
	},
};

/**
 * Pages SKU ids of a sales channel, or serves the scenario's fixed `idPages`.
 * @type {Route}
 */
const skuIdsBySalesChannel = {
	key: 'skuIdsBySalesChannel',
	method: 'GET',
	pattern: /^\/api\/catalog_system\/pvt\/sku\/stockkeepingunitidsbysaleschannel$/,
	vtex: true,
	handle({ runtime, query }) {
		const { scenario } = runtime;
		if (queryValue(query, 'sc') === undefined) {
			throw new HttpError(400, 'The parameter sc (sales channel id) is required.');
		}
		const salesChannel = integerQuery(query, 'sc', 0);
		const page = integerQuery(query, 'page', 1);
		const pageSize = integerQuery(query, 'pageSize', 1000);
		if (page < 1) throw new HttpError(400, `The parameter page must be 1 or more, got ${page}.`);
		if (pageSize < 1)
			throw new HttpError(400, `The parameter pageSize must be 1 or more, got ${pageSize}.`);
		if (pageSize > scenario.limits.maxPageSize) {
			throw new HttpError(
				scenario.limits.pageSizeStatus,
				`The parameter pageSize can't be greater than ${scenario.limits.maxPageSize}.`,
			);
		}

		if (scenario.idPages) {
			const pages = scenario.idPages;
			if (page <= pages.length) return { status: 200, body: pages[page - 1] };
			const last = pages[pages.length - 1] ?? [];
			return { status: 200, body: scenario.repeatLastPage ? last : [] };
		}

		const ids = [];
		for (const sku of scenario.skus.values()) {
			if (sku.salesChannels.includes(salesChannel)) ids.push(sku.id);
		}
		return { status: 200, body: ids.slice((page - 1) * pageSize, page * pageSize) };
	},
};

/**
 * @param {import('../runtime').Runtime} runtime
 * @param {number} productId
 */
function findProduct(runtime, productId) {
	return (
		runtime.scenario.products.get(productId) ?? {
			id: productId,
			name: `Product ${productId}`,
			specifications: [],
		}
	);
}

/**
 * @param {{id?: number, name?: string, values?: string[]}} specification
 * @param {number} index
 */
function toFieldSpecification(specification, index) {
	const values = specification.values ?? [];
	return {
		FieldId: specification.id ?? index + 1,
		FieldName: specification.name ?? `Specification ${index + 1}`,
		FieldValueIds: values.map(
			(_, valueIndex) => (specification.id ?? index + 1) * 100 + valueIndex,
		),
		FieldValues: values,
		IsFilter: false,
		FieldGroupId: 1,
		FieldGroupName: 'Specifications',
	};
}

/**
 * Returns the SKU context, PascalCase as VTEX serves it.
 * @type {Route}
 */
const skuContext = {
	key: 'skuContext',
	method: 'GET',
	pattern: /^\/api\/catalog_system\/pvt\/sku\/stockkeepingunitbyid\/(?<skuId>[^/]+)$/,
	vtex: true,
	skus: ({ params }) => [params.skuId],
	handle({ runtime, params, baseUrl }) {
		const sku = findSku(runtime, params.skuId);
		const product = findProduct(runtime, sku.productId);
		const images = sku.images.map((image, index) => ({
			ImageUrl: `${baseUrl}/arquivos/ids/${image.fileId}/sku-${sku.id}-${index + 1}.jpg`,
			ImageName: `${sku.name} ${index + 1}`,
			FileId: image.fileId,
		}));
		const refId = `REF-${sku.id}`;
		const ean = `789${String(sku.id).padStart(10, '0')}`;
		const body = {
			Id: sku.id,
			ProductId: sku.productId,
			NameComplete: `${product.name} ${sku.name}`,
			ComplementName: '',
			ProductName: product.name,
			ProductDescription: `<p>${product.name}.</p>`,
			ProductRefId: `PRD-${sku.productId}`,
			TaxCode: '',
			SkuName: sku.name,
			IsActive: sku.isActive,
			IsTransported: true,
			IsInventoried: true,
			IsGiftCardRecharge: false,
			ImageUrl: images[0]?.ImageUrl ?? null,
			DetailUrl: `/product-${sku.productId}/p`,
			CSCIdentification: null,
			BrandId: '2000001',
			BrandName: 'Acme',
			IsBrandActive: true,
			Dimension: { cubicweight: 0.5, height: 10, length: 20, weight: 500, width: 15 },
			RealDimension: {
				realCubicWeight: 0.5,
				realHeight: 10,
				realLength: 20,
				realWeight: 500,
				realWidth: 15,
			},
			ManufacturerCode: '',
			IsKit: false,
			KitItems: [],
			Services: [],
			Categories: [],
			CategoriesFullPath: [`/1/${sku.categoryId}/`, '/1/'],
			Attachments: [],
			Collections: [],
			SkuSellers: [
				{
					SellerId: '1',
					StockKeepingUnitId: sku.id,
					SellerStockKeepingUnitId: String(sku.id),
					IsActive: true,
					FreightCommissionPercentage: 0,
					ProductCommissionPercentage: 0,
				},
			],
			SalesChannels: [...sku.salesChannels],
			Images: images,
			Videos: [],
			SkuSpecifications: [],
			ProductSpecifications: product.specifications.map(toFieldSpecification),
			ProductClustersIds: '',
			ProductCategoryIds: `/1/${sku.categoryId}/`,
			IsDirectCategoryActive: true,
			ProductGlobalCategoryId: null,
			ProductCategories: { 1: 'Department 1', [sku.categoryId]: `Category ${sku.categoryId}` },
			CommercialConditionId: 1,
			RewardValue: 0,
			AlternateIds: { Ean: ean, RefId: refId },
			AlternateIdValues: [ean, refId],
			EstimatedDateArrival: null,
			MeasurementUnit: 'un',
			UnitMultiplier: 1,
			InformationSource: 'Indexer',
			ModalType: null,
			KeyWords: '',
			ReleaseDate: '2026-01-01T00:00:00',
			ProductIsVisible: true,
			ShowIfNotAvailable: true,
			IsProductActive: sku.isProductActive,
			ProductFinalScore: 0,
			...sku.extraFields,
		};
		return { status: 200, body };
	},
};

/**
 * Returns a product's specifications as `[{Id, Name, Value}]`, or [] for a product without any.
 * @type {Route}
 */
const productSpecification = {
	key: 'productSpecification',
	method: 'GET',
	pattern: /^\/api\/catalog_system\/pvt\/products\/(?<productId>\d+)\/specification$/,
	vtex: true,
	handle({ runtime, params }) {
		const product = findProduct(runtime, Number(params.productId));
		const body = product.specifications.map((specification, index) => ({
			Id: specification.id ?? index + 1,
			Name: specification.name ?? `Specification ${index + 1}`,
			Value: specification.values ?? [],
		}));
		return { status: 200, body };
	},
};

/**
 * Groups the SKUs by product, in ascending product id order.
 * @param {import('../runtime').Runtime} runtime
 * @returns {[number, Sku[]][]}
 */
function productsWithSkus(runtime) {
	/** @type {Map<number, Sku[]>} */
	const byProduct = new Map();
	for (const sku of runtime.scenario.skus.values()) {
		const list = byProduct.get(sku.productId) ?? [];
		list.push(sku);
		byProduct.set(sku.productId, list);
	}
	return [...byProduct.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * Serves the storefront search with VTEX's window limits: `_from` and `_to` are 0-based and
 * inclusive, and a window or `_from` above the limits is rejected with 400 and a text body.
 * @type {Route}
 */
const productSearch = {
	key: 'productSearch',
	method: 'GET',
	pattern: /^\/api\/catalog_system\/pub\/products\/search\/?$/,
	vtex: true,
	handle({ runtime, query }) {
		const { limits } = runtime.scenario;
		const from = integerQuery(query, '_from', 0);
		const to = integerQuery(query, '_to', from + 9);
		if (from < 0 || to < from) {
			throw new HttpError(400, `The range _from=${from} to _to=${to} is invalid.`);
		}
		if (from > limits.searchMaxFrom) {
			throw new HttpError(400, `Parameter _from can't be greater than ${limits.searchMaxFrom}.`);
		}
		if (to - from + 1 > limits.searchMaxWindow) {
			throw new HttpError(
				400,
				`The maximum number of items per request is ${limits.searchMaxWindow} (_to - _from + 1).`,
			);
		}

		const products = productsWithSkus(runtime);
		const body = products.slice(from, to + 1).map(([productId, skus]) => {
			const product = findProduct(runtime, productId);
			return {
				productId: String(productId),
				productName: product.name,
				brand: 'Acme',
				brandId: 2000001,
				linkText: `product-${productId}`,
				productReference: `PRD-${productId}`,
				categoryId: String(skus[0].categoryId),
				categories: [`/Department 1/Category ${skus[0].categoryId}/`],
				link: `https://${runtime.scenario.account}.vtexcommercestable.com.br/product-${productId}/p`,
				description: `${product.name}.`,
				items: skus.map((sku) => ({
					itemId: String(sku.id),
					name: sku.name,
					nameComplete: `${product.name} ${sku.name}`,
					images: [],
					sellers: [
						{
							sellerId: '1',
							sellerName: runtime.scenario.account,
							sellerDefault: true,
							commertialOffer: {
								Price: sku.price / 100,
								ListPrice: sku.listPrice / 100,
								AvailableQuantity: sku.stock,
							},
						},
					],
				})),
			};
		});
		const last = Math.min(to, products.length - 1);
		return {
			status: 200,
			headers: { resources: `${from}-${last}/${products.length}` },
			body,
		};
	},
};

module.exports = {
	routes: [salesChannels, skuIdsBySalesChannel, skuContext, productSpecification, productSearch],
	findSku,
};
