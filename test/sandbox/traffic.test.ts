import { call, sleep, startTestSandbox } from '../helpers/sandbox.cjs';

const IDS_PATH = '/api/catalog_system/pvt/sku/stockkeepingunitidsbysaleschannel';
const SIMULATION_PATH = '/api/fulfillment/pvt/orderForms/simulation?sc=2&affiliateId=KTZ';

function scenario(extra: Record<string, unknown> = {}) {
	return {
		format: 'vtex-sandbox-scenario/1',
		case: 'traffic-test',
		account: 'acmestore',
		salesChannel: 2,
		affiliateId: 'KTZ',
		catalog: {
			skuCount: 3,
			skus: [{ id: 1001, price: 11490, listPrice: 12990, stock: 15 }],
		},
		...extra,
	};
}

function simulationBody(...skuIds: string[]) {
	return {
		items: skuIds.map((id) => ({ id, quantity: 1, seller: '1' })),
		postalCode: null,
		country: 'BRA',
	};
}

type SimulationResult = {
	items: Array<{ id: string; price: number; listPrice: number; requestIndex: number }>;
	logisticsInfo: Array<{ itemIndex: number; stockBalance: number }>;
	messages: unknown[];
};

describe('sandbox faults', () => {
	test('fault with match and calls range', async () => {
		const sandbox = await startTestSandbox(
			scenario({
				faults: [
					{
						route: 'skuIdsBySalesChannel',
						match: { query: { page: '2' } },
						calls: [2, 3],
						status: 503,
						headers: { 'Retry-After': '1' },
						body: 'busy',
					},
				],
			}),
		);
		const statuses: number[] = [];
		for (const page of ['1', '2', '1', '2', '2', '2']) {
			statuses.push((await call(`${sandbox.url}${IDS_PATH}?sc=2&page=${page}`)).status);
		}
		// Page 2 requests are numbered 1, 2, 3, 4 among themselves; numbers 2 and 3 fail.
		expect(statuses).toEqual([200, 200, 200, 503, 503, 200]);
		const failed = await call(`${sandbox.url}${IDS_PATH}?sc=2&page=2`);
		expect(failed.status).toBe(200);
		await sandbox.close();
	});

	test('fault body headers and delay', async () => {
		const sandbox = await startTestSandbox(
			scenario({
				faults: [
					{
						route: 'skuContext',
						match: { sku: '1002' },
						status: 409,
						headers: { 'Content-Type': 'application/json', 'X-Case': 'yes' },
						body: { error: 'conflict' },
						delayMs: 150,
					},
				],
			}),
		);
		const started = Date.now();
		const result = await call(
			`${sandbox.url}/api/catalog_system/pvt/sku/stockkeepingunitbyid/1002`,
		);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(result.status).toBe(409);
		expect(result.headers['x-case']).toBe('yes');
		expect(result.json).toEqual({ error: 'conflict' });
		const other = await call(`${sandbox.url}/api/catalog_system/pvt/sku/stockkeepingunitbyid/1001`);
		expect(other.status).toBe(200);
		await sandbox.close();
	});

	test('delay-only fault responds normally', async () => {
		const sandbox = await startTestSandbox(
			scenario({ faults: [{ route: 'warehouses', calls: [1, 1], delayMs: 120 }] }),
		);
		const started = Date.now();
		const result = await call(`${sandbox.url}/api/logistics/pvt/configuration/warehouses`);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		expect(result.status).toBe(200);
		const entry = sandbox.journal()[0];
		expect(Number(entry.respondedMs) - entry.receivedMs).toBeGreaterThanOrEqual(110);
		await sandbox.close();
	});

	test('latency delays every response', async () => {
		const sandbox = await startTestSandbox(scenario({ latencyMs: { warehouses: 100 } }));
		const started = Date.now();
		await call(`${sandbox.url}/api/logistics/pvt/configuration/warehouses`);
		expect(Date.now() - started).toBeGreaterThanOrEqual(90);
		await sandbox.close();
	});
});

