import { runCase } from '../helpers/caseRunner.cjs';
import { PROCEDURES } from '../helpers/caseProcedures.cjs';
import { caseFolder, isContinuousIntegration } from '../helpers/sandbox.cjs';
import { createTriggerFactory } from '../helpers/triggerTasks.cjs';
import { TRIGGER_PROCEDURES } from '../helpers/triggerProcedures.cjs';

const folder = caseFolder('01-notification-key-casing');

// The notify steps POST to the VTEX Trigger in a real n8n started from the packed package.
const CASE_TIMEOUT_MS = 10 * 60 * 1000;

if (!folder) {
	if (isContinuousIntegration()) {
		test('case folders are present', () => {
			throw new Error(
				'The case folders were not found (folder shared/cases next to the repository).',
			);
		});
	} else {
		test.skip('case 01 replays (case folders not found)', () => undefined);
	}
} else {
	test(
		'case 01 notification key casing',
		async () => {
			const result = await runCase({
				folder,
				tasks: {},
				procedures: { ...PROCEDURES, ...TRIGGER_PROCEDURES },
				trigger: createTriggerFactory(),
			});
			const failures = result.outcomes.filter((outcome) => !outcome.ok);

			expect(failures).toEqual([]);
			expect(result.outcomes.length).toBeGreaterThanOrEqual(20);
			expect(result.passed).toBe(true);
		},
		CASE_TIMEOUT_MS,
	);
}
