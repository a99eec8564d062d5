import {
	CHANGE_KINDS,
	matchesFilters,
	parseNotifications,
	splitList,
} from '../../nodes/VtexTrigger/notification';
import type {
	NormalizedNotification,
	NotificationFilters,
} from '../../nodes/VtexTrigger/notification';

const RECEIVED_AT = '2026-02-17T10:00:00.000Z';

const pascal = {
	IdSku: '1001',
	ProductId: 501,
	An: 'acmestore',
	IdAffiliate: 'KTZ',
	Version: 'v-17',
	DateModified: '2026-02-17T09:41:12.4471093Z',
	IsActive: true,
	StockModified: true,
	PriceModified: false,
	HasStockKeepingUnitModified: false,
	HasStockKeepingUnitRemovedFromAffiliate: false,
};

const guideStyle = {
	idSKU: '1001',
	productId: '501',
	an: 'acmestore',
	idAffiliate: 'KTZ',
	version: 'v-17',
	dateModified: '2026-02-17T09:41:12.4471093Z',
	isActive: 'true',
	stockModified: 'true',
	priceModified: 'false',
	hasStockKeepingUnitModified: 'false',
	hasStockKeepingUnitRemovedFromAffiliate: 'false',
};

function parseOne(body: unknown): NormalizedNotification {
	const result = parseNotifications(body, RECEIVED_AT);
	if (!result.valid) throw new Error(`expected a valid body, got: ${result.error}`);
	expect(result.notifications).toHaveLength(1);
	return result.notifications[0];
}

function errorOf(body: unknown): string {
	const result = parseNotifications(body, RECEIVED_AT);
	if (result.valid) throw new Error(`expected an invalid body, got ${JSON.stringify(result)}`);
	return result.error;
}

const noFilters: NotificationFilters = { changes: [], accounts: [], affiliates: [] };