describe('sandbox rate limits', () => {
	test('window limit returns 429 with Retry-After', async () => {
		const sandbox = await startTestSandbox(
			scenario({
				rateLimits: [
					{ route: 'inventoryBySku', type: 'window', max: 3, windowMs: 400, retryAfterSeconds: 2 },
				],
			}),
		);
		const statuses: number[] = [];
		let retryAfter = '';
		for (let i = 0; i < 5; i++) {
			const result = await call(`${sandbox.url}/api/logistics/pvt/inventory/skus/1001`);
			statuses.push(result.status);
			if (result.status === 429) retryAfter = result.headers['retry-after'];
		}
		expect(statuses).toEqual([200, 200, 200, 429, 429]);
		expect(retryAfter).toBe('2');
		await sleep(450);
		const later = await call(`${sandbox.url}/api/logistics/pvt/inventory/skus/1001`);
		expect(later.status).toBe(200);
		await sandbox.close();
	});

	test('bucket limit sends Ratelimit headers', async () => {
		const sandbox = await startTestSandbox(
			scenario({
				rateLimits: [
					{
						route: 'pricingGet',
						type: 'bucket',
						ratePerSecond: 10,
						burst: 3,
						retryAfterSeconds: 1,
						headers: true,
					},
				],
			}),
		);
		const results = [];
		for (let i = 0; i < 4; i++) {
			results.push(await call(`${sandbox.url}/acmestore/pricing/prices/1001`));
		}
		expect(results.map((result) => result.status)).toEqual([200, 200, 200, 429]);
		expect(results[0].headers['ratelimit-limit']).toBe('3');
		expect(results[0].headers['ratelimit-remaining']).toBe('2');
		expect(results[2].headers['ratelimit-remaining']).toBe('0');
		expect(results[2].headers['ratelimit-reset']).toBe('1');
		expect(results[3].headers['retry-after']).toBe('1');
		expect(results[3].headers['ratelimit-remaining']).toBe('0');
		// 10 tokens per second refill one token in 100 ms.
		await sleep(150);
		const refilled = await call(`${sandbox.url}/acmestore/pricing/prices/1001`);
		expect(refilled.status).toBe(200);
		await sandbox.close();
	});
});

describe('sandbox journal', () => {
	test('entry has every field', async () => {
		const sandbox = await startTestSandbox(scenario());
		await call(`${sandbox.url}${SIMULATION_PATH}`, {
			method: 'POST',
			body: simulationBody('1001', '1002'),
		});
		const entries = sandbox.journal();
		expect(entries).toHaveLength(1);
		const entry = entries[0];
		expect(entry.seq).toBe(1);
		expect(entry.route).toBe('simulation');
		expect(entry.method).toBe('POST');
		expect(entry.path).toBe('/api/fulfillment/pvt/orderForms/simulation');
		expect(entry.query).toEqual({ sc: '2', affiliateId: 'KTZ' });
		expect(entry.headers['content-type']).toBe('application/json');
		expect(entry.skus).toEqual(['1001', '1002']);
		expect(entry.status).toBe(200);
		expect(entry.receivedMs).toBeGreaterThanOrEqual(0);
		expect(Number(entry.respondedMs)).toBeGreaterThanOrEqual(entry.receivedMs);
		expect(entry.remoteAddress).toContain('127.0.0.1');
		expect(entry.bodySize).toBe(JSON.stringify(simulationBody('1001', '1002')).length);
		expect(entry.bodySha256).toMatch(/^[0-9a-f]{64}$/);
		await sandbox.close();
	});

	test('control route serves the journal', async () => {
		const sandbox = await startTestSandbox(scenario());
		await call(`${sandbox.url}/api/logistics/pvt/configuration/warehouses`);
		await call(`${sandbox.url}/api/logistics/pvt/configuration/warehouses`);
		const all = await call(`${sandbox.url}/__sandbox/journal`, { auth: false });
		expect((all.json as { entries: unknown[] }).entries).toHaveLength(2);
		const later = await call(`${sandbox.url}/__sandbox/journal?afterSeq=1`, { auth: false });
		expect(
			(later.json as { entries: Array<{ seq: number }> }).entries.map((entry) => entry.seq),
		).toEqual([2]);
		await sandbox.close();
	});

	test('load clears the journal', async () => {
		const sandbox = await startTestSandbox(scenario());
		await call(`${sandbox.url}/api/logistics/pvt/configuration/warehouses`);
		const loaded = await call(`${sandbox.url}/__sandbox/load`, {
			method: 'POST',
			body: scenario(),
			auth: false,
		});
		expect(loaded.status).toBe(200);
		expect(sandbox.journal()).toEqual([]);
		await sandbox.close();
	});

	test('invalid scenario is rejected', async () => {
		const sandbox = await startTestSandbox(scenario());
		const result = await call(`${sandbox.url}/__sandbox/load`, {
			method: 'POST',
			body: scenario({ faults: [{ route: 'skuContex', status: 500 }] }),
			auth: false,
		});
		expect(result.status).toBe(400);
		expect(result.text).toContain('skuContex');
		await sandbox.close();
	});
});

