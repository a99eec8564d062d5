import { runCase } from '../helpers/caseRunner.cjs';
import { mappingTasks } from '../helpers/caseTasks';
import { MAPPER_PROCEDURES } from '../helpers/mapperProcedures.cjs';
import { withCaseFolder } from '../helpers/caseTests.cjs';

withCaseFolder('31-mapper-upload-size-limit', 'case 31 replays', (folder) => {
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
});
