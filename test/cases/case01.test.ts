import { runCase } from '../helpers/caseRunner.cjs';
import { PROCEDURES } from '../helpers/caseProcedures.cjs';
import { withCaseFolder } from '../helpers/caseTests.cjs';
import { createTriggerFactory } from '../helpers/triggerTasks.cjs';
import { TRIGGER_PROCEDURES } from '../helpers/triggerProcedures.cjs';

// The notify steps POST to the VTEX Trigger in a real n8n started from the packed package.
const CASE_TIMEOUT_MS = 10 * 60 * 1000;

withCaseFolder('01-notification-key-casing', 'case 01 replays', (folder) => {
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
});
