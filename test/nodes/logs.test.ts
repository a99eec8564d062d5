import { outputOf, runWorkflow } from '../harness';
import { sandboxCredentials, workflowFor } from '../helpers/workflows';

/** No request leaves the VTEX Logs node, so the credential points at an unused address. */
const credentials = sandboxCredentials('http://127.0.0.1:9');

type Row = Record<string, unknown>;

function storedRow(
	entryId: string,
	skuId: string,
	status: string,
	loggedAt: string,
	extra: Row = {},
): Row {
	return {
		entryId,
		skuId,
		status,
		operation: 'Offer creation',
		direction: 'VTEX to Marketplace',
		messageCode: status === 'Success' ? 'S1' : 'E4',
		businessMessage: `Entry ${entryId}`,
		contentSource: '',
		contentTranslated: '{"title":"Lamp"}',
		contentDestination: '',
		dateAt: loggedAt.slice(0, 10),
		loggedAt,
		...extra,
	};
}

const ROWS = [
	storedRow('log-1', '1001', 'Success', '2026-03-04T10:00:00.000Z'),
	storedRow('log-2', '1002', 'Error', '2026-03-04T10:00:01.000Z'),
	storedRow('log-3', '1003', 'Alert', '2026-03-04T10:00:02.000Z'),
	storedRow('log-4', '1004', 'Pending', '2026-03-04T10:00:03.000Z'),
	storedRow('log-5', '1005', 'Success', '2026-03-05T08:00:00.000Z'),
];

async function query(parameters: Row, rows: Row[] = ROWS) {
	const workflow = workflowFor(
		{
			type: 'vtexLogs',
			name: 'Query',
			parameters: { resource: 'entry', operation: 'query', ...parameters },
		},
		rows,
	);
	const run = await runWorkflow(workflow, credentials);
	return { run, items: outputOf(run, 'Query') };
}

function idsOf(json: Row): string[] {
	return (json.Messages as Row[]).map((message) => message.id as string);
}

