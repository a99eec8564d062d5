import { startCaseGroup } from '../helpers/caseGroup.cjs';
import { withCaseFolder } from '../helpers/caseTests.cjs';
import { caseFolder } from '../helpers/sandbox.cjs';

// Cases replayed through the notification templates (receive, apply) and reconcile in one real
// n8n that the first case starts. Build, pack and start took 150 to 235 s in runs on a 2-core
// machine that other n8n processes shared.
const CASES = [
	'03-two-stock-changes-one-notification',
	'04-price-cache-after-price-event',
	'12-negative-prices',
	'13-inactive-product-active-sku',
	'15-deactivated-skus-stay-published',
];

const START_TIMEOUT_MS = 10 * 60 * 1000;
const CASE_TIMEOUT_MS = 5 * 60 * 1000;

withCaseFolder('', 'notification cases replay', () => {
	let group: Awaited<ReturnType<typeof startCaseGroup>>;

	beforeAll(async () => {
		group = await startCaseGroup();
	});

	afterAll(async () => {
		await group?.stop();
	});

	test.each(CASES)(
		'case %s',
		async (name) => {
			const result = await group.replay(caseFolder(name) as string);
			const failures = result.outcomes.filter((outcome) => !outcome.ok);

			expect(failures).toEqual([]);
			expect(result.outcomes.length).toBeGreaterThanOrEqual(10);
			expect(result.passed).toBe(true);
		},
		START_TIMEOUT_MS + CASE_TIMEOUT_MS,
	);

	test(
		'set-attribute-default updates its row',
		async () => {
			await group.environment.insertRows('vtex_attribute_map', [
				{ categoryId: '20', attribute: 'voltage', specId: '31', required: true, defaultValue: '' },
			]);
			const request = {
				sandboxUrl: group.sandboxUrl,
				input: null,
				nodeSettings: {},
				caseSettings: {},
				signal: new AbortController().signal,
			};
			const first = await group.tasks['set-attribute-default']({
				...request,
				parameters: { categoryId: 20, attribute: 'voltage', value: '110 V' },
			});
			const second = await group.tasks['set-attribute-default']({
				...request,
				parameters: { categoryId: 20, attribute: 'voltage', value: '220 V' },
			});
			const unknown = await group.tasks['set-attribute-default']({
				...request,
				parameters: { categoryId: 20, attribute: 'colour', value: 'red' },
			});
			const rows = await group.environment.tableRows('vtex_attribute_map');
			const voltage = rows.filter((row) => row.attribute === 'voltage');

			expect(first.status).toBe('success');
			expect(second.status).toBe('success');
			expect(voltage).toHaveLength(1);
			expect(voltage[0].categoryId).toBe('20');
			expect(voltage[0].specId).toBe('31');
			expect(voltage[0].defaultValue).toBe('220 V');
			expect(unknown.status).toBe('error');
			expect(unknown.error).toContain('no row for attribute colour');
			expect(rows.some((row) => row.attribute === 'colour')).toBe(false);
		},
		START_TIMEOUT_MS,
	);
});
