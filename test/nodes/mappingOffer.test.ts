import type { INodeParameters } from 'n8n-workflow';

import { outputOf, runWorkflow } from '../harness';
import { sandboxCredentials, workflowFor } from '../helpers/workflows';

/** The offer and parse operations send no request, so the credential points at an unused address. */
const credentials = sandboxCredentials('http://127.0.0.1:9');

type Json = Record<string, unknown>;

async function runMapping(
	name: string,
	parameters: INodeParameters,
	input: Json[],
	continueOnFail = false,
) {
	const workflow = workflowFor({ type: 'vtexMapping', name, parameters, continueOnFail }, input);
	const run = await runWorkflow(workflow, credentials);
	return { run, items: outputOf(run, name) };
}

/** Creates an input item as VTEX Catalog and VTEX Price output it, before the offer is built. */
function skuItem(skuId: number, categoryId: number, extra: Json = {}, skuExtra: Json = {}): Json {
	return {
		skuId: String(skuId),
		eligible: true,
		price: 89.9,
		listPrice: null,
		stock: 12,
		sku: {
			Id: skuId,
			ProductId: 500 + (skuId % 100),
			NameComplete: `Lumen lamp ${skuId}`,
			ProductCategoryIds: `/1/${categoryId}/`,
			BrandName: 'Acme',
			Images: [
				{ ImageUrl: `http://127.0.0.1/arquivos/ids/${skuId}1/a.jpg`, FileId: 1 },
				{ ImageUrl: `http://127.0.0.1/arquivos/ids/${skuId}2/b.jpg`, FileId: 2 },
			],
			ProductSpecifications: [{ FieldName: 'Voltage', FieldValues: ['220'] }],
			SkuSpecifications: [{ FieldName: 'Color', FieldValues: ['Black', 'White'] }],
			...skuExtra,
		},
		...extra,
	};
}

const CATEGORY_MAP = [
	{ vtexCategoryId: '21', marketplaceCategoryId: 'HOME-LIGHT' },
	{ vtexCategoryId: '23', marketplaceCategoryId: '' },
];

function build(parameters: INodeParameters, input: Json[]) {
	return runMapping(
		'Build',
		{
			resource: 'offer',
			operation: 'build',
			categoryMap: JSON.stringify(CATEGORY_MAP),
			...parameters,
		},
		input,
	);
}

