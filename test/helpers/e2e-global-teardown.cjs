'use strict';

/** Jest global teardown of the end-to-end project: stops what the global setup started. */

const fs = require('node:fs');

module.exports = async function stopEndToEndServers() {
	const started = globalThis.vtexEndToEnd;
	if (!started) return;
	await started.server.stop();
	await started.sandbox.close();
	fs.rmSync(started.stateDir, { recursive: true, force: true });
};