describe('parseNotifications', () => {
	it('reads the PascalCase body VTEX sends', () => {
		expect(parseOne(pascal)).toEqual({
			skuId: '1001',
			productId: '501',
			account: 'acmestore',
			affiliateId: 'KTZ',
			active: true,
			stockModified: true,
			priceModified: false,
			skuModified: false,
			removedFromAffiliate: false,
			changes: ['stock'],
			dateModified: '2026-02-17T09:41:12.4471093Z',
			version: 'v-17',
			receivedAt: RECEIVED_AT,
		});
	});

	it('reads guide casing and string flags alike', () => {
		expect(parseOne(guideStyle)).toEqual(parseOne(pascal));
	});

	it('matches keys in any case', () => {
		const item = parseOne({ IDSKU: 7, PRODUCTID: '8', stockmodified: 'TRUE', isactive: 'False' });

		expect(item.skuId).toBe('7');
		expect(item.productId).toBe('8');
		expect(item.stockModified).toBe(true);
		expect(item.active).toBe(false);
	});

	it('turns numeric ids into strings', () => {
		const item = parseOne({ IdSku: 1001, ProductId: 501 });

		expect(item.skuId).toBe('1001');
		expect(item.productId).toBe('501');
	});

	it('drops leading zeros from ids', () => {
		const item = parseOne({ IdSku: ' 0012 ', ProductId: '007' });

		expect(item.skuId).toBe('12');
		expect(item.productId).toBe('7');
	});

	it('names the maximum of a too large id', () => {
		const error = errorOf({ IdSku: '9007199254740993' });

		expect(error).toContain('IdSku must be a whole number from 0 to 9007199254740991');
		expect(error).toContain('got "9007199254740993"');
	});

	it('gives null and false for absent fields', () => {
		const item = parseOne({ IdSku: '1001' });

		expect(item.productId).toBeNull();
		expect(item.account).toBeNull();
		expect(item.affiliateId).toBeNull();
		expect(item.active).toBeNull();
		expect(item.dateModified).toBeNull();
		expect(item.version).toBeNull();
		expect(item.stockModified).toBe(false);
		expect(item.priceModified).toBe(false);
		expect(item.skuModified).toBe(false);
		expect(item.removedFromAffiliate).toBe(false);
		expect(item.changes).toEqual([]);
	});

	it('reads an array as one item per notification', () => {
		const result = parseNotifications(
			[pascal, { ...guideStyle, idSKU: '1002' }, { IdSku: 1003, PriceModified: true }],
			RECEIVED_AT,
		);

		expect(result.valid).toBe(true);
		if (!result.valid) return;
		expect(result.notifications.map((item) => item.skuId)).toEqual(['1001', '1002', '1003']);
		expect(result.notifications[2].changes).toEqual(['price']);
	});

	it('accepts duplicate keys with the same value', () => {
		expect(parseOne({ IdSku: '1001', idSKU: '1001' }).skuId).toBe('1001');
	});

	describe('every flag combination', () => {
		const flagNames = [
			'HasStockKeepingUnitModified',
			'PriceModified',
			'StockModified',
			'IsActive',
			'HasStockKeepingUnitRemovedFromAffiliate',
		] as const;

		for (let mask = 0; mask < 2 ** flagNames.length; mask++) {
			const flags = Object.fromEntries(
				flagNames.map((name, bit) => [name, (mask & (1 << bit)) !== 0]),
			) as Record<(typeof flagNames)[number], boolean>;

			it(`combination ${mask} keeps every change`, () => {
				const asBooleans = parseOne({ IdSku: '1', ...flags });
				const asStrings = parseOne({
					idSKU: '1',
					...Object.fromEntries(
						Object.entries(flags).map(([name, value]) => [
							name.charAt(0).toLowerCase() + name.slice(1),
							String(value),
						]),
					),
				});

				const expected = CHANGE_KINDS.filter(
					(kind) =>
						(kind === 'data' && flags.HasStockKeepingUnitModified) ||
						(kind === 'price' && flags.PriceModified) ||
						(kind === 'stock' && flags.StockModified) ||
						(kind === 'deactivated' && !flags.IsActive) ||
						(kind === 'removedFromAffiliate' && flags.HasStockKeepingUnitRemovedFromAffiliate),
				);
				expect(asBooleans.changes).toEqual(expected);
				expect(asStrings).toEqual(asBooleans);
				expect(asBooleans.active).toBe(flags.IsActive);
				expect(asBooleans.skuModified).toBe(flags.HasStockKeepingUnitModified);
				expect(asBooleans.removedFromAffiliate).toBe(flags.HasStockKeepingUnitRemovedFromAffiliate);
			});
		}
	});

	describe('invalid bodies', () => {
		const cases: Array<[string, unknown, string]> = [
			[
				'missing IdSku',
				{ An: 'acmestore', StockModified: true },
				'Notification 0: IdSku is missing',
			],
			['null IdSku', { IdSku: null }, 'Notification 0: IdSku is missing'],
			['empty IdSku', { IdSku: '  ' }, 'Notification 0: IdSku must be a whole number'],
			['IdSku with a space', { IdSku: '12 34' }, 'Notification 0: IdSku must be a whole number'],
			['IdSku with letters', { IdSku: 'sku-12' }, 'Notification 0: IdSku must be a whole number'],
			['IdSku beyond safe integers', { IdSku: '12345678901234567890' }, 'IdSku must be'],
			['signed IdSku text', { IdSku: '-12' }, 'Notification 0: IdSku must be a whole number'],
			['ProductId with letters', { IdSku: '1', ProductId: 'p1' }, '(SKU 1): ProductId must be'],
			['negative IdSku', { IdSku: -4 }, 'Notification 0: IdSku must be'],
			['fractional IdSku', { IdSku: 1.5 }, 'Notification 0: IdSku must be'],
			['object IdSku', { IdSku: { id: 1 } }, 'Notification 0: IdSku must be'],
			[
				'boolean ProductId',
				{ IdSku: '1', ProductId: true },
				'Notification 0 (SKU 1): ProductId must be',
			],
			['numeric An', { IdSku: '1', An: 5 }, 'Notification 0 (SKU 1): An must be a string, got 5'],
			[
				'numeric IdAffiliate',
				{ IdSku: '1', IdAffiliate: 3 },
				'Notification 0 (SKU 1): IdAffiliate must be a string',
			],
			[
				'word flag',
				{ IdSku: '1', StockModified: 'yes' },
				'Notification 0 (SKU 1): StockModified must be true or false',
			],
			[
				'numeric flag',
				{ IdSku: '1', isActive: 1 },
				'Notification 0 (SKU 1): IsActive must be true or false',
			],
			[
				'conflicting duplicate keys',
				{ IdSku: '1', idSKU: '2' },
				'Notification 0: IdSku and idSKU are the same field with different values',
			],
			['second notification', [pascal, { An: 'acmestore' }], 'Notification 1: IdSku is missing'],
			[
				'third notification flag',
				[pascal, pascal, { IdSku: '3', PriceModified: 'maybe' }],
				'Notification 2 (SKU 3): PriceModified',
			],
			['string element', [pascal, 'IdSku=1'], 'Notification 1: must be a JSON object'],
			['null body', null, 'Notification 0: must be a JSON object, got null'],
			['text body', 'IdSku=1', 'Notification 0: must be a JSON object'],
			['number body', 42, 'Notification 0: must be a JSON object, got 42'],
			['empty array', [], 'The body is an empty array'],
		];

		for (const [name, body, message] of cases) {
			it(`rejects ${name}`, () => {
				expect(errorOf(body)).toContain(message);
			});
		}
	});

	describe('long invalid values', () => {
		const long = 'x'.repeat(5000);

		it('cuts a long flag value', () => {
			const error = errorOf({ IdSku: '1001', StockModified: long });

			expect(error).toContain(`got "${'x'.repeat(99)}… (5002 characters)`);
			expect(error).not.toContain('x'.repeat(101));
			expect(error.length).toBeLessThan(250);
		});

		it('cuts a long body', () => {
			const error = errorOf([pascal, long]);

			expect(error).toContain('Notification 1: must be a JSON object');
			expect(error).toContain('(5002 characters)');
			expect(error.length).toBeLessThan(250);
		});

		it('keeps a short value whole', () => {
			expect(errorOf({ IdSku: '1001', StockModified: 'yes' })).toMatch(/got "yes"$/);
		});

		it('cuts a long SKU id', () => {
			const error = errorOf({ IdSku: '9'.repeat(5000), StockModified: 'yes' });

			expect(error).toContain('IdSku must be a whole number');
			expect(error).toContain('(5002 characters)');
			expect(error.length).toBeLessThan(250);
		});

		it('compares duplicate keys in full', () => {
			const body = { IdSku: '1001', Version: `${long}a`, version: `${long}b` };

			expect(errorOf(body)).toContain('Version and version are the same field');
		});
	});

	describe('SKU in messages', () => {
		it('names the SKU once read', () => {
			expect(errorOf({ IdSku: 1001, PriceModified: 'maybe' })).toBe(
				'Notification 0 (SKU 1001): PriceModified must be true or false (a JSON boolean or the string "true" or "false"), got "maybe"',
			);
		});

		it('names position and SKU in an array', () => {
			const body = [pascal, { IdSku: '1002', ProductId: -1 }];

			expect(errorOf(body)).toContain('Notification 1 (SKU 1002): ProductId must be');
		});

		it('names no SKU before it is read', () => {
			expect(errorOf({ IdSku: true })).toMatch(/^Notification 0: IdSku must be/);
		});
	});
});

