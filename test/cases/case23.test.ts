import { CREDENTIAL_PROCEDURES } from '../helpers/credentialProcedures.cjs';
import { runCase } from '../helpers/caseRunner.cjs';
import { caseFolder, isContinuousIntegration } from '../helpers/sandbox.cjs';
import { loadStepProcedures } from '../helpers/stepProcedures/index.cjs';

const folder = caseFolder('23-credential-test-in-real-n8n');

// The procedure steps install the packed package into a fresh n8n and press Test there.
const CASE_TIMEOUT_MS = 10 * 60 * 1000;

if (!folder) {
	if (isContinuousIntegration()) {
		test('case folders are present', () => {
			throw new Error(
				'The case folders were not found (folder shared/cases next to the repository).',
			);
		});
	} else {
		test.skip('case 23 replays (case folders not found)', () => undefined);
	}
} else {
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
}
