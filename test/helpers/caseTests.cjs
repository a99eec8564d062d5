'use strict';

/**
 * Guard shared by the case test files, whose tests exist only where the case folders are found.
 */

const { caseFolder, isContinuousIntegration } = require('./sandbox.cjs');

/**
 * Declares a file's case tests when the folder `shared/cases/<caseName>` can be found beside the
 * repository. Without it the file gets a single test, which fails under CI=true, because CI must
 * replay every case, and is skipped elsewhere.
 * @param {string} caseName case folder name, or '' for the folder of all cases
 * @param {string} label what the skipped test is called
 * @param {(folder: string) => void} declare declares the tests for the folder
 */
function withCaseFolder(caseName, label, declare) {
	const folder = caseFolder(caseName);
	if (folder) {
		declare(folder);
		return;
	}

	if (isContinuousIntegration()) {
		test('case folders are present', () => {
			throw new Error(
				'The case folders were not found (folder shared/cases next to the repository).',
			);
		});
	} else {
		test.skip(`${label} (case folders not found)`, () => undefined);
	}
}

module.exports = { withCaseFolder };
