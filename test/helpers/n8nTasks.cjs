'use strict';

/**
 * The `initial-load` task of the case format, run in a real n8n with the package installed
 * from its packed tarball (scripts/n8n-runtime.js).
 *
 * By default each call starts a fresh n8n, calls the runner webhook of the initial-load template
 * and stops n8n again. With `keepUserFolder`, every call of one task runs on the same n8n user
 * folder, so the id map, the logs and the load checkpoint of a step are there for the next one.
 * `close()` then stops n8n and deletes the folder.
 *
 * Aborting the task kills n8n with SIGKILL, which ends the execution as abruptly as a crash
 * would. With `keepUserFolder`, n8n is then started again on the same folder, so the outcome can
 * report the log entries that the aborted run saved.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { restartN8n, startN8n } = require('../../scripts/n8n-runtime');
const fixtures = require('../e2e/fixtures/index.cjs');

/** Upper bound on the pages of vtex_logs read after a run (250 rows each). */
const MAX_LOG_PAGES = 40;

/**
 * Reads every row of the Data Table vtex_logs through the public API.
 * @param {import('../../scripts/runtime/server').N8nServer} server
 * @returns {Promise<Array<Record<string, any>>>}
 */
async function readLogRows(server) {
	const tables = await server.requestOk('GET', '/api/v1/data-tables?limit=250', { auth: 'apiKey' });
	const table = tables.data.find(
		(/** @type {{ name: string }} */ entry) => entry.name === 'vtex_logs',
	);
	if (!table) throw new Error('Data Table vtex_logs not found');
	const rows = [];
	let cursor = '';
	for (let page = 0; page < MAX_LOG_PAGES; page++) {
		const query = `limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
		const body = await server.requestOk('GET', `/api/v1/data-tables/${table.id}/rows?${query}`, {
			auth: 'apiKey',
		});
		rows.push(...body.data);
		if (!body.nextCursor) return rows;
		cursor = body.nextCursor;
	}
	throw new Error(`vtex_logs has more than ${MAX_LOG_PAGES * 250} rows`);
}

/**
 * Converts a vtex_logs row to the log entry shape that case checks read.
 * @param {Record<string, any>} row
 */
function logEntryOf(row) {
	return {
		skuId: row.skuId || null,
		status: row.status,
		operation: row.operation,
		messageCode: row.messageCode,
		businessMessage: row.businessMessage,
	};
}

/**
 * @param {{log?: (line: string) => void, keepUserFolder?: boolean}} [options]
 * @returns {import('./caseRunner.cjs').Task & { close: () => Promise<void> }}
 */
function createInitialLoadTask(options = {}) {
	const log = options.log ?? (() => undefined);
	const keepUserFolder = options.keepUserFolder === true;
	/** @type {string | null} */
	let userFolder = null;
	/** @type {import('../../scripts/runtime/server').N8nServer | null} */
	let server = null;
	/** entryId of every vtex_logs row that an earlier step already reported. */
	const reportedEntries = new Set();

	/** @param {string} sandboxUrl */
	const ensureServer = async (sandboxUrl) => {
		if (server) return server;
		if (keepUserFolder && userFolder) {
			server = await restartN8n({ userFolder, log });
			return server;
		}
		if (!keepUserFolder) {
			server = await startN8n({ ...fixtures.initialLoadStartOptions(sandboxUrl), log });
			return server;
		}
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-case-'));
		try {
			server = await startN8n({
				...fixtures.initialLoadStartOptions(sandboxUrl),
				userFolder: folder,
				log,
			});
		} catch (error) {
			// A folder whose first start failed has no owner or package, so no step may reuse it.
			fs.rmSync(folder, { recursive: true, force: true });
			throw error;
		}
		userFolder = folder;
		return server;
	};

	/** Log entries of vtex_logs that no earlier step reported (kept user folder only). */
	const newLogEntries = async () => {
		if (!keepUserFolder || !server) return [];
		const rows = (await readLogRows(server)).filter((row) => !reportedEntries.has(row.entryId));
		for (const row of rows) reportedEntries.add(row.entryId);
		return rows.map(logEntryOf);
	};

	/** @type {import('./caseRunner.cjs').Task} */
	const task = async (request) => {
		const running = await ensureServer(request.sandboxUrl);
		let aborted = false;
		const onAbort = () => {
			aborted = true;
			log(`abortWhen reached: killing n8n (PID ${running.pid})`);
			running.crash().catch(() => undefined);
		};
		request.signal.addEventListener('abort', onAbort, { once: true });
		try {
			const response = await running.callWebhook(fixtures.RUNNER_WEBHOOK_PATH, {
				salesChannel: String(request.parameters.salesChannel ?? 2),
				affiliateId: 'KTZ',
				marketplaceUrl: `${request.sandboxUrl}/mkt`,
				force: request.parameters.force === true ? 'true' : '',
			});
			if (aborted) throw new Error('aborted');
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
			const logEntries = await newLogEntries();
			// The summary counts its log entries in `logEntries`; the case checks read the entries.
			const reported = items.map((item, index) =>
				keepUserFolder ? { ...item, logEntries: index === 0 ? logEntries : [] } : item,
			);
			return { status: 'success', items: reported, errorItems: 0, error: null, hints: [] };
		} catch (error) {
			if (!aborted) throw error;
			await running.crash();
			server = null;
			if (!keepUserFolder) {
				// stop() of a killed server only deletes its per-run user folder.
				await running.stop();
				return { status: 'aborted', items: [], errorItems: 0, error: null, hints: [] };
			}
			await ensureServer(request.sandboxUrl);
			const logEntries = await newLogEntries();
			return {
				status: 'aborted',
				items: [{ logEntries }],
				errorItems: 0,
				error: null,
				hints: [],
			};
		} finally {
			request.signal.removeEventListener('abort', onAbort);
			if (!aborted && !keepUserFolder && server) {
				await server.stop();
				server = null;
			}
		}
	};

	return Object.assign(task, {
		close: async () => {
			if (server) await server.stop();
			server = null;
			if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
			userFolder = null;
		},
	});
}

module.exports = { createInitialLoadTask };