describe('VTEX Mapping node, parseMapping', () => {
	const cases: Array<[string, unknown, Json[]]> = [
		[
			'flat rows',
			[{ vtexCategoryId: 21, marketplaceCategoryId: 'HOME-LIGHT', vtexCategoryName: 'Lamps' }],
			[{ vtexCategoryId: '21', marketplaceCategoryId: 'HOME-LIGHT', vtexCategoryName: 'Lamps' }],
		],
		[
			'Pascal case under a key',
			{ Mappings: [{ VtexCategoryId: '22', MarketplaceCategoryId: 'KITCHEN-COOK' }] },
			[{ vtexCategoryId: '22', marketplaceCategoryId: 'KITCHEN-COOK' }],
		],
		[
			'snake case',
			{ data: { items: [{ category_id: 7, mapped_category_id: 'TOOLS' }] } },
			[{ vtexCategoryId: '7', marketplaceCategoryId: 'TOOLS' }],
		],
		[
			'nested objects',
			{
				mapping: [
					{
						vtexCategory: { id: 21, name: 'Lamps' },
						marketplaceCategory: { id: 'HOME-LIGHT', name: 'Lighting' },
					},
				],
			},
			[
				{
					vtexCategoryId: '21',
					marketplaceCategoryId: 'HOME-LIGHT',
					vtexCategoryName: 'Lamps',
					marketplaceCategoryName: 'Lighting',
				},
			],
		],
		[
			'a VTEX tree with children',
			{
				categories: [
					{
						id: 1,
						name: 'Home',
						mappedCategory: { id: 'HOME' },
						children: [{ id: 21, name: 'Lamps', mappedCategory: { id: 'HOME-LIGHT' } }],
					},
				],
			},
			[
				{ vtexCategoryId: '1', marketplaceCategoryId: 'HOME', vtexCategoryName: 'Home' },
				{ vtexCategoryId: '21', marketplaceCategoryId: 'HOME-LIGHT', vtexCategoryName: 'Lamps' },
			],
		],
		[
			'an ID object',
			{ '21': 'HOME-LIGHT', '22': { id: 'KITCHEN-COOK', name: 'Cookware' } },
			[
				{ vtexCategoryId: '21', marketplaceCategoryId: 'HOME-LIGHT' },
				{
					vtexCategoryId: '22',
					marketplaceCategoryId: 'KITCHEN-COOK',
					marketplaceCategoryName: 'Cookware',
				},
			],
		],
		[
			'JSON text',
			JSON.stringify([{ categoryId: 21, marketplaceCategoryId: 'HOME-LIGHT' }]),
			[{ vtexCategoryId: '21', marketplaceCategoryId: 'HOME-LIGHT' }],
		],
		['an empty mapping', { mappings: [] }, []],
	];

	it.each(cases)('reads %s', async (_label, payload, expected) => {
		const { run, items } = await runMapping(
			'Parse',
			{ resource: 'mapper', operation: 'parseMapping' },
			[{ body: payload }],
		);

		expect(run.status).toBe('success');
		expect(items.map((item) => item.json)).toEqual(
			expected.map((row) =>
				expect.objectContaining({
					vtexCategoryName: '',
					marketplaceCategoryName: '',
					...row,
					updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
				}),
			),
		);
	});

	it('drops unmapped rows when asked', async () => {
		const { items } = await runMapping(
			'Parse',
			{ resource: 'mapper', operation: 'parseMapping', options: { includeUnmapped: false } },
			[{ body: CATEGORY_MAP }],
		);
		expect(items.map((item) => item.json.vtexCategoryId)).toEqual(['21']);
	});

	it('fails on an unknown shape', async () => {
		const { items } = await runMapping(
			'Parse',
			{ resource: 'mapper', operation: 'parseMapping' },
			[{ body: { hello: 'world' } }],
			true,
		);
		expect(items[0].json.error).toBe('No category mapping found in the payload');
	});
});