describe('matchesFilters', () => {
	const item = parseOne(pascal);

	it('keeps everything without filters', () => {
		expect(matchesFilters(item, noFilters)).toBe(true);
	});

	it('keeps notification with a requested change', () => {
		expect(matchesFilters(item, { ...noFilters, changes: ['price', 'stock'] })).toBe(true);
	});

	it('drops notification without requested changes', () => {
		expect(matchesFilters(item, { ...noFilters, changes: ['price', 'data'] })).toBe(false);
	});

	it('compares accounts without regard to case', () => {
		expect(matchesFilters(item, { ...noFilters, accounts: ['AcmeStore'] })).toBe(true);
		expect(matchesFilters(item, { ...noFilters, accounts: ['otherstore'] })).toBe(false);
	});

	it('filters affiliates', () => {
		expect(matchesFilters(item, { ...noFilters, affiliates: ['QWR', 'ktz'] })).toBe(true);
		expect(matchesFilters(item, { ...noFilters, affiliates: ['QWR'] })).toBe(false);
	});

	it('drops a notification without account when filtering accounts', () => {
		const bare = parseOne({ IdSku: '1' });

		expect(matchesFilters(bare, { ...noFilters, accounts: ['acmestore'] })).toBe(false);
		expect(matchesFilters(bare, { ...noFilters, affiliates: ['KTZ'] })).toBe(false);
	});

	it('drops a notification with no change when filtering changes', () => {
		const bare = parseOne({ IdSku: '1', IsActive: true });

		expect(matchesFilters(bare, { ...noFilters, changes: [...CHANGE_KINDS] })).toBe(false);
	});
});

describe('splitList', () => {
	it('trims entries and drops empty ones', () => {
		expect(splitList(' KTZ, QWR ,,')).toEqual(['KTZ', 'QWR']);
		expect(splitList('')).toEqual([]);
	});
});
