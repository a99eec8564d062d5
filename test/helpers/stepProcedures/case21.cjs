'use strict';

/**
 * Step procedures of case 21 (one POST, several executions): reading the notification queue
 * table and what the apply runs found in it.
 */

const { TEMPLATE_IDS } = require('../caseEnvironment.cjs');

/**
 * Returns the SKU ids that each apply execution since `since` read from vtex_pending, one list
 * per execution. Only the apply template deletes queue rows, so a SKU twice in one read means
 * the table held two rows for it at that moment.
 * @param {import('../caseEnvironment.cjs').CaseEnvironment} environment
 * @param {Date} since
 */
async function pendingReadsSince(environment, since) {
	const executions = await environment.api().executions(TEMPLATE_IDS.apply, { limit: 250 });
	return executions
		.filter((/** @type {any} */ execution) => new Date(execution.startedAt) >= since)
		.map((/** @type {any} */ execution) => {
			const output = execution.data?.resultData?.runData?.['Read pending']?.[0]?.data?.main?.[0];
			return (output ?? []).map((/** @type {any} */ item) => String(item.json.skuId));
		});
}

/** @type {Record<string, import('../caseRunner.cjs').StepProcedure>} */
const STEP_PROCEDURES = {
	"Read every row of the package's notification queue table (Data Table) through n8n's public API and keep the list.":
		async (context) => {
			const environment = context.environment;
			if (!environment) {
				return { ok: false, detail: 'reading vtex_pending needs the case environment' };
			}
			await environment.ready(context.sandboxUrl);
			const rows = await environment.tableRows('vtex_pending');
			const pendingReads = await pendingReadsSince(environment, environment.caseStartedAt);
			return {
				ok: true,
				detail: `vtex_pending has ${rows.length} rows; ${pendingReads.length} apply runs read it`,
				facts: { rows, pendingReads },
			};
		},
};

module.exports = { STEP_PROCEDURES };
