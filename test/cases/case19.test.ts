import { BINARY_DATA_PROCEDURES } from '../helpers/binaryDataProcedures.cjs';
import { startCaseGroup } from '../helpers/caseGroup.cjs';
import { starterForCase } from '../helpers/caseStarters.cjs';
import { withCaseFolder } from '../helpers/caseTests.cjs';

// Case 19 on n8n's queue mode (PostgreSQL, Redis, main and one worker) with filesystem binary
// data and no folder shared between the processes.
const CASE_ID = '19-queue-mode-binary-data';
const CASE_TIMEOUT_MS = 15 * 60 * 1000;

type Outcome = { step: string; name: string; ok: boolean; detail: string };

withCaseFolder(CASE_ID, 'case 19 replays', (folder) => {
	test(
		'case 19 images reach the marketplace',
		async () => {
			const group = await startCaseGroup({
				start: starterForCase({ case: CASE_ID }),
				procedures: BINARY_DATA_PROCEDURES,
			});
			let result;
			try {
				result = await group.replay(folder);
			} finally {
				await group.stop();
			}
			const outcomes = result.outcomes as Outcome[];
			const failures = outcomes.filter((outcome) => !outcome.ok);
			const procedureChecks = outcomes.filter((outcome) => outcome.name.startsWith('procedure "'));

			expect(failures).toEqual([]);
			expect(procedureChecks).toHaveLength(2);
			expect(outcomes.length).toBeGreaterThanOrEqual(12);
			expect(result.passed).toBe(true);
		},
		CASE_TIMEOUT_MS,
	);
});
