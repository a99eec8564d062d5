const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

// n8n-core writes its config under the user folder, so tests get one of their own. It is a
// fixed folder rather than a new one per run, so repeated runs leave nothing behind.
const userFolder = path.join(os.tmpdir(), 'n8n-vtex-jest-user-folder');
fs.mkdirSync(userFolder, { recursive: true });
process.env.N8N_USER_FOLDER = userFolder;

const shared = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
	// The built package.json in dist/ would otherwise collide with the root one.
	modulePathIgnorePatterns: ['<rootDir>/dist'],
};

module.exports = {
	testTimeout: 60000,
	projects: [
		{
			...shared,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/cases/'],
		},
		{
			// Case replays that start a real n8n build and pack the package in this checkout first,
			// so they run in band: two builds at once would delete each other's dist/.
			...shared,
			displayName: 'cases',
			testMatch: ['<rootDir>/test/cases/**/*.test.ts'],
		},
		{
			// One real n8n for all end-to-end tests; the global setup installs the cached runtime
			// first when it is missing (minutes on a new machine).
			...shared,
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			globalSetup: '<rootDir>/test/helpers/e2e-global-setup.cjs',
			globalTeardown: '<rootDir>/test/helpers/e2e-global-teardown.cjs',
		},
	],
};
