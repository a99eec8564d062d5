'use strict';

/**
 * Scripted `procedure` checks of the queue-mode case (18). They read what the `collect` step
 * procedure (stepProcedures/case18.cjs) observed: every process log and the executions.
 */

const { countFinishedExecutions } = require('../../scripts/queue-stack');

/** @typedef {import('./caseChecks.cjs').CheckContext} CheckContext */

/** Text n8n logs and reports when a process lacks a node's package. */
const UNRECOGNIZED_NODE_TYPE = 'Unrecognized node type';

/**
 * Returns what the collect step observed, or null before it ran.
 * @param {CheckContext} context
 * @returns {{ logs: Record<string, string>, receiveExecutions: Array<{ id: string, status: string }>,
 *   failedExecutionMessages: string[] } | null}
 */
function collected(context) {
	return /** @type {any} */ (context.factsOf('collect'));
}

/** @type {Record<string, (context: CheckContext) => {ok: boolean, detail: string}>} */
const QUEUE_PROCEDURES = {
	'The log of worker-1 and the log of worker-2 each show at least one execution that worker finished; main only enqueues.':
		(context) => {
			const facts = collected(context);
			if (!facts?.logs) return { ok: false, detail: 'the collect step kept no process logs' };
			const finished = Object.fromEntries(
				Object.entries(facts.logs).map(([name, log]) => [name, countFinishedExecutions(log)]),
			);
			const enqueued = /Enqueued execution \d+/.test(facts.logs.main ?? '');
			const ok =
				finished['worker-1'] >= 1 && finished['worker-2'] >= 1 && finished.main === 0 && enqueued;
			return {
				ok,
				detail: `finished executions per log: ${JSON.stringify(finished)}; main enqueued: ${enqueued}`,
			};
		},

	"No process log and no execution error contains the text 'Unrecognized node type'.": (
		context,
	) => {
		const facts = collected(context);
		if (!facts?.logs) return { ok: false, detail: 'the collect step kept no process logs' };
		const logsWithText = Object.entries(facts.logs)
			.filter(([, log]) => log.includes(UNRECOGNIZED_NODE_TYPE))
			.map(([name]) => name);
		const errorsWithText = facts.failedExecutionMessages.filter((message) =>
			message.includes(UNRECOGNIZED_NODE_TYPE),
		);
		return {
			ok: logsWithText.length === 0 && errorsWithText.length === 0,
			detail:
				`logs with the text: ${logsWithText.join(', ') || 'none'}; ` +
				`execution errors with it: ${errorsWithText.length}` +
				(errorsWithText.length > 0 ? ` (first: ${errorsWithText[0]})` : ''),
		};
	},

	'Every execution started by the 40 requests finished with status success.': (context) => {
		const facts = collected(context);
		if (!facts?.receiveExecutions) {
			return { ok: false, detail: 'the collect step read no executions' };
		}
		const statuses = facts.receiveExecutions.map((execution) => execution.status);
		const failed = statuses.filter((status) => status !== 'success').length;
		return {
			ok: statuses.length >= 40 && failed === 0,
			detail: `${statuses.length} receive executions, ${failed} not successful`,
		};
	},
};

module.exports = { QUEUE_PROCEDURES, UNRECOGNIZED_NODE_TYPE };
