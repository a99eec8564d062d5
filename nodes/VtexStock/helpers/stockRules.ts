import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toWholeNumber } from '../../shared/parameters';

export interface StockRules {
	/** Units kept back from the marketplace, subtracted from the available quantity. */
	safetyStock: number;
	/** Stock, after the safety stock, below which the offer is paused; 0 never pauses. */
	minimumStock: number;
}

export interface StockDecision {
	/** Units to publish: 0 while paused, else the available quantity minus the safety stock. */
	stock: number;
	paused: boolean;
}

/** Applies the safety stock and the minimum stock to an available quantity. */
export function applyStockRules(available: number, rules: StockRules): StockDecision {
	const afterSafety = Math.max(0, available - rules.safetyStock);
	const paused = rules.minimumStock > 0 && afterSafety < rules.minimumStock;
	return { stock: paused ? 0 : afterSafety, paused };
}

export const safetyStockOption: INodeProperties = {
	displayName: 'Safety Stock',
	name: 'safetyStock',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'Units subtracted from the available quantity before it is output as "stock", so the marketplace never sells the last units',
};

export const minimumStockOption: INodeProperties = {
	displayName: 'Minimum Stock',
	name: 'minimumStock',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'Stock, after the safety stock, below which the offer is paused: "paused" is true and "stock" is 0. 0 never pauses.',
};

/** Reads Safety Stock and Minimum Stock from the options of one item. */
export function readStockRules(
	context: IExecuteFunctions,
	options: { safetyStock?: unknown; minimumStock?: unknown },
	itemIndex: number,
): StockRules {
	return {
		safetyStock: toWholeNumber(
			context,
			options.safetyStock ?? 0,
			{ displayName: 'Safety Stock', min: 0 },
			itemIndex,
		),
		minimumStock: toWholeNumber(
			context,
			options.minimumStock ?? 0,
			{ displayName: 'Minimum Stock', min: 0 },
			itemIndex,
		),
	};
}
