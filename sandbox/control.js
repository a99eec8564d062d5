'use strict';

const { ScenarioError } = require('./scenario');
const { broadcast } = require('./broadcaster');
const { pushMapping } = require('./mapperPush');

/**
 * Serves the control routes under /__sandbox/, which are not journaled and need no key pair:
 * POST load (body: a scenario), POST change (body: {"sku", "set"}), GET journal (optional
 * query afterSeq: only entries with a larger seq), GET state and POST mapper/push (body
 * {"mapperId"?, "mapping"}: VTEX Mapper sending a mapping to a registered connector) and POST
 * broadcast (body: see sandbox/broadcaster.js; responds once every notification was sent).
 *
 * @param {import('./server').SandboxHolder} holder
 * @param {string} method
 * @param {string} path
 * @param {URLSearchParams} searchParams
 * @param {Buffer} body
 * @returns {{status: number, body: unknown} | Promise<{status: number, body: unknown}>}
 */
function handleControl(holder, method, path, searchParams, body) {
	const action = path.slice('/__sandbox/'.length);
	const expectedMethod = {
		load: 'POST',
		change: 'POST',
		journal: 'GET',
		state: 'GET',
		'mapper/push': 'POST',
		broadcast: 'POST',
	}[action];
	if (!expectedMethod) {
		return {
			status: 404,
			body: {
				error: `Unknown control route ${path}; use load, change, journal, state, mapper/push or broadcast.`,
			},
		};
	}
	if (method !== expectedMethod) {
		return { status: 405, body: { error: `${path} accepts ${expectedMethod} only.` } };
	}

	if (action === 'journal') {
		const afterSeq = Number(searchParams.get('afterSeq') ?? 0);
		const entries = holder.current.journal.list().filter((entry) => entry.seq > afterSeq);
		return { status: 200, body: { entries } };
	}
	if (action === 'state') return { status: 200, body: holder.current.state() };

	let payload;
	try {
		payload = JSON.parse(body.toString('utf8'));
	} catch (error) {
		return {
			status: 400,
			body: { error: `The body is not valid JSON: ${/** @type {Error} */ (error).message}` },
		};
	}
	if (action === 'mapper/push') return pushMapping(holder.current, payload);
	if (action === 'broadcast') return handleBroadcast(holder, payload);
	try {
		if (action === 'load') {
			holder.load(payload);
			const { scenario } = holder.current;
			return { status: 200, body: { loaded: scenario.caseName, skuCount: scenario.skus.size } };
		}
		const sku = holder.current.applyChange(payload?.sku, payload?.set);
		return { status: 200, body: { sku } };
	} catch (error) {
		if (error instanceof ScenarioError) return { status: 400, body: { error: error.message } };
		throw error;
	}
}

/**
 * @param {import('./server').SandboxHolder} holder
 * @param {unknown} payload
 */
async function handleBroadcast(holder, payload) {
	try {
		const report = await broadcast(holder.current, /** @type {any} */ (payload));
		return { status: 200, body: report };
	} catch (error) {
		if (error instanceof ScenarioError) return { status: 400, body: { error: error.message } };
		throw error;
	}
}

module.exports = { handleControl };
