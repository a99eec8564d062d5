import { runCase } from '../helpers/caseRunner.cjs';
import { PROCEDURES } from '../helpers/caseProcedures.cjs';
import { createInitialLoadTask } from '../helpers/n8nTasks.cjs';
import { withCaseFolder } from '../helpers/caseTests.cjs';

// The first step starts a real n8n from the packed package, which takes about a minute. The
// aborted step starts it again on the same user folder to read the saved log entries.
const CASE_TIMEOUT_MS = 15 * 60 * 1000;

withCaseFolder('08-long-job-killed-by-throttling', 'case 08 replays', (folder) => {
	test(
		'case 08 load killed by throttling',
		async () => {
			// The resumed run needs the checkpoint and id map of the interrupted one.
			const initialLoad = createInitialLoadTask({ keepUserFolder: true });
			try {
				const result = await runCase({
					folder,
					tasks: { 'initial-load': initialLoad },
					procedures: PROCEDURES,
				});
				const failures = result.outcomes.filter((outcome) => !outcome.ok);

				expect(failures).toEqual([]);
				expect(result.outcomes.length).toBeGreaterThanOrEqual(12);
				expect(result.passed).toBe(true);
			} finally {
				await initialLoad.close();
			}
		},
		CASE_TIMEOUT_MS,
	);
});
