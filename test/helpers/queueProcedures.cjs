'use strict';

/**
 * Scripted `procedure` checks about the notification queue table (vtex_pending), keyed by their
 * exact text in expected.json, to merge with caseProcedures.cjs. They read the facts of the
 * step procedure that read the table (stepProcedures/case21.cjs).
 */

/** @typedef {import('./caseChecks.cjs').CheckContext} CheckContext */

/**
 * @param {CheckContext} context
 * @returns {{rows: Record<string, unknown>[], pendingReads: string[][]} | null}
 */
function queueFacts(context) {
	const facts = context.factsOf('inspect-queue');
	if (!facts || !Array.isArray(facts.rows) || !Array.isArray(facts.pendingReads)) return null;
	return /** @type {any} */ (facts);
}

/**
 * Returns the SKU ids that appear more than once in a list.
 * @param {string[]} skuIds
 */
function repeated(skuIds) {
	const seen = new Set();
	const twice = new Set();
	for (const skuId of skuIds) {
		if (seen.has(skuId)) twice.add(skuId);
		seen.add(skuId);
	}
	return [...twice];
}

/** @type {Record<string, (context: CheckContext) => {ok: boolean, detail: string}>} */
const QUEUE_PROCEDURES = {
	'The queue table holds no row after process-again.': (context) => {
		const facts = queueFacts(context);
		if (!facts) return { ok: false, detail: 'step inspect-queue did not read the queue table' };
		const skuIds = facts.rows.map((row) => String(row.skuId));
		return {
			ok: facts.rows.length === 0,
			detail: `${facts.rows.length} rows${skuIds.length ? ` (SKUs ${skuIds.join(', ')})` : ''}`,
		};
	},
	"At no time did the queue table hold two rows for one SKU id (check the receive executions' outputs or the table history if the design keeps one).":
		(context) => {
			const facts = queueFacts(context);
			if (!facts) return { ok: false, detail: 'step inspect-queue did not read the queue table' };
			const reads = [...facts.pendingReads, facts.rows.map((row) => String(row.skuId))];
			const doubled = reads.flatMap(repeated);
			const ok = facts.pendingReads.length > 0 && doubled.length === 0;
			const detail =
				facts.pendingReads.length === 0
					? 'no apply run read the queue table'
					: `${facts.pendingReads.length} reads by apply runs and one by the step; ` +
						(doubled.length === 0
							? 'no SKU twice in one read'
							: `SKUs with two rows: ${[...new Set(doubled)].join(', ')}`);
			return { ok, detail };
		},
};

module.exports = { QUEUE_PROCEDURES };
