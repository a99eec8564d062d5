import { AFFILIATE_PROCEDURES } from '../helpers/affiliateProcedures.cjs';
import { runCase } from '../helpers/caseRunner.cjs';
import { withCaseFolder } from '../helpers/caseTests.cjs';
import { loadStepProcedures } from '../helpers/stepProcedures/index.cjs';

// The procedure steps start a real n8n from the packed package and publish workflows in it.
const CASE_TIMEOUT_MS = 10 * 60 * 1000;

withCaseFolder('25-affiliate-endpoint-ownership', 'case 25 replays', (folder) => {
	test(
		'case 25 affiliate endpoint ownership',
		async () => {
			const result = await runCase({
				folder,
				tasks: {},
				procedures: AFFILIATE_PROCEDURES,
				stepProcedures: loadStepProcedures(),
			});
			const failures = result.outcomes.filter((outcome) => !outcome.ok);

			expect(failures).toEqual([]);
			expect(result.outcomes.length).toBeGreaterThanOrEqual(18);
			expect(result.passed).toBe(true);
		},
		CASE_TIMEOUT_MS,
	);
});
