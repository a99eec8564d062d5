import { compareMarketplace, startNotificationServers } from '../helpers/notifications-e2e.cjs';

// The apply template on its Schedule Trigger (every 5 s) while a burst arrives over a minute, in
// a real n8n of this file's own.
const SETUP_TIMEOUT_MS = 10 * 60 * 1000;
const TEST_TIMEOUT_MS = 10 * 60 * 1000;

type Servers = Awaited<ReturnType<typeof startNotificationServers>>;
type Execution = {
	id: string;
	status: string;
	data?: {
		resultData?: {
			runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Row }>> } }>>;
		};
	};
};
type Row = Record<string, unknown>;

describe('notification apply on schedule', () => {
	let servers: Servers;

	beforeAll(async () => {
		servers = await startNotificationServers({ applyEverySeconds: 5 });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (servers) await servers.stop();
	});

	it(
		'reads no SKU twice per run',
		async () => {
			await servers.loadScenario({ skuCount: 100 });

			const report = await servers.broadcast({
				burst: {
					skus: 100,
					notifications: 900,
					duplicates: 100,
					casing: 'mixed',
					shuffle: true,
					seed: 23,
					spreadMs: 60000,
					kinds: ['data', 'price', 'stock', 'deactivate', 'activate'],
				},
			});
			expect(report.sent).toBe(1000);
			const notified = new Set(
				(report as unknown as { notifications: Array<{ skuId: string }> }).notifications.map(
					(notification) => String(notification.skuId),
				),
			);
			const pending = await servers.waitForEmptyPending(90000);
			expect(pending).toEqual([]);

			const executions = (await servers.applyExecutions()) as Execution[];
			expect(executions.length).toBeGreaterThan(1);
			for (const execution of executions) {
				const runs = execution.data?.resultData?.runData?.['Get SKU with context'] ?? [];
				const skuIds = (runs[0]?.data?.main?.[0] ?? []).map((item) => String(item.json.skuId));
				expect({ execution: execution.id, reads: skuIds.length }).toEqual({
					execution: execution.id,
					reads: new Set(skuIds).size,
				});
			}
			expect(compareMarketplace(servers.sandbox.state(), 1001, 1100, notified)).toEqual([]);
		},
		TEST_TIMEOUT_MS,
	);
});