describe('VTEX Mapping node, build', () => {
	it('builds an offer with the default fields', async () => {
		const { run, items } = await build({}, [skuItem(1001, 21)]);

		expect(run.status).toBe('success');
		expect(items[0].json).toEqual({
			skuId: '1001',
			productId: '501',
			vtexCategoryId: '21',
			marketplaceCategoryId: 'HOME-LIGHT',
			offer: {
				title: 'Lumen lamp 1001',
				categoryId: 'HOME-LIGHT',
				price: 89.9,
				stock: 12,
				images: [
					'http://127.0.0.1/arquivos/ids/10011/a.jpg',
					'http://127.0.0.1/arquivos/ids/10012/b.jpg',
				],
			},
			ready: true,
			idMapStatus: 'integrated',
			missingFields: [],
			lastError: '',
			eligible: true,
		});
	});

	it('applies each transform', async () => {
		const fields = {
			field: [
				{
					target: 'title',
					source: 'sku.BrandName, sku.NameComplete',
					transform: 'join',
					argument: ' - ',
				},
				{ target: 'priceFromCents', source: 'priceCents', transform: 'centsToDecimal' },
				{ target: 'images', source: 'sku.Images', transform: 'images', argument: '1' },
				{ target: 'category', source: 'sku.ProductCategoryIds', transform: 'category' },
				{
					target: 'attributes.voltage',
					source: 'sku',
					transform: 'specification',
					argument: 'voltage',
				},
				{
					target: 'attributes.color',
					source: 'sku',
					transform: 'specification',
					argument: 'Color',
				},
				{
					target: 'attributes.brand',
					source: 'sku',
					transform: 'specification',
					argument: 'Brand',
				},
				{
					target: 'ean',
					source: 'sku.AlternateIds.Ean',
					transform: 'rename',
					defaultValue: 'none',
				},
			],
		};
		const { items } = await build({ fields, requiredFields: '' }, [
			skuItem(1001, 21, { priceCents: 4990 }),
		]);

		expect(items[0].json.offer).toEqual({
			title: 'Acme - Lumen lamp 1001',
			priceFromCents: 49.9,
			images: ['http://127.0.0.1/arquivos/ids/10011/a.jpg'],
			category: 'HOME-LIGHT',
			attributes: { voltage: '220', color: 'Black, White' },
			ean: 'none',
		});
		expect(items[0].json.ready).toBe(true);
		expect(items[0].json.logEntries).toBeUndefined();
	});

	it('reports defaults with A3 when asked', async () => {
		const fields = {
			field: [
				{ target: 'ean', source: 'sku.AlternateIds.Ean', transform: 'rename', defaultValue: '0' },
			],
		};
		const { items } = await build(
			{ fields, requiredFields: '', options: { alertOnDefaults: true } },
			[skuItem(1001, 21)],
		);
		const entries = items[0].json.logEntries as Json[];

		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ status: 'Alert', messageCode: 'A3', skuId: '1001' });
		expect(entries[0].businessMessage).toContain('ean → 0');
		expect(items[0].json.ready).toBe(true);
	});

	it('names each missing required field in an Alert', async () => {
		const input = skuItem(1002, 21, { stock: null }, { NameComplete: '  ' });
		const { items } = await build({}, [input]);
		const entries = items[0].json.logEntries as Json[];

		expect(items[0].json.ready).toBe(false);
		expect(items[0].json.idMapStatus).toBe('pending');
		expect(items[0].json.missingFields).toEqual(['title', 'stock']);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			skuId: '1002',
			status: 'Alert',
			messageCode: 'A4',
			operation: 'Offer creation',
		});
		expect(entries[0].businessMessage).toContain('missing the required fields title, stock');
		expect(items[0].json.lastError).toBe(entries[0].businessMessage);
		expect(items[0].json.offer).not.toHaveProperty('title');
		expect(items[0].json.offer).not.toHaveProperty('stock');
	});

	it('keeps an unmapped category pending with E4', async () => {
		const { items } = await build({}, [skuItem(1003, 22), skuItem(1004, 23)]);

		for (const [index, categoryId] of [
			[0, '22'],
			[1, '23'],
		] as const) {
			const json = items[index].json;
			const entries = json.logEntries as Json[];
			expect(json.ready).toBe(false);
			expect(json.idMapStatus).toBe('pending');
			expect(json.vtexCategoryId).toBe(categoryId);
			expect(json.marketplaceCategoryId).toBeNull();
			expect(json.missingFields).toEqual([]);
			expect(entries).toHaveLength(1);
			expect(entries[0]).toMatchObject({ status: 'Error', messageCode: 'E4' });
			expect(entries[0].businessMessage).toContain(`VTEX category ${categoryId} of SKU`);
		}
	});

	it('uses the default category with an empty map', async () => {
		const { items } = await build({ categoryMap: '[]', defaultCategory: 'GENERAL' }, [
			skuItem(1003, 22),
		]);

		expect(items[0].json.ready).toBe(true);
		expect(items[0].json.marketplaceCategoryId).toBe('GENERAL');
		expect((items[0].json.offer as Json).categoryId).toBe('GENERAL');
	});

	it('keeps the SKU pending with an empty map and no default', async () => {
		const { items } = await build({ categoryMap: '[]' }, [skuItem(1003, 22)]);
		const entries = items[0].json.logEntries as Json[];

		expect(items[0].json.ready).toBe(false);
		expect(entries[0]).toMatchObject({ status: 'Error', messageCode: 'E4' });
		expect(entries[0].businessMessage).toContain('category map is empty');
	});

	it('reads a category map object', async () => {
		const map = { '21': 'HOME-LIGHT' };
		const { items } = await build({ categoryMap: '={{ ' + JSON.stringify(map) + ' }}' }, [
			skuItem(1001, 21),
			skuItem(1002, 21),
		]);
		expect(items.map((item) => item.json.marketplaceCategoryId)).toEqual([
			'HOME-LIGHT',
			'HOME-LIGHT',
		]);
	});

	it('reports a failed transform with E1', async () => {
		const fields = {
			field: [{ target: 'price', source: 'priceCents', transform: 'centsToDecimal' }],
		};
		const { items } = await build({ fields, requiredFields: 'price' }, [
			skuItem(1001, 21, { priceCents: 'free' }),
		]);
		const entries = items[0].json.logEntries as Json[];

		expect(items[0].json.ready).toBe(false);
		expect(entries[0]).toMatchObject({ status: 'Error', messageCode: 'E1' });
		expect(entries[0].businessMessage).toContain('priceCents is "free", not an amount in cents');
	});

	it('keeps log entries of earlier nodes', async () => {
		const earlier = { skuId: '1001', status: 'Alert', messageCode: 'A1', businessMessage: 'x' };
		const { items } = await build({}, [skuItem(1001, 22, { logEntries: [earlier] })]);
		const entries = items[0].json.logEntries as Json[];

		expect(entries.map((entry) => entry.messageCode)).toEqual(['A1', 'E4']);
	});

	it('holds a SKU whose price failed the check', async () => {
		const alert = {
			skuId: '1001',
			status: 'Alert',
			messageCode: 'A5',
			businessMessage: 'The price of SKU 1001 is not sent: the price -7.9 is not above zero.',
		};
		const held = skuItem(1001, 21, { price: -7.9, sendable: false, logEntries: [alert] });
		const { items } = await build({}, [held, skuItem(1002, 21, { sendable: true })]);

		expect(items[0].json.ready).toBe(false);
		expect(items[0].json.idMapStatus).toBe('pending');
		expect(items[0].json.lastError).toBe(alert.businessMessage);
		expect(items[1].json.ready).toBe(true);
	});
});

