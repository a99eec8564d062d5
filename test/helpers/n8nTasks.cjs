'use strict';

/**
 * The `initial-load` task of the case format, run in a real n8n with the package installed
 * from its packed tarball (scripts/n8n-runtime.js). Each call starts a fresh n8n, calls the
 * runner webhook of the initial-load template and stops n8n again. Aborting the task stops n8n,
 * which ends the execution as abruptly as a crash would.
 */

const { startN8n } = require('../../scripts/n8n-runtime');
const fixtures = require('../e2e/fixtures/index.cjs');

/**
 * @param {{log?: (line: string) => void}} [options]
 * @returns {import('./caseRunner.cjs').Task}
 */
function createInitialLoadTask(options = {}) {
	const log = options.log ?? (() => undefined);
	return async (request) => {
		const server = await startN8n({ ...fixtures.initialLoadStartOptions(request.sandboxUrl), log });
		let aborted = false;
		const onAbort = () => {
			aborted = true;
			log(`abortWhen reached: stopping n8n (PID ${server.pid})`);
			server.stop().catch(() => undefined);
		};
		request.signal.addEventListener('abort', onAbort, { once: true });
		try {
			const response = await server.callWebhook(fixtures.RUNNER_WEBHOOK_PATH, {
				salesChannel: String(request.parameters.salesChannel ?? 2),
				affiliateId: 'KTZ',
				marketplaceUrl: `${request.sandboxUrl}/mkt`,
			});
			if (response.status !== 200) {
				return {
					status: 'error',
					items: [],
					errorItems: 0,
					error: `runner webhook returned ${response.status}: ${JSON.stringify(response.body)}`,
					hints: [],
				};
			}
			const items = Array.isArray(response.body) ? response.body : [response.body];
			return { status: 'success', items, errorItems: 0, error: null, hints: [] };
		} catch (error) {
			if (aborted) return { status: 'aborted', items: [], errorItems: 0, error: null, hints: [] };
			throw error;
		} finally {
			request.signal.removeEventListener('abort', onAbort);
			if (!aborted) await server.stop();
		}
	};
}

module.exports = { createInitialLoadTask };
