import {
	PRICE_CHECK_CODE,
	checkPrice,
	priceCheckEntry,
} from '../../nodes/VtexPrice/helpers/priceGuard';
import { findFixedPrice } from '../../nodes/VtexPrice/helpers/priceRecord';
import { summarizeBalance, UNLIMITED_QUANTITY } from '../../nodes/VtexStock/helpers/inventory';
import { applyStockRules } from '../../nodes/VtexStock/helpers/stockRules';

function rulesOf(
	price: number,
	listPrice: number | null,
	lastPriceSent: number | null,
	maxDrop = 50,
): string[] {
	return checkPrice({ skuId: '1001', price, listPrice, lastPriceSent }, maxDrop).map(
		(violation) => violation.rule,
	);
}

describe('checkPrice', () => {
	it('passes a valid price', () => {
		expect(rulesOf(24.9, 31.9, 26.9)).toEqual([]);
	});

	it('flags zero and negative prices', () => {
		expect(rulesOf(0, 29, 29)).toEqual(['priceNotPositive']);
		expect(rulesOf(-7.9, -7.9, 12.9)).toEqual(['priceNotPositive']);
	});

	it('flags a list price below the price', () => {
		expect(rulesOf(29.9, 19.9, 29.9)).toEqual(['listPriceBelowPrice']);
		expect(rulesOf(29.9, 29.9, null)).toEqual([]);
		expect(rulesOf(29.9, null, null)).toEqual([]);
	});

	it('flags a drop beyond the maximum', () => {
		expect(rulesOf(4.8, 4.8, 48)).toEqual(['dropTooLarge']);
		expect(rulesOf(24, 24, 48)).toEqual([]);
		expect(rulesOf(23.99, 23.99, 48)).toEqual(['dropTooLarge']);
	});

	it('skips the drop rule without a maximum or last price', () => {
		expect(rulesOf(4.8, 4.8, 48, 0)).toEqual([]);
		expect(rulesOf(4.8, 4.8, null)).toEqual([]);
		expect(rulesOf(4.8, 4.8, 0)).toEqual([]);
	});

	it('names SKU, value and rule in one entry', () => {
		const violations = checkPrice(
			{ skuId: '1002', price: -7.9, listPrice: -9, lastPriceSent: 12.9 },
			50,
		);
		const entry = priceCheckEntry('1002', violations);

		expect(violations.map((violation) => violation.rule)).toEqual([
			'priceNotPositive',
			'listPriceBelowPrice',
		]);
		expect(entry.status).toBe('Alert');
		expect(entry.messageCode).toBe(PRICE_CHECK_CODE);
		expect(entry.operation).toBe('Price update');
		expect(entry.skuId).toBe('1002');
		expect(entry.businessMessage).toContain('SKU 1002');
		expect(entry.businessMessage).toContain('the price -7.9 is not above zero');
		expect(entry.businessMessage).toContain('the list price -9 is below the price -7.9');
	});

	it('names the percentages of a drop', () => {
		const [violation] = checkPrice(
			{ skuId: '1005', price: 4.8, listPrice: 4.8, lastPriceSent: 48 },
			50,
		);

		expect(violation.reason).toBe(
			'the price 4.8 is 90% below the last price sent, 48, more than the maximum drop of 50%',
		);
	});
});

describe('findFixedPrice', () => {
	const now = new Date('2026-06-15T12:00:00Z');

	it('picks the trade policy entry valid now', () => {
		const fixed = findFixedPrice(
			[
				{ tradePolicyId: '1', value: 10, minQuantity: 1 },
				{ tradePolicyId: '2', value: 20, minQuantity: 3 },
				{
					tradePolicyId: '2',
					value: 30,
					minQuantity: 1,
					dateRange: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
				},
				{
					tradePolicyId: '2',
					value: 40,
					minQuantity: 1,
					dateRange: { from: '2026-06-01T00:00:00Z', to: null },
				},
			],
			'2',
			now,
		);

		expect(fixed?.value).toBe(40);
	});

	it('returns undefined without an entry', () => {
		expect(findFixedPrice([{ tradePolicyId: 1, value: 10 }], '2', now)).toBeUndefined();
	});
});

describe('applyStockRules', () => {
	it('subtracts the safety stock', () => {
		expect(applyStockRules(10, { safetyStock: 3, minimumStock: 0 })).toEqual({
			stock: 7,
			paused: false,
		});
		expect(applyStockRules(2, { safetyStock: 3, minimumStock: 0 })).toEqual({
			stock: 0,
			paused: false,
		});
	});

	it('pauses below the minimum after the safety stock', () => {
		expect(applyStockRules(6, { safetyStock: 2, minimumStock: 5 })).toEqual({
			stock: 0,
			paused: true,
		});
		expect(applyStockRules(7, { safetyStock: 2, minimumStock: 5 })).toEqual({
			stock: 5,
			paused: false,
		});
	});
});

describe('summarizeBalance', () => {
	const balance = [
		{ warehouseId: 'wh-main', totalQuantity: 10, reservedQuantity: 2 },
		{ warehouseId: 'wh-north', totalQuantity: 5, reservedQuantity: 7 },
		{ warehouseId: 'wh-drop', totalQuantity: 0, hasUnlimitedQuantity: true },
	];

	it('counts only the chosen warehouses', () => {
		const summary = summarizeBalance(balance, ['wh-main', 'wh-north']);

		expect(summary.balance.map((entry) => entry.warehouseId)).toEqual(['wh-main', 'wh-north']);
		expect(summary.totalQuantity).toBe(15);
		expect(summary.reservedQuantity).toBe(9);
		expect(summary.availableQuantity).toBe(8);
		expect(summary.hasUnlimitedQuantity).toBe(false);
	});

	it('caps unlimited warehouses', () => {
		const summary = summarizeBalance(balance, []);

		expect(summary.hasUnlimitedQuantity).toBe(true);
		expect(summary.availableQuantity).toBe(UNLIMITED_QUANTITY);
	});
});
