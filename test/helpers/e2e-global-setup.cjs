'use strict';

/**
 * Jest global setup of the end-to-end project: one sandbox and one real n8n (with the packed
 * package, the templates and the runner workflow) for the whole suite. Test files reach both
 * through test/helpers/e2e.cjs, which reads the state file written here.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startSandbox } = require('../../sandbox');
const { startN8n } = require('../../scripts/n8n-runtime');
const fixtures = require('../e2e/fixtures/index.cjs');
const { initialLoadScenario } = require('./initial-load.cjs');
const { STATE_FILE_ENV } = require('./e2e.cjs');

module.exports = async function startEndToEndServers() {
	const log = (/** @type {string} */ line) => process.stderr.write(`[e2e] ${line}\n`);
	const sandbox = await startSandbox({
		port: 0,
		scenario: initialLoadScenario({ skuCount: 10 }),
	});
	let server;
	try {
		server = await startN8n({ ...fixtures.initialLoadStartOptions(sandbox.url), log });
	} catch (error) {
		await sandbox.close();
		throw error;
	}
	const timings = Object.entries(server.timings)
		.map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`)
		.join(', ');
	log(`n8n ${server.baseUrl} (PID ${server.pid}; ${timings}), sandbox ${sandbox.url}`);

	const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-e2e-'));
	const stateFile = path.join(stateDir, 'state.json');
	const state = {
		n8nUrl: server.baseUrl,
		cookie: server.cookie,
		apiKey: server.apiKey,
		sandboxUrl: sandbox.url,
	};
	fs.writeFileSync(stateFile, JSON.stringify(state));
	process.env[STATE_FILE_ENV] = stateFile;
	globalThis.vtexEndToEnd = { sandbox, server, stateDir };
};
