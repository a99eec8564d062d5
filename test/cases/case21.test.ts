import { startCaseGroup } from '../helpers/caseGroup.cjs';
import { withCaseFolder } from '../helpers/caseTests.cjs';

// Case 21 on one n8n with SQLite. Its last check replays the whole case once more in queue mode
// (PostgreSQL, Redis, main and two workers), and passes only when that replay passes too.
const CASE_TIMEOUT_MS = 30 * 60 * 1000;
const BOTH_ENGINES = 'Run the whole case twice';

type Outcome = { step: string; name: string; ok: boolean; detail: string };

withCaseFolder('21-one-post-many-executions', 'case 21 replays', (folder) => {
	test(
		'case 21 on SQLite and queue mode',
		async () => {
			const group = await startCaseGroup();
			let result: { passed: boolean; outcomes: Outcome[] };
			try {
				result = await group.replay(folder);
			} finally {
				await group.stop();
			}
			const failures = result.outcomes.filter((outcome) => !outcome.ok);
			const bothEngines = result.outcomes.find((outcome) => outcome.name.includes(BOTH_ENGINES));

			expect(failures).toEqual([]);
			expect(bothEngines?.detail).toMatch(/second on queue mode on PostgreSQL with 2 workers/);
			expect(result.outcomes.length).toBeGreaterThanOrEqual(20);
			expect(result.passed).toBe(true);
		},
		CASE_TIMEOUT_MS,
	);
});
