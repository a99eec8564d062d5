import { runCase } from '../helpers/caseRunner.cjs';
import { mappingTasks } from '../helpers/caseTasks';
import { MAPPER_PROCEDURES } from '../helpers/mapperProcedures.cjs';
import { caseFolder, isContinuousIntegration } from '../helpers/sandbox.cjs';

const folder = caseFolder('31-mapper-upload-size-limit');

if (!folder) {
	if (isContinuousIntegration()) {
		test('case folders are present', () => {
			throw new Error(
				'The case folders were not found (folder shared/cases next to the repository).',
			);
		});
	} else {
		test.skip('case 31 replays (case folders not found)', () => undefined);
	}
} else {
	test('case 31 mapper upload size limit', async () => {
		const result = await runCase({
			folder,
			tasks: mappingTasks,
			procedures: MAPPER_PROCEDURES,
		});
		const failures = result.outcomes.filter((outcome) => !outcome.ok);

		expect(failures).toEqual([]);
		expect(result.outcomes.length).toBeGreaterThanOrEqual(14);
		expect(result.passed).toBe(true);
	});
}
