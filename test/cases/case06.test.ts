import { runCase } from '../helpers/caseRunner.cjs';
import { PROCEDURES } from '../helpers/caseProcedures.cjs';
import { catalogTasks } from '../helpers/caseTasks';
import { createInitialLoadTask } from '../helpers/n8nTasks.cjs';
import { withCaseFolder } from '../helpers/caseTests.cjs';

// The initial-load step starts a real n8n from the packed package, which takes about a minute.
const CASE_TIMEOUT_MS = 15 * 60 * 1000;

withCaseFolder('06-search-api-page-cap', 'case 06 replays', (folder) => {
	test(
		'case 06 search page cap',
		async () => {
			const result = await runCase({
				folder,
				tasks: { ...catalogTasks, 'initial-load': createInitialLoadTask() },
				procedures: PROCEDURES,
			});
			const failures = result.outcomes.filter((outcome) => !outcome.ok);

			expect(failures).toEqual([]);
			expect(result.outcomes.length).toBeGreaterThanOrEqual(19);
			expect(result.passed).toBe(true);
		},
		CASE_TIMEOUT_MS,
	);
});
