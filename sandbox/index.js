'use strict';

const { createServer } = require('./server');
const { Runtime } = require('./runtime');
const {
	normalizeScenario,
	createDefaultScenario,
	DEFAULT_APP_KEY,
	DEFAULT_APP_TOKEN,
} = require('./scenario');

/**
 * @typedef {object} Sandbox
 * @property {string} url base URL, such as http://127.0.0.1:8787
 * @property {number} port
 * @property {() => Promise<void>} close stops the server and drops open connections
 * @property {(scenario: unknown) => void} load replaces the state, as POST /__sandbox/load does
 * @property {() => import('./journal').JournalEntry[]} journal
 * @property {() => ReturnType<Runtime['state']>} state
 */

/**
 * Creates the runtime of a scenario and schedules its time-based changes.
 * @param {unknown} scenario
 */
function createRuntime(scenario) {
	const runtime = new Runtime(normalizeScenario(scenario));
	for (const change of runtime.scenario.changes) {
		if (change.after.seconds === undefined) continue;
		runtime.schedule(change.after.seconds * 1000, () =>
			runtime.applyChange(change.sku, change.set),
		);
	}
	return runtime;
}

/**
 * Starts the VTEX sandbox: a local HTTP server that imitates the VTEX APIs the package calls
 * and plays the external marketplace under /mkt.
 *
 * @param {{port?: number, host?: string, scenario?: unknown,
 *   logger?: {error: (message: string, details?: object) => void}}} [options]
 *   `port` 0 picks a free port. Without a scenario, 10 SKUs in sales channel 2 are served.
 * @returns {Promise<Sandbox>}
 */
async function startSandbox(options = {}) {
	const { port = 0, host = '127.0.0.1', scenario = createDefaultScenario(10) } = options;
	const logger = options.logger ?? {
		error: (message, details) =>
			process.stderr.write(`${message} ${JSON.stringify(details ?? {})}\n`),
	};

	/** @type {import('./server').SandboxHolder} */
	const holder = {
		current: createRuntime(scenario),
		delayTimers: new Set(),
		load(nextScenario) {
			// Validate before replacing, so a rejected scenario leaves the sandbox as it was.
			const next = createRuntime(nextScenario);
			holder.current.dispose();
			holder.current = next;
		},
	};

	const server = createServer(holder, logger);
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(undefined));
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

	return {
		url: `http://${urlHost}:${address.port}`,
		port: address.port,
		load: (nextScenario) => holder.load(nextScenario),
		journal: () => holder.current.journal.list(),
		state: () => holder.current.state(),
		close() {
			holder.current.dispose();
			for (const timer of holder.delayTimers) clearTimeout(timer);
			holder.delayTimers.clear();
			return new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

module.exports = { startSandbox, DEFAULT_APP_KEY, DEFAULT_APP_TOKEN };
