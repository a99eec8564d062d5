'use strict';

/**
 * Scripted versions of `procedure` checks, keyed by their exact text in expected.json. A
 * procedure text without an entry here makes the case runner report an error.
 */

/** @typedef {import('./caseChecks.cjs').CheckContext} CheckContext */

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
};

module.exports = { PROCEDURES };
