'use strict';

/**
 * Scripted procedure checks of the offer cases (adoption of an existing offer, SKUs leaving
 * pending, partial updates), keyed by their exact text in expected.json.
 */

/** @typedef {import('./caseChecks.cjs').CheckContext} CheckContext */

/**
 * Log entries of one SKU from every run step so far.
 * @param {CheckContext} context
 * @param {string} skuId
 */
function entriesOf(context, skuId) {
	return context.logs
		.map((logged) => logged.entry)
		.filter((entry) => String(entry.skuId) === skuId);
}

/** @param {Record<string, unknown>[]} entries */
function describeEntries(entries) {
	if (entries.length === 0) return 'no log entry';
	return entries.map((entry) => `${entry.status}: ${entry.businessMessage}`).join(' | ');
}

/** @type {Record<string, (context: CheckContext) => {ok: boolean, detail: string}>} */
const OFFER_PROCEDURES = {
	'The log entry for SKU 1001 says the offer already existed and was adopted, not that it was created.':
		(context) => {
			const entries = entriesOf(context, '1001');
			const messages = entries.map((entry) => String(entry.businessMessage ?? ''));
			const adopted = messages.some(
				(message) => /already/i.test(message) && /adopted/i.test(message),
			);
			const created = messages.some((message) => /\bwas created\b/i.test(message));
			return { ok: adopted && !created, detail: describeEntries(entries) };
		},
	'The log entry for SKU 1001 has status Pending or Alert and names the unmapped category 24.': (
		context,
	) => {
		const naming = entriesOf(context, '1001').filter((entry) =>
			/\b24\b/.test(String(entry.businessMessage ?? '')),
		);
		const statuses = ['Pending', 'Alert', 'warning'];
		const ok =
			naming.length > 0 && naming.every((entry) => statuses.includes(String(entry.status)));
		return { ok, detail: describeEntries(naming) };
	},
	'The upsert sent for the price change carries no attributes field (journal body of mkt.upsert).':
		(context) => {
			const upserts = context.journal.filter(
				(entry) =>
					entry.route === 'mkt.upsert' &&
					entry.skus.includes('1001') &&
					entry.seq > context.seqAfter('notify-price'),
			);
			const fields = upserts.map((entry) => entry.bodyFields);
			const ok =
				upserts.length > 0 &&
				fields.every((names) => Array.isArray(names) && !names.includes('attributes'));
			return { ok, detail: `bodies of ${upserts.length} upserts: ${JSON.stringify(fields)}` };
		},
};

module.exports = { OFFER_PROCEDURES };
