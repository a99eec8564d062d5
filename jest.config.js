const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

// n8n-core writes its config under the user folder, so tests get a throwaway one.
const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-jest-'));
process.env.N8N_USER_FOLDER = userFolder;

module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	testTimeout: 60000,
};
