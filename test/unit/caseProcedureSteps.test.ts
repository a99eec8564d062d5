import { runCase } from '../helpers/caseRunner.cjs';
import {
	readCaseScenarios,
	removeTemporaryCase,
	writeTemporaryCase,
} from '../helpers/caseScenarios.cjs';
import { loadStepProcedures } from '../helpers/stepProcedures/index.cjs';
import { QUEUE_PROCEDURES } from '../helpers/queueProcedures.cjs';

const STEP_TEXT = 'Change the name of SKU 1001 by hand.';

const folders: string[] = [];

afterAll(() => {
	for (const folder of folders) removeTemporaryCase(folder);
});

/** Writes a one-SKU case whose steps are the given procedure texts. */
function writeCase(texts: string[], checkProcedures: string[]): string {
	const steps = texts.map((text, index) => ({ id: `step-${index}`, do: 'procedure', text }));
	const folder = writeTemporaryCase(
		{
			format: 'vtex-sandbox-scenario/1',
			case: 'procedure-steps',
			account: 'acmestore',
			salesChannel: 2,
			affiliateId: 'KTZ',
			catalog: { skuCount: 1 },
			steps,
		},
		{
			format: 'vtex-case-expected/1',
			case: 'procedure-steps',
			checks: [{ after: 'step-0', procedure: checkProcedures }],
		},
	);
	folders.push(folder);
	return folder;
}

describe('procedure steps in the case runner', () => {
	test('scripted step passes facts to checks', async () => {
		const cleaned: string[] = [];
		const folder = writeCase([STEP_TEXT], ['The SKU name was changed.']);

		const result = await runCase({
			folder,
			tasks: {},
			stepProcedures: {
				[STEP_TEXT]: async (context) => {
					await context.control('change', { sku: 1001, set: { name: 'Renamed' } });
					context.onCleanup(async () => {
						cleaned.push('done');
					});
					const state = await context.control('state');
					const name = state.catalog.skus.find((sku: { id: number }) => sku.id === 1001)?.name;
					return { ok: true, detail: 'renamed', facts: { name } };
				},
			},
			procedures: {
				'The SKU name was changed.': (context) => {
					const facts = context.factsOf('step-0');
					return { ok: facts?.name === 'Renamed', detail: String(facts?.name) };
				},
			},
		});

		expect(result.outcomes.map((outcome) => outcome.ok)).toEqual([true, true]);
		expect(result.outcomes[1].detail).toBe('Renamed');
		expect(cleaned).toEqual(['done']);
	});

	test('unknown step text fails the case', async () => {
		const folder = writeCase(['Do something nobody scripted.'], []);

		const result = await runCase({ folder, tasks: {}, stepProcedures: {} });

		expect(result.passed).toBe(false);
		expect(result.outcomes[0].ok).toBe(false);
		expect(result.outcomes[0].detail).toContain('no script');
	});

	test('failed procedure fails the case', async () => {
		const folder = writeCase([STEP_TEXT], []);

		const result = await runCase({
			folder,
			tasks: {},
			stepProcedures: { [STEP_TEXT]: async () => ({ ok: false, detail: 'could not rename' }) },
		});

		expect(result.passed).toBe(false);
		expect(result.outcomes[0].detail).toBe('could not rename');
	});

	test('registry scripts cases 23 and 25', () => {
		const scenarios = readCaseScenarios() ?? [];
		const registry = loadStepProcedures();
		const texts = scenarios
			.filter(({ name }) => /^(23|25)-.*\/scenario\.json$/.test(name))
			.flatMap(
				({ scenario }) =>
					(scenario as { steps?: Array<{ do: string; text?: string }> }).steps ?? [],
			)
			.filter((step) => step.do === 'procedure')
			.map((step) => String(step.text));

		// Without the case folders there is nothing to compare, as in the case tests.
		if (scenarios.length > 0) expect(texts.length).toBeGreaterThanOrEqual(10);
		for (const text of texts) {
			expect(Object.keys(registry)).toContain(text);
		}
	});

	describe('replay on both engines', () => {
		const BOTH =
			'Run the whole case twice: once on SQLite, once on Postgres (queue mode, two workers). Both runs pass every check above.';
		const QUEUE = 'queue mode on PostgreSQL with 2 workers';
		// What the runner calls on a case environment that never needs n8n.
		const environment = {
			engine: () => 'one process on SQLite',
			beginCase: () => undefined,
			hasCaseState: () => false,
		};

		async function replayWith(other: { engine: string; passed: boolean }) {
			const folder = writeCase([STEP_TEXT], [BOTH]);
			const replays: string[] = [];
			const result = await runCase({
				folder,
				tasks: {},
				stepProcedures: { [STEP_TEXT]: async () => ({ ok: true, detail: 'done' }) },
				procedures: QUEUE_PROCEDURES,
				environment: environment as never,
				otherEngine: async (replayed: string) => {
					replays.push(replayed);
					const outcome = { step: 'x', name: 'offer stock', ok: other.passed, detail: 'stock 2' };
					return { engine: other.engine, passed: other.passed, outcomes: [outcome] };
				},
			});
			return { result, replays, folder };
		}

		test('passes when queue replay passes', async () => {
			const { result, replays, folder } = await replayWith({ engine: QUEUE, passed: true });

			expect(result.passed).toBe(true);
			expect(replays).toEqual([folder]);
			expect(result.outcomes[1].detail).toContain(`the second on ${QUEUE}`);
		});

		test('fails when queue replay fails', async () => {
			const { result } = await replayWith({ engine: QUEUE, passed: false });

			expect(result.passed).toBe(false);
			expect(result.outcomes[1].detail).toContain('failed: x offer stock: stock 2');
		});

		test('fails on the same engine twice', async () => {
			const { result } = await replayWith({ engine: 'one process on SQLite', passed: true });

			expect(result.passed).toBe(false);
		});
	});
});
