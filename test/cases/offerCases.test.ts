import { startCaseGroup } from '../helpers/caseGroup.cjs';
import { withCaseFolder } from '../helpers/caseTests.cjs';
import { caseFolder } from '../helpers/sandbox.cjs';

// Cases replayed through the offer templates (initial load, retry pending, marketplace publish),
// notifications and reconcile in one real n8n that the first case starts (build, pack and start
// take 2 to 3 minutes on 2 cores).
const CASES = [
	'02-new-integration-no-notifications',
	'05-promotion-without-event',
	'26-create-says-already-exists',
	'27-stock-stuck-after-listing-fix',
	'28-marketplace-attribute-blanked',
];

const START_TIMEOUT_MS = 10 * 60 * 1000;
const CASE_TIMEOUT_MS = 5 * 60 * 1000;

withCaseFolder('', 'offer cases replay', () => {
	let group: Awaited<ReturnType<typeof startCaseGroup>>;

	beforeAll(async () => {
		group = await startCaseGroup();
	});

	afterAll(async () => {
		await group?.stop();
	});

	test.each(CASES)(
		'case %s',
		async (name) => {
			const result = await group.replay(caseFolder(name) as string);
			const failures = result.outcomes.filter((outcome) => !outcome.ok);

			expect(failures).toEqual([]);
			expect(result.outcomes.length).toBeGreaterThanOrEqual(10);
			expect(result.passed).toBe(true);
		},
		START_TIMEOUT_MS + CASE_TIMEOUT_MS,
	);
});
