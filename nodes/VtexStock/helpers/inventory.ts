/** One warehouse entry of the Logistics API's inventory of a SKU. */
export interface WarehouseBalance {
	warehouseId?: string;
	warehouseName?: string;
	totalQuantity?: number;
	reservedQuantity?: number;
	hasUnlimitedQuantity?: boolean;
	[key: string]: unknown;
}

/**
 * Quantity counted for a warehouse with unlimited quantity. VTEX reports no number for it, and
 * marketplaces reject or misread very large stock values.
 */
export const UNLIMITED_QUANTITY = 99_999;

export interface BalanceSummary {
	/** Entries of the counted warehouses, as VTEX returns them. */
	balance: WarehouseBalance[];
	totalQuantity: number;
	reservedQuantity: number;
	/** Sum over the counted warehouses of total minus reserved (at least 0 each), at most UNLIMITED_QUANTITY. */
	availableQuantity: number;
	hasUnlimitedQuantity: boolean;
}

function wholeNumber(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

/**
 * Sums the inventory of the given warehouses, or of every warehouse when none is given. A
 * warehouse with unlimited quantity counts as UNLIMITED_QUANTITY available units.
 */
export function summarizeBalance(
	balance: WarehouseBalance[],
	warehouseIds: string[],
): BalanceSummary {
	const counted =
		warehouseIds.length === 0
			? balance
			: balance.filter((entry) => warehouseIds.includes(String(entry.warehouseId)));

	let totalQuantity = 0;
	let reservedQuantity = 0;
	let availableQuantity = 0;
	let hasUnlimitedQuantity = false;
	for (const entry of counted) {
		const total = wholeNumber(entry.totalQuantity);
		const reserved = wholeNumber(entry.reservedQuantity);
		totalQuantity += total;
		reservedQuantity += reserved;
		if (entry.hasUnlimitedQuantity === true) {
			hasUnlimitedQuantity = true;
			availableQuantity += UNLIMITED_QUANTITY;
		} else {
			availableQuantity += Math.max(0, total - reserved);
		}
	}
	return {
		balance: counted,
		totalQuantity,
		reservedQuantity,
		availableQuantity: Math.min(availableQuantity, UNLIMITED_QUANTITY),
		hasUnlimitedQuantity,
	};
}
