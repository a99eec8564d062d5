import { startCaseGroup } from '../helpers/caseGroup.cjs';
import { queueStarter } from '../helpers/queueCaseStarter.cjs';
import { QUEUE_PROCEDURES, UNRECOGNIZED_NODE_TYPE } from '../helpers/queueModeProcedures.cjs';
import { withCaseFolder } from '../helpers/caseTests.cjs';

// Case 18 on n8n's queue mode (PostgreSQL, Redis, main and two workers), then its control run
// with the package on main only, which must show the fault the case describes.
const CASE_TIMEOUT_MS = 15 * 60 * 1000;

type Outcome = { step: string; name: string; ok: boolean; detail: string };

withCaseFolder('18-queue-mode-node-on-one-worker', 'case 18 replays', (folder) => {
	async function replayOnStack(installOn?: string[]) {
		const group = await startCaseGroup({
			start: queueStarter({ installOn }),
			procedures: QUEUE_PROCEDURES,
		});
		try {
			return await group.replay(folder as string);
		} finally {
			await group.stop();
		}
	}

	function outcomeOf(outcomes: Outcome[], fragment: string): Outcome | undefined {
		return outcomes.find((outcome) => outcome.name.includes(fragment));
	}

	test(
		'case 18 package on every worker',
		async () => {
			const result = await replayOnStack();
			const failures = result.outcomes.filter((outcome: Outcome) => !outcome.ok);

			expect(failures).toEqual([]);
			expect(result.outcomes.length).toBeGreaterThanOrEqual(20);
			expect(result.passed).toBe(true);
		},
		CASE_TIMEOUT_MS,
	);

	test(
		'case 18 control run detects fault',
		async () => {
			const result = await replayOnStack(['main']);
			const outcomes = result.outcomes as Outcome[];

			expect(result.passed).toBe(false);
			const unrecognized = outcomeOf(outcomes, UNRECOGNIZED_NODE_TYPE);
			expect(unrecognized?.ok).toBe(false);
			const allSuccess = outcomeOf(outcomes, 'finished with status success');
			expect(allSuccess?.ok).toBe(false);
		},
		CASE_TIMEOUT_MS,
	);
});
