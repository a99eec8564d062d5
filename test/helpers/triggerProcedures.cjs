'use strict';

/**
 * Scripted `procedure` checks about the VTEX Trigger's items, keyed by their exact text in
 * expected.json, to merge with caseProcedures.cjs.
 */

/** @typedef {import('./caseChecks.cjs').CheckContext} CheckContext */

/** Item fields that record when a request arrived, which differ between two deliveries. */
const RECEIPT_FIELDS = ['receivedAt'];

/**
 * @param {CheckContext} context
 * @param {string} stepId
 * @returns {Record<string, unknown>[]}
 */
function itemsOf(context, stepId) {
	return context.executionOf(stepId)?.items ?? [];
}

/** @param {Record<string, unknown>} item */
function withoutReceipt(item) {
	const copy = { ...item };
	for (const field of RECEIPT_FIELDS) delete copy[field];
	return copy;
}

/** @type {Record<string, (context: CheckContext) => {ok: boolean, detail: string}>} */
const TRIGGER_PROCEDURES = {
	'The trigger items of steps pascal-case and guide-style are equal field by field, apart from fields that record when the request was received.':
		(context) => {
			const pascal = itemsOf(context, 'pascal-case').map(withoutReceipt);
			const guide = itemsOf(context, 'guide-style').map(withoutReceipt);
			const ok = pascal.length === 1 && JSON.stringify(pascal) === JSON.stringify(guide);
			return { ok, detail: `${JSON.stringify(pascal)} vs ${JSON.stringify(guide)}` };
		},
	'Both items mark the change as a stock change and as nothing else.': (context) => {
		const items = [...itemsOf(context, 'pascal-case'), ...itemsOf(context, 'guide-style')];
		const onlyStock = (/** @type {Record<string, unknown>} */ item) =>
			JSON.stringify(item.changes) === '["stock"]' &&
			item.stockModified === true &&
			item.priceModified === false &&
			item.skuModified === false &&
			item.removedFromAffiliate === false;
		const ok = items.length === 2 && items.every(onlyStock);
		return { ok, detail: items.map((item) => JSON.stringify(item.changes)).join(' and ') };
	},
};

module.exports = { TRIGGER_PROCEDURES };