describe('VTEX Mapping node, planAction', () => {
	const idMap = [
		{ skuId: '1001', offerId: 'OF-7f3a', status: 'integrated' },
		{ skuId: 1002, offerId: 'OF-b91c', status: 'integrated' },
		{ skuId: '1003', offerId: '', status: 'pending' },
		{ skuId: '1004', offerId: 'OF-0d22', status: 'inactive' },
		{ skuId: '1005', offerId: 'OF-e5e5', status: 'removed' },
		{ skuId: '1006', offerId: 'OF-aa00', status: 'inactive' },
	];

	it('plans each action with opaque offer IDs', async () => {
		const input = [
			{ skuId: '1001', eligible: true, ready: true },
			{ skuId: '1002', eligible: false },
			{ skuId: '1003', ready: true },
			{ skuId: '1004', eligible: true, ready: true },
			{ skuId: '1005', ready: true },
			{ skuId: '1006', eligible: false },
			{ skuId: '1007', eligible: false },
			{ skuId: '1008', ready: false },
			{ skuId: '1001', ready: false },
		];
		const { run, items } = await runMapping(
			'Plan',
			{ resource: 'offer', operation: 'planAction', idMapRows: JSON.stringify(idMap) },
			input,
		);
		const plans = items.map((item) => [
			item.json.skuId,
			item.json.action,
			item.json.offerId,
			item.json.actionReason,
			item.json.idMapStatus,
		]);

		expect(run.status).toBe('success');
		expect(plans).toEqual([
			['1001', 'update', 'OF-7f3a', 'known', 'integrated'],
			['1002', 'deactivate', 'OF-b91c', 'ineligible', 'inactive'],
			['1003', 'create', null, 'new', 'integrated'],
			['1004', 'update', 'OF-0d22', 'reactivate', 'integrated'],
			['1005', 'update', 'OF-e5e5', 'reactivate', 'integrated'],
			['1006', 'skip', 'OF-aa00', 'alreadyInactive', 'inactive'],
			['1007', 'skip', null, 'ineligible', null],
			['1008', 'skip', null, 'notReady', 'pending'],
			['1001', 'skip', 'OF-7f3a', 'notReady', 'pending'],
		]);
		expect(items[1].json.previousStatus).toBe('integrated');
		expect(items[0].json.eligible).toBe(true);
		expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
	});

	it('plans from build output fields', async () => {
		const { items } = await runMapping(
			'Plan',
			{
				resource: 'offer',
				operation: 'planAction',
				idMapRows: '[]',
				eligibleField: 'check.ok',
			},
			[{ skuId: '1001', check: { ok: false } }],
		);
		expect(items[0].json.action).toBe('skip');
		expect(items[0].json.actionReason).toBe('ineligible');
	});
});

