import { CREDENTIAL_PROCEDURES } from '../helpers/credentialProcedures.cjs';
import { runCase } from '../helpers/caseRunner.cjs';
import { withCaseFolder } from '../helpers/caseTests.cjs';
import { loadStepProcedures } from '../helpers/stepProcedures/index.cjs';

// The procedure steps install the packed package into a fresh n8n and press Test there.
const CASE_TIMEOUT_MS = 10 * 60 * 1000;

withCaseFolder('23-credential-test-in-real-n8n', 'case 23 replays', (folder) => {
	test(
		'case 23 credential test in n8n',
		async () => {
			const result = await runCase({
				folder,
				tasks: {},
				procedures: CREDENTIAL_PROCEDURES,
				stepProcedures: loadStepProcedures(),
			});
			const failures = result.outcomes.filter((outcome) => !outcome.ok);

			expect(failures).toEqual([]);
			expect(result.outcomes.length).toBeGreaterThanOrEqual(13);
			expect(result.passed).toBe(true);
		},
		CASE_TIMEOUT_MS,
	);
});