describe('VTEX Logs node', () => {
	describe('collect', () => {
		it('turns log entries into table rows', async () => {
			const input = [
				{
					skuId: '1001',
					logEntries: [
						{
							skuId: '1001',
							status: 'Success',
							operation: 'Offer creation',
							messageCode: 'S1',
							businessMessage: 'Offer created.',
							direction: 'VTEX to Marketplace',
							timestamp: '2026-03-04T23:59:59.000Z',
						},
						{
							skuId: null,
							status: 'Alert',
							operation: 'Catalog change',
							messageCode: 'A2',
							businessMessage: 'Inactive.',
							direction: 'VTEX to Marketplace',
							timestamp: '2026-03-05T00:00:01.000Z',
							contentSource: '{"Id":1001}',
						},
					],
				},
				{ skuId: '1002' },
			];
			const workflow = workflowFor(
				{
					type: 'vtexLogs',
					name: 'Collect',
					parameters: {
						resource: 'entry',
						operation: 'collect',
						options: { contentSource: '={{ JSON.stringify({ sku: $json.skuId }) }}' },
					},
				},
				input,
			);

			const run = await runWorkflow(workflow, credentials);
			const items = outputOf(run, 'Collect');

			expect(run.status).toBe('success');
			expect(items).toHaveLength(2);
			expect(items[0].json).toEqual({
				entryId: expect.stringMatching(/^log-[0-9a-f]{24}$/),
				skuId: '1001',
				status: 'Success',
				operation: 'Offer creation',
				direction: 'VTEX to Marketplace',
				messageCode: 'S1',
				businessMessage: 'Offer created.',
				contentSource: '{"sku":"1001"}',
				contentTranslated: '',
				contentDestination: '',
				dateAt: '2026-03-04',
				loggedAt: '2026-03-04T23:59:59.000Z',
			});
			expect(items[1].json.skuId).toBe('');
			expect(items[1].json.dateAt).toBe('2026-03-05');
			expect(items[1].json.contentSource).toBe('{"Id":1001}');
			expect(items[0].json.entryId).not.toBe(items[1].json.entryId);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		});
	});

	describe('query', () => {
		it('returns the guide format with every key', async () => {
			const { run, items } = await query({ dateAt: '2026-03-05', status: 'all' });

			expect(run.status).toBe('success');
			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual({
				Messages: [
					{
						id: 'log-5',
						Operation: 'Offer creation',
						Direction: 'VTEX to Marketplace',
						ContentSource: '',
						ContentTransalted: '{"title":"Lamp"}',
						ContentDestination: '',
						BusinessMessage: 'Entry log-5',
						Status: 'Success',
						MessageCode: 'S1',
						SkuId: '1005',
						DateAt: '2026-03-05',
						Timestamp: '2026-03-05T08:00:00.000Z',
					},
				],
			});
		});

		it('filters by date', async () => {
			const { items } = await query({ dateAt: '2026-03-04' });
			expect(idsOf(items[0].json)).toEqual(['log-1', 'log-2', 'log-3', 'log-4']);
		});

		it('returns every date without DateAt', async () => {
			const { items } = await query({ dateAt: '' });
			expect(idsOf(items[0].json)).toEqual(['log-1', 'log-2', 'log-3', 'log-4', 'log-5']);
		});

		it('filters by a status list in any case', async () => {
			const { items } = await query({ dateAt: '2026-03-04', status: 'ERROR,pending' });
			expect(idsOf(items[0].json)).toEqual(['log-2', 'log-4']);
		});

		it('reads sucess as success', async () => {
			const { items } = await query({ status: 'sucess' });
			expect(idsOf(items[0].json)).toEqual(['log-1', 'log-5']);
		});

		it('reads warning as alert', async () => {
			const { items } = await query({ status: 'warning' });
			expect(idsOf(items[0].json)).toEqual(['log-3']);
		});

		it('rejects an unknown status', async () => {
			const { run } = await query({ status: 'success,done' });
			expect(run.status).toBe('error');
			expect(run.data.resultData.error?.message).toBe(
				'Invalid status "done": use all, success, error, alert or pending',
			);
		});

		it('rejects an invalid date', async () => {
			const { run } = await query({ dateAt: '2026-02-30' });
			expect(run.status).toBe('error');
			expect(run.data.resultData.error?.message).toBe(
				'Invalid DateAt "2026-02-30": use YYYY-MM-DD',
			);
		});

		it('pages the filtered entries', async () => {
			const first = await query({ page: 1, pageSize: 2, options: { includePaging: true } });
			const last = await query({ page: 3, pageSize: 2, options: { includePaging: true } });
			const after = await query({ page: 4, pageSize: 2 });

			expect(idsOf(first.items[0].json)).toEqual(['log-1', 'log-2']);
			expect(first.items[0].json.Paging).toEqual({ Page: 1, PageSize: 2, Total: 5, Pages: 3 });
			expect(idsOf(last.items[0].json)).toEqual(['log-5']);
			expect(idsOf(after.items[0].json)).toEqual([]);
			expect(after.items[0].json.Paging).toBeUndefined();
		});

		it('derives DateAt from the logged time', async () => {
			const rows = [{ entryId: 'log-9', status: 'Error', loggedAt: '2026-03-06T01:00:00Z' }];
			const { items } = await query({ dateAt: '2026-03-06', status: 'error' }, rows);
			expect(idsOf(items[0].json)).toEqual(['log-9']);
		});
	});

	describe('pruneCutoff', () => {
		it('returns the first day kept', async () => {
			const workflow = workflowFor({
				type: 'vtexLogs',
				name: 'Cutoff',
				parameters: { resource: 'entry', operation: 'pruneCutoff', retentionDays: 30 },
			});

			const run = await runWorkflow(workflow, credentials);
			const json = outputOf(run, 'Cutoff')[0].json;
			const expected = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

			expect(json).toEqual({
				retentionDays: 30,
				cutoffDate: expected,
				cutoffAt: `${expected}T00:00:00.000Z`,
			});
		});

		it('selects the expired rows', async () => {
			const today = new Date().toISOString();
			const old = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000).toISOString();
			const workflow = workflowFor(
				{
					type: 'vtexLogs',
					name: 'Expired',
					parameters: {
						resource: 'entry',
						operation: 'pruneCutoff',
						retentionDays: 30,
						output: 'expiredRows',
					},
				},
				[
					storedRow('log-old', '1001', 'Success', old),
					storedRow('log-new', '1002', 'Error', today),
				],
			);

			const run = await runWorkflow(workflow, credentials);
			const items = outputOf(run, 'Expired');

			expect(items.map((item) => item.json.entryId)).toEqual(['log-old']);
			expect(items[0].pairedItem).toEqual({ item: 0 });
		});
	});
});
