import { runCase } from '../helpers/caseRunner.cjs';
import { PROCEDURES } from '../helpers/caseProcedures.cjs';
import { priceStockTasks } from '../helpers/caseTasks';
import { caseFolder, isContinuousIntegration } from '../helpers/sandbox.cjs';
import { resetPacers } from '../../nodes/shared/transport/rateLimit';

const folder = caseFolder('17-rate-limit-raw-429');

// 100 Pricing reads at the sandbox's 10 per second after 20 burst credits take 8 to 14 s.
const CASE_TIMEOUT_MS = 60 * 1000;

if (!folder) {
	if (isContinuousIntegration()) {
		test('case folders are present', () => {
			throw new Error(
				'The case folders were not found (folder shared/cases next to the repository).',
			);
		});
	} else {
		test.skip('case 17 replays (case folders not found)', () => undefined);
	}
} else {
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
}
