'use strict';

/**
 * Scripted `procedure` checks about the notification queue table (vtex_pending), keyed by their
 * exact text in expected.json, to merge with caseProcedures.cjs. They read the facts of the
 * step procedure that read the table (stepProcedures/case21.cjs). The last one replays the case
 * on the other engine, because duplicate rows are a risk of PostgreSQL with several workers.
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

/** The two engines a case must pass on, as CaseEnvironment.engine() names them. */
const SQLITE_ENGINE = 'one process on SQLite';
const QUEUE_ENGINE = 'queue mode on PostgreSQL with 2 workers';

/**
 * Replays the whole case on the other engine. Passes when that replay passes too and the two
 * replays ran on SQLite and on queue mode with two workers. Inside the second replay it passes
 * at once, because the first replay judges the second by all its outcomes.
 * @param {CheckContext} context
 */
async function replayOnBothEngines(context) {
	const engine = context.environment?.engine() ?? 'no case environment';
	if (!context.replayOnOtherEngine) {
		return { ok: true, detail: `second replay, on ${engine}; the first replay judges it` };
	}

	const other = await context.replayOnOtherEngine();
	const failed = other.outcomes.filter((outcome) => !outcome.ok);
	const engines = [engine, other.engine].sort();
	const bothEngines = engines[0] === SQLITE_ENGINE && engines[1] === QUEUE_ENGINE;
	const firstFailures = failed
		.slice(0, 3)
		.map((outcome) => `${outcome.step} ${outcome.name}: ${outcome.detail}`)
		.join('; ');
	return {
		ok: bothEngines && other.passed,
		detail:
			`this replay on ${engine}, the second on ${other.engine}: ` +
			`${other.outcomes.length - failed.length} of ${other.outcomes.length} outcomes passed` +
			(failed.length > 0 ? ` (failed: ${firstFailures})` : ''),
	};
}

/** @type {Record<string, import('./caseChecks.cjs').ProcedureCheck>} */
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
	'Run the whole case twice: once on SQLite, once on Postgres (queue mode, two workers). Both runs pass every check above.':
		replayOnBothEngines,
};

module.exports = { QUEUE_PROCEDURES };