describe('VTEX Mapping node, planAction with last values sent', () => {
	const idMap = [
		{ skuId: '1001', offerId: 'MKT-1001', status: 'integrated' },
		{ skuId: '1002', offerId: 'MKT-1002', status: 'integrated' },
		{ skuId: '1003', offerId: 'MKT-1003', status: 'integrated' },
		{ skuId: '1004', offerId: 'MKT-1004', status: 'inactive' },
		{ skuId: '1005', offerId: 'MKT-1005', status: 'pending' },
	];
	const offer = { title: 'Lumen desk lamp', categoryId: 'HOME-LIGHT', price: 89.9, stock: 12 };

	/** Plans once to learn the row the template would store after sending the offer. */
	async function storedRow(skuId: string, sent: Json) {
		const { items } = await runMapping(
			'Plan',
			{ resource: 'offer', operation: 'planAction', idMapRows: JSON.stringify(idMap) },
			[{ skuId, ready: true, offer: sent }],
		);
		return { skuId, ...(items[0].json.lastSent as Json) };
	}

	it('skips an update that sends the same offer', async () => {
		const lastSent = [
			await storedRow('1001', offer),
			await storedRow('1002', offer),
			{ ...(await storedRow('1003', offer)), stock: 11 },
			await storedRow('1004', offer),
			await storedRow('1005', offer),
		];
		const input = [
			{ skuId: '1001', ready: true, offer },
			{ skuId: '1002', ready: true, offer: { ...offer, title: 'Lumen desk lamp, black' } },
			{ skuId: '1003', ready: true, offer },
			{ skuId: '1004', ready: true, offer },
			{ skuId: '1005', ready: true, offer },
		];
		const { items } = await runMapping(
			'Plan',
			{
				resource: 'offer',
				operation: 'planAction',
				idMapRows: JSON.stringify(idMap),
				lastSentRows: JSON.stringify(lastSent),
			},
			input,
		);
		const plans = items.map((item) => [item.json.skuId, item.json.action, item.json.actionReason]);

		expect(plans).toEqual([
			['1001', 'skip', 'unchanged'],
			['1002', 'update', 'known'],
			['1003', 'update', 'known'],
			['1004', 'update', 'reactivate'],
			['1005', 'update', 'known'],
		]);
		expect(items[0].json.idMapStatus).toBe('integrated');
		expect(items[0].json.lastSent).toBeUndefined();
		expect(items[1].json.lastSent).toMatchObject({ price: 89.9, stock: 12, active: true });
	});

	it('sends an update when the row has no catalog hash', async () => {
		const lastSent = [{ skuId: '1001', price: 89.9, listPrice: null, stock: 12, active: true }];
		const { items } = await runMapping(
			'Plan',
			{
				resource: 'offer',
				operation: 'planAction',
				idMapRows: JSON.stringify(idMap),
				lastSentRows: JSON.stringify(lastSent),
			},
			[{ skuId: '1001', ready: true, offer }],
		);

		expect(items[0].json.action).toBe('update');
	});

	it('marks entries of a SKU still pending as Pending', async () => {
		const unmapped = {
			skuId: '1005',
			status: 'Error',
			operation: 'Offer creation',
			messageCode: 'E4',
			businessMessage: 'VTEX category 24 of SKU 1005 has no marketplace category',
		};
		const rows = [
			{ skuId: '1005', offerId: 'MKT-1005', status: 'pending' },
			{ skuId: '1006', offerId: '', status: 'integrated' },
		];
		const { items } = await runMapping(
			'Plan',
			{ resource: 'offer', operation: 'planAction', idMapRows: JSON.stringify(rows) },
			[
				{ skuId: '1005', ready: false, logEntries: [unmapped] },
				{ skuId: '1006', ready: false, logEntries: [{ ...unmapped, skuId: '1006' }] },
				{ skuId: '1007', ready: false, logEntries: [{ ...unmapped, skuId: '1007' }] },
			],
		);
		const statuses = items.map((item) => (item.json.logEntries as Json[])[0].status);

		expect(statuses).toEqual(['Pending', 'Error', 'Error']);
		expect((items[0].json.logEntries as Json[])[0].businessMessage).toContain('category 24');
		expect(items[0].json.idMapStatus).toBe('pending');
	});
});

