import { centsToDecimal } from '../../nodes/shared/money';
import { describeSkus, joinSimulation } from '../../nodes/shared/simulation';
import { priceFields } from '../../nodes/VtexPrice/actions/simulation/getPrice.operation';

describe('centsToDecimal', () => {
	it('divides integer cents by 100', () => {
		expect(centsToDecimal(4990)).toBe(49.9);
		expect(centsToDecimal(0)).toBe(0);
		expect(centsToDecimal(-150)).toBe(-1.5);
	});
});

describe('joinSimulation', () => {
	it('joins items by requestIndex and logistics by itemIndex', () => {
		const joined = joinSimulation(['1001', '1002', '1003'], {
			items: [
				{
					id: '1001',
					requestIndex: 0,
					price: 4990,
					listPrice: 5990,
					priceValidUntil: '2026-12-31T23:59:59Z',
				},
				{ id: '1003', requestIndex: 2, price: 1000, listPrice: 1000, priceValidUntil: null },
			],
			logisticsInfo: [
				{ itemIndex: 0, stockBalance: 7 },
				{ itemIndex: 2, stockBalance: 3 },
			],
		});

		expect(joined).toEqual([
			{
				skuId: '1001',
				available: true,
				priceCents: 4990,
				listPriceCents: 5990,
				priceValidUntil: '2026-12-31T23:59:59Z',
				stock: 7,
			},
			{
				skuId: '1002',
				available: false,
				priceCents: null,
				listPriceCents: null,
				priceValidUntil: null,
				stock: 0,
			},
			{
				skuId: '1003',
				available: true,
				priceCents: 1000,
				listPriceCents: 1000,
				priceValidUntil: null,
				stock: 3,
			},
		]);
	});

	it('reads the delivery channel when stockBalance is absent', () => {
		const [joined] = joinSimulation(['1001'], {
			items: [{ id: '1001', requestIndex: 0, price: 1 }],
			logisticsInfo: [{ itemIndex: 0, deliveryChannels: [{ id: 'delivery', stockBalance: 4 }] }],
		});

		expect(joined.stock).toBe(4);
	});
});

describe('priceFields', () => {
	const simulated = {
		skuId: '1001',
		available: true,
		priceCents: 4990,
		listPriceCents: 4990,
		priceValidUntil: null,
		stock: 2,
	};

	it('sets listPrice to null when it equals the price', () => {
		expect(priceFields(simulated, false)).toEqual({
			price: 49.9,
			listPrice: null,
			priceValidUntil: null,
			availableInSimulation: true,
		});
	});

	it('keeps a higher list price and adds stock on request', () => {
		expect(priceFields({ ...simulated, listPriceCents: 5990 }, true)).toEqual({
			price: 49.9,
			listPrice: 59.9,
			priceValidUntil: null,
			availableInSimulation: true,
			stock: 2,
		});
	});
});

describe('describeSkus', () => {
	it('names up to three SKUs', () => {
		expect(describeSkus(['1'])).toBe('SKU 1');
		expect(describeSkus(['1', '2'])).toBe('SKUs 1, 2');
		expect(describeSkus(['1', '2', '3', '4', '5'])).toBe('SKUs 1, 2, 3 and 2 more');
	});
});
