/** Expected shape of a successful response body, checked before a node reads the body. */
export interface BodyShape {
	/** Shape named in the error message, such as "a JSON array of SKU IDs". */
	description: string;
	matches: (body: unknown) => boolean;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isSkuId(value: unknown): boolean {
	if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0;
	return typeof value === 'string' && /^\d+$/.test(value);
}

/**
 * Shapes of the bodies this package reads. A 200 whose body has another shape, such as the
 * HTML page of a proxy, would otherwise read as an empty listing or an unavailable SKU.
 */
export const bodyShapes = {
	skuIdList: {
		description: 'a JSON array of SKU IDs',
		matches: (body: unknown) => Array.isArray(body) && body.every(isSkuId),
	},
	skuContext: {
		description: 'a JSON object with the numeric "Id" of the SKU',
		matches: (body: unknown) => isJsonObject(body) && typeof body.Id === 'number',
	},
	productList: {
		description: 'a JSON array of products',
		matches: (body: unknown) => Array.isArray(body) && body.every(isJsonObject),
	},
	salesChannelList: {
		description: 'a JSON array of sales channels',
		matches: (body: unknown) => Array.isArray(body) && body.every(isJsonObject),
	},
	simulation: {
		description: 'a JSON object with an "items" array',
		matches: (body: unknown) => isJsonObject(body) && Array.isArray(body.items),
	},
	priceRecord: {
		description: 'a JSON object with the "itemId" of the SKU',
		matches: (body: unknown) => isJsonObject(body) && body.itemId !== undefined,
	},
	inventory: {
		description: 'a JSON object with a "balance" array',
		matches: (body: unknown) => isJsonObject(body) && Array.isArray(body.balance),
	},
	warehouseList: {
		description: 'a JSON array of warehouses',
		matches: (body: unknown) => Array.isArray(body) && body.every(isJsonObject),
	},
} satisfies Record<string, BodyShape>;