describe('VTEX Mapping node, build with an attribute map', () => {
	const attributeMap = [
		{ categoryId: '21', attribute: 'voltage', specId: '30', required: true },
		{ categoryId: '21', attribute: 'brand', specId: '40', required: false },
		{ categoryId: '', attribute: 'origin', specId: '50', required: false, defaultValue: 'BR' },
		{ categoryId: '99', attribute: 'size', specId: '60', required: true },
	];
	const specifications = (entries: Array<[number, string[]]>) =>
		entries.map(([id, values]) => ({ FieldId: id, FieldName: `Spec ${id}`, FieldValues: values }));

	it('sets attributes that have a value', async () => {
		const { items } = await build({ attributeMap: JSON.stringify(attributeMap) }, [
			skuItem(
				1001,
				21,
				{},
				{
					ProductSpecifications: specifications([
						[30, ['110']],
						[40, ['Fjellkraft']],
					]),
				},
			),
			skuItem(
				1002,
				21,
				{},
				{
					ProductSpecifications: specifications([
						[30, ['220']],
						[40, ['']],
					]),
				},
			),
		]);
		const [withBrand, withoutBrand] = items.map((item) => item.json.offer as Json);

		expect(withBrand.attributes).toEqual({ voltage: '110', brand: 'Fjellkraft', origin: 'BR' });
		expect(withoutBrand.attributes).toEqual({ voltage: '220', origin: 'BR' });
		expect(items[1].json.ready).toBe(true);
	});

	it('keeps a SKU without a required attribute pending', async () => {
		const { items } = await build({ attributeMap: JSON.stringify(attributeMap) }, [
			skuItem(1001, 21, {}, { ProductSpecifications: specifications([[40, ['Nordlys']]]) }),
		]);
		const entries = items[0].json.logEntries as Json[];

		expect(items[0].json.ready).toBe(false);
		expect(items[0].json.missingFields).toEqual(['attributes.voltage']);
		expect(entries[0]).toMatchObject({ status: 'Alert', messageCode: 'A4' });
		expect((items[0].json.offer as Json).attributes).toEqual({ brand: 'Nordlys', origin: 'BR' });
	});

	it('rejects a row without a specification ID', async () => {
		const workflow = workflowFor(
			{
				type: 'vtexMapping',
				name: 'Build',
				parameters: {
					resource: 'offer',
					operation: 'build',
					attributeMap: JSON.stringify([{ attribute: 'voltage' }]),
				},
			},
			[skuItem(1001, 21)],
		);
		const run = await runWorkflow(workflow, credentials);

		expect(run.status).toBe('error');
		expect(run.data.resultData.error?.message).toBe('Invalid Attribute Map');
	});
});

describe('VTEX Mapping node, build title', () => {
	it('uses a SKU name that repeats the product', async () => {
		const { items } = await build({}, [
			skuItem(
				1001,
				21,
				{},
				{
					ProductName: 'Brisa tower fan',
					SkuName: 'Brisa tower fan, white',
					NameComplete: 'Brisa tower fan Brisa tower fan, white',
				},
			),
			skuItem(
				1002,
				21,
				{},
				{
					ProductName: 'Brisa tower fan',
					SkuName: 'White',
					NameComplete: 'Brisa tower fan White',
				},
			),
		]);
		const titles = items.map((item) => (item.json.offer as Json).title);

		expect(titles).toEqual(['Brisa tower fan, white', 'Brisa tower fan White']);
	});
});

