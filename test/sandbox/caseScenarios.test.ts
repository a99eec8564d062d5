import { readCaseScenarios } from '../helpers/caseScenarios.cjs';
import { isContinuousIntegration, startTestSandbox } from '../helpers/sandbox.cjs';

const scenarios = readCaseScenarios();

if (scenarios === null) {
	if (isContinuousIntegration()) {
		test('case folders are present', () => {
			throw new Error(
				'The case folders were not found (folder shared/cases next to the repository).',
			);
		});
	} else {
		test.skip('case scenarios load (case folders not found)', () => undefined);
	}
} else {
	describe('case scenarios', () => {
		let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
		beforeAll(async () => {
			sandbox = await startTestSandbox({});
		});
		afterAll(async () => sandbox.close());

		test('at least one scenario found', () => {
			expect(scenarios.length).toBeGreaterThan(0);
		});

		test.each(scenarios.map((entry) => [entry.name, entry.scenario]))('%s loads', (_, scenario) => {
			expect(() => sandbox.load(scenario)).not.toThrow();
		});
	});
}
