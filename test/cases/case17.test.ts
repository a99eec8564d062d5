import { runCase } from '../helpers/caseRunner.cjs';
import { PROCEDURES } from '../helpers/caseProcedures.cjs';
import { priceStockTasks } from '../helpers/caseTasks';
import { withCaseFolder } from '../helpers/caseTests.cjs';
import { resetPacers } from '../../nodes/shared/transport/rateLimit';

// 100 Pricing reads at the sandbox's 10 per second after 20 burst credits take 8 to 14 s.
const CASE_TIMEOUT_MS = 60 * 1000;

withCaseFolder('17-rate-limit-raw-429', 'case 17 replays', (folder) => {
	test(
		'case 17 pricing rate limit',
		async () => {
			resetPacers();
			const result = await runCase({
				folder,
				tasks: priceStockTasks,
				procedures: PROCEDURES,
			});
			const failures = result.outcomes.filter((outcome) => !outcome.ok);

			expect(failures).toEqual([]);
			expect(result.outcomes.map((outcome) => outcome.name)).toContain('run read-price-records');
			expect(result.passed).toBe(true);
		},
		CASE_TIMEOUT_MS,
	);
});
