'use strict';

const { OFFER_PROCEDURES } = require('./offerProcedures.cjs');

/**
 * Scripted versions of `procedure` checks, keyed by their exact text in expected.json. A
 * procedure text without an entry here makes the case runner report an error.
 */

/** @typedef {import('./caseChecks.cjs').CheckContext} CheckContext */

/**
 * Reads the SKUs per minute that VTEX Stock's Get Inventory reports: `throughput.skusPerMinute`
 * on its last item, else the figure of its notice.
 * @param {CheckContext} context
 * @returns {number | undefined}
 */
function reportedThroughput(context) {
	const items = context.execution?.items ?? [];
	const fromItem = /** @type {any} */ (items[items.length - 1])?.throughput?.skusPerMinute;
	if (typeof fromItem === 'number') return fromItem;
	for (const hint of context.execution?.hints ?? []) {
		const match = /([\d,.]+) SKUs per minute/.exec(hint);
		if (match) return Number(match[1].replace(/,/g, ''));
	}
	return undefined;
}

/**
 * @param {CheckContext} context
 */
function reportedThroughputDetail(context) {
	const items = context.execution?.items ?? [];
	const throughput = /** @type {any} */ (items[items.length - 1])?.throughput;
	const hints = (context.execution?.hints ?? []).join(' | ');
	return `item: ${JSON.stringify(throughput ?? null)}; notice: ${hints || 'none'}`;
}

/** Patterns of the rule clauses in VTEX Price's price-check Alerts; each clause contains the rejected value. */
const PRICE_RULE_PATTERNS = [
	/the price -?[\d.]+ is not above zero/,
	/the list price -?[\d.]+ is below the price -?[\d.]+/,
	/the price -?[\d.]+ is [\d.]+% below the last price sent, -?[\d.]+, more than the maximum drop of [\d.]+%/,
];

/**
 * Tells whether a price-check Alert names its SKU, a value and a rule.
 * @param {{skuId: string | null, businessMessage: string}} entry
 */
function namesSkuValueAndRule(entry) {
	const message = String(entry.businessMessage ?? '');
	if (entry.skuId === null || !message.includes(`SKU ${entry.skuId}`)) return false;
	return PRICE_RULE_PATTERNS.some((pattern) => pattern.test(message));
}

/** @type {Record<string, (context: CheckContext) => {ok: boolean, detail: string}>} */
const PROCEDURES = {
	'Every SKU id from 1001 to 4000 appears in the output exactly once.': (context) => {
		const ids = (context.execution?.items ?? []).map((item) => String(item.skuId));
		const unique = new Set(ids);
		const missing = [];
		for (let id = 1001; id <= 4000; id++) {
			if (!unique.has(String(id))) missing.push(id);
		}
		const ok = ids.length === 3000 && unique.size === 3000 && missing.length === 0;
		return { ok, detail: `${ids.length} ids, ${unique.size} distinct, ${missing.length} missing` };
	},
	"The node's warning names the 2,500 limit of the search API.": (context) => {
		const hints = context.execution?.hints ?? [];
		const ok = hints.some((hint) => /2[,.]?500/.test(hint));
		return { ok, detail: hints.join(' | ') || 'no warning' };
	},
	'The run reports its throughput in SKUs per minute, in a summary item or a notice on the node.': (
		context,
	) => {
		const figure = reportedThroughput(context);
		return { ok: figure !== undefined, detail: reportedThroughputDetail(context) };
	},
	'Each Alert message names the SKU, the rejected value and the rule it broke.': (context) => {
		const alerts = context.logs.filter(({ entry }) => entry.status === 'Alert');
		const unclear = alerts.filter(({ entry }) => !namesSkuValueAndRule(entry));
		const ok = alerts.length > 0 && unclear.length === 0;
		const detail =
			alerts.length === 0
				? 'no Alert entry'
				: `${alerts.length - unclear.length} of ${alerts.length} Alert entries name SKU, value and rule`;
		return { ok, detail };
	},
	'The reported figure is between 550 and 950.': (context) => {
		const figure = reportedThroughput(context);
		const ok = figure !== undefined && figure >= 550 && figure <= 950;
		return { ok, detail: figure === undefined ? 'no figure' : `${figure} SKUs per minute` };
	},
};

// The offer cases keep their scripts in a file of their own.
Object.assign(PROCEDURES, OFFER_PROCEDURES);

module.exports = { PROCEDURES };
