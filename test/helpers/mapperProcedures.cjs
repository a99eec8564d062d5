'use strict';

/**
 * Scripted `procedure` checks about uploads of the Mapper category tree, keyed by their exact
 * text in expected.json, to merge with caseProcedures.cjs.
 */

/** @typedef {import('./caseChecks.cjs').CheckContext} CheckContext */

/** Wording that would send the seller towards several partial uploads. */
const SPLIT_ADVICE = /\bsplit|several uploads|multiple uploads|in parts\b|smaller uploads|batches/i;

/**
 * Returns the byte counts that a message states, such as 4711 in "is 4711 bytes".
 * @param {string} text
 */
function byteCounts(text) {
	return [...text.matchAll(/(\d[\d,]*) bytes/g)].map((match) => Number(match[1].replace(/,/g, '')));
}

/**
 * Returns the mapperTree requests that arrived after the given step ended.
 * @param {CheckContext} context
 * @param {string} stepId
 */
function treeRequestsSince(context, stepId) {
	const afterSeq = context.seqAfter(stepId);
	return context.journal.filter((entry) => entry.route === 'mapperTree' && entry.seq > afterSeq);
}

/**
 * Tells whether a failed run's message and advice give the size and the limit and suggest
 * trimming, not splitting.
 * @param {{error: string | null, errorDescription?: string | null} | null} execution
 * @param {number} limit
 */
function describesTooLarge(execution, limit) {
	const message = execution?.error ?? '';
	const advice = `${message} ${execution?.errorDescription ?? ''}`;
	const counts = byteCounts(message);
	const problems = [];
	if (!counts.includes(limit)) problems.push(`no limit of ${limit} bytes in the message`);
	if (!counts.some((count) => count > limit)) problems.push('no compressed size above the limit');
	if (!/trim/i.test(advice)) problems.push('no advice to trim the tree');
	if (!/attribute values|categories/i.test(advice)) problems.push('no hint at what to trim');
	if (SPLIT_ADVICE.test(advice)) problems.push('suggests splitting the tree');
	return { ok: problems.length === 0, detail: problems.join('; ') || advice };
}

/** Upload limit, in bytes, that case 31 sets both in the sandbox and in the package. */
const CASE_LIMIT_BYTES = 4096;

/** @type {Record<string, (context: CheckContext) => {ok: boolean, detail: string}>} */
const MAPPER_PROCEDURES = {
	'The error message states the compressed size of the tree and the limit, and suggests trimming it (fewer attribute values or categories). It does not suggest splitting the tree into several uploads.':
		(context) => describesTooLarge(context.execution, CASE_LIMIT_BYTES),
	'If a request was sent, it is one request answered 413, and the message is the same.': (
		context,
	) => {
		const sent = treeRequestsSince(context, 'send-small');
		if (sent.length === 0) return { ok: true, detail: 'no request sent' };

		const wording = describesTooLarge(context.execution, CASE_LIMIT_BYTES);
		const ok = sent.length === 1 && sent[0].status === 413 && wording.ok;
		return {
			ok,
			detail: `${sent.length} requests, statuses ${sent.map((entry) => entry.status).join(', ')}; ${wording.detail}`,
		};
	},
	'No step sends the large tree as several smaller uploads.': (context) => {
		// The large tree is sent by the two steps after send-small, at most once each, and the
		// Mapper must never accept any part of it.
		const sent = treeRequestsSince(context, 'send-small');
		const accepted = sent.filter((entry) => entry.status >= 200 && entry.status < 300);
		const ok = sent.length <= 2 && accepted.length === 0;
		return {
			ok,
			detail: `${sent.length} uploads after the small tree, ${accepted.length} accepted`,
		};
	},
};

module.exports = { MAPPER_PROCEDURES };