describe('VTEX Mapping node, SKU IDs with leading zeros', () => {
	const idMap = [
		{ skuId: '1001', offerId: 'MKT-1001', status: 'integrated' },
		{ skuId: '001002', offerId: 'MKT-1002', status: 'integrated' },
	];
	const offer = { title: 'Lumen desk lamp', categoryId: 'HOME-LIGHT', price: 89.9, stock: 12 };

	it('plans against the same ID map row', async () => {
		const { items } = await runMapping(
			'Plan',
			{ resource: 'offer', operation: 'planAction', idMapRows: JSON.stringify(idMap) },
			[
				{ skuId: '01001', ready: true, offer },
				{ skuId: 1002, ready: true, offer },
			],
		);
		const plans = items.map((item) => [item.json.skuId, item.json.action, item.json.offerId]);

		// The items keep the SKU ID as given, so later nodes still find them by it.
		expect(plans).toEqual([
			['01001', 'update', 'MKT-1001'],
			['1002', 'update', 'MKT-1002'],
		]);
	});

	it('compares with the same last sent row', async () => {
		const first = await runMapping(
			'Plan',
			{ resource: 'offer', operation: 'planAction', idMapRows: JSON.stringify(idMap) },
			[{ skuId: '1001', ready: true, offer }],
		);
		const lastSent = [{ skuId: '0001001', ...(first.items[0].json.lastSent as Json) }];
		const { items } = await runMapping(
			'Plan',
			{
				resource: 'offer',
				operation: 'planAction',
				idMapRows: JSON.stringify(idMap),
				lastSentRows: JSON.stringify(lastSent),
			},
			[{ skuId: '1001', ready: true, offer }],
		);

		expect(items[0].json.action).toBe('skip');
		expect(items[0].json.actionReason).toBe('unchanged');
	});
});

describe('VTEX Mapping node, planAction after a failed node', () => {
	const idMap = [
		{ skuId: '1001', offerId: '', status: 'pending' },
		{ skuId: '1002', offerId: 'MKT-1002', status: 'inactive' },
		{ skuId: '1003', offerId: 'MKT-1003', status: 'integrated' },
	];
	const failure = {
		skuId: '1009',
		status: 'Error',
		operation: 'Catalog change',
		messageCode: 'E7',
		businessMessage: 'VTEX Catalog failed for SKU 1009: VTEX failed to respond',
	};

	it('keeps the ID map status of a failed item', async () => {
		// The items as continue-on-fail leaves them: the error, the SKU and its log entry.
		const input = ['1001', '1002', '1003', '1004'].map((skuId) => ({
			skuId,
			error: 'VTEX failed to respond to skuContext for SKU ' + skuId,
			logEntries: [{ ...failure, skuId }],
		}));
		const { items } = await runMapping(
			'Plan',
			{ resource: 'offer', operation: 'planAction', idMapRows: JSON.stringify(idMap) },
			input,
		);
		const plans = items.map((item) => [
			item.json.skuId,
			item.json.action,
			item.json.actionReason,
			item.json.offerId,
			item.json.idMapStatus,
		]);

		// A SKU without a row becomes pending, so the retry template reads it again.
		expect(plans).toEqual([
			['1001', 'skip', 'failed', null, 'pending'],
			['1002', 'skip', 'failed', 'MKT-1002', 'inactive'],
			['1003', 'skip', 'failed', 'MKT-1003', 'integrated'],
			['1004', 'skip', 'failed', null, 'pending'],
		]);
		expect(items[0].json.error).toBe(input[0].error);
		expect(items[0].json.logEntries).toEqual(input[0].logEntries);
	});
});

describe('VTEX Mapping node, planAction for a SKU still pending', () => {
	it('keeps a node failure as Error', async () => {
		const entry = { skuId: '1005', operation: 'Price update', direction: 'VTEX to Marketplace' };
		const nodeFailure = {
			...entry,
			status: 'Error',
			messageCode: 'E7',
			businessMessage: 'VTEX Price failed for SKU 1005: VTEX failed to respond to simulation',
		};
		const missingPrice = {
			...entry,
			status: 'Alert',
			messageCode: 'A4',
			businessMessage: 'SKU 1005 is missing the required fields price, stock',
		};
		const { items } = await runMapping(
			'Plan',
			{
				resource: 'offer',
				operation: 'planAction',
				idMapRows: JSON.stringify([{ skuId: '1005', offerId: '', status: 'pending' }]),
			},
			[{ skuId: '1005', ready: false, logEntries: [nodeFailure, missingPrice] }],
		);
		const entries = items[0].json.logEntries as Json[];

		// The failure is new in this run, unlike the cause that made the SKU pending.
		expect(entries.map((logEntry) => [logEntry.messageCode, logEntry.status])).toEqual([
			['E7', 'Error'],
			['A4', 'Pending'],
		]);
		expect(items[0].json.idMapStatus).toBe('pending');
	});
});
