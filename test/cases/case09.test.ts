import { runCase } from '../helpers/caseRunner.cjs';
import { PROCEDURES } from '../helpers/caseProcedures.cjs';
import { priceStockTasks } from '../helpers/caseTasks';
import { withCaseFolder } from '../helpers/caseTests.cjs';
import { resetPacers } from '../../nodes/shared/transport/rateLimit';

// 200 inventory reads at 15 per second take about 13.5 s.
const CASE_TIMEOUT_MS = 60 * 1000;

withCaseFolder('09-inventory-at-scale-429', 'case 09 replays', (folder) => {
	test(
		'case 09 inventory pacing',
		async () => {
			resetPacers();
			const result = await runCase({
				folder,
				tasks: priceStockTasks,
				procedures: PROCEDURES,
			});
			const failures = result.outcomes.filter((outcome) => !outcome.ok);

			expect(failures).toEqual([]);
			expect(result.outcomes.map((outcome) => outcome.name)).toContain('run read-inventory');
			expect(result.passed).toBe(true);
		},
		CASE_TIMEOUT_MS,
	);
});