describe('sandbox simulation', () => {
	test('items in cents and logistics info', async () => {
		const sandbox = await startTestSandbox(
			scenario({
				catalog: {
					skuCount: 3,
					skus: [
						{ id: 1002, salesChannels: [1] },
						{ id: 1003, stock: 0, price: -790 },
					],
				},
			}),
		);
		const result = await call(`${sandbox.url}${SIMULATION_PATH}`, {
			method: 'POST',
			body: simulationBody('1001', '1002', '1003', '4242'),
		});
		const body = result.json as SimulationResult;
		expect(body.items.map((item) => item.id)).toEqual(['1001', '1003']);
		expect(body.items[1]).toMatchObject({
			requestIndex: 2,
			quantity: 0,
			price: -790,
			seller: '1',
			priceValidUntil: null,
		});
		expect(body.logisticsInfo[1]).toMatchObject({
			itemIndex: 2,
			stockBalance: 0,
			deliveryChannels: [{ id: 'delivery', stockBalance: 0 }],
		});
		expect(body.messages).toHaveLength(2);
		await sandbox.close();
	});

	test('stale prices until the period ends', async () => {
		const sandbox = await startTestSandbox(
			scenario({
				staleSimulation: {
					staleForSeconds: 0.4,
					bypassHeader: 'X-VTEX-Cache-Client-Bypass',
					skus: { '1001': { price: 12990, listPrice: 12990 } },
				},
			}),
		);
		const url = `${sandbox.url}${SIMULATION_PATH}`;
		const bypassed = await call(url, {
			method: 'POST',
			body: simulationBody('1001'),
			headers: { 'X-VTEX-Cache-Client-Bypass': '1' },
		});
		expect((bypassed.json as SimulationResult).items[0].price).toBe(11490);
		const stale = await call(url, { method: 'POST', body: simulationBody('1001') });
		expect((stale.json as SimulationResult).items[0].price).toBe(12990);
		expect((stale.json as SimulationResult).logisticsInfo[0].stockBalance).toBe(15);
		await sleep(450);
		const fresh = await call(url, { method: 'POST', body: simulationBody('1001') });
		expect((fresh.json as SimulationResult).items[0].price).toBe(11490);
		await sandbox.close();
	});
});

describe('sandbox changes', () => {
	test('change after a numbered call', async () => {
		const sandbox = await startTestSandbox(
			scenario({
				changes: [
					{
						after: { route: 'simulation', match: { sku: '1001' }, calls: 1 },
						sku: 1001,
						set: { stock: 0 },
					},
				],
			}),
		);
		const url = `${sandbox.url}${SIMULATION_PATH}`;
		const other = await call(url, { method: 'POST', body: simulationBody('1002') });
		expect(other.status).toBe(200);
		const first = await call(url, { method: 'POST', body: simulationBody('1001') });
		expect((first.json as SimulationResult).logisticsInfo[0].stockBalance).toBe(15);
		const second = await call(url, { method: 'POST', body: simulationBody('1001') });
		expect((second.json as SimulationResult).logisticsInfo[0].stockBalance).toBe(0);
		await sandbox.close();
	});

	test('change after seconds', async () => {
		const sandbox = await startTestSandbox(
			scenario({ changes: [{ after: { seconds: 0.2 }, sku: 1001, set: { price: 9990 } }] }),
		);
		const before = await call(`${sandbox.url}/acmestore/pricing/prices/1001`);
		expect((before.json as { basePrice: number }).basePrice).toBe(114.9);
		await sleep(300);
		const after = await call(`${sandbox.url}/acmestore/pricing/prices/1001`);
		expect((after.json as { basePrice: number }).basePrice).toBe(99.9);
		await sandbox.close();
	});

	test('control change edits a sku', async () => {
		const sandbox = await startTestSandbox(scenario());
		const result = await call(`${sandbox.url}/__sandbox/change`, {
			method: 'POST',
			body: { sku: 1002, set: { stock: 8, isActive: false } },
			auth: false,
		});
		expect(result.status).toBe(200);
		const state = sandbox.state();
		const sku = state.catalog.skus.find((candidate) => candidate.id === 1002);
		expect(sku?.stock).toBe(8);
		expect(sku?.isActive).toBe(false);
		expect(sku?.inventory).toEqual({ 'wh-main': 8 });
		const unknown = await call(`${sandbox.url}/__sandbox/change`, {
			method: 'POST',
			body: { sku: 4242, set: { stock: 1 } },
			auth: false,
		});
		expect(unknown.status).toBe(400);
		await sandbox.close();
	});
});
