'use strict';

/**
 * Scripted `procedure` checks about the VTEX Trigger's registration on affiliate KTZ, keyed by
 * their exact text in expected.json, to merge with caseProcedures.cjs. They read what the step
 * procedures of stepProcedures/case25.cjs observed.
 */

/** @typedef {import('./caseChecks.cjs').CheckContext} CheckContext */

/** Affiliate fields that registration must leave as they were. */
const KEPT_FIELDS = ['name', 'salesChannel', 'followUpEmail'];

/**
 * Returns a URL without its query, where the trigger's secret travels.
 * @param {unknown} url
 */
function withoutQuery(url) {
	if (typeof url !== 'string') return null;
	const parsed = new URL(url);
	return `${parsed.origin}${parsed.pathname}`;
}

/**
 * @param {CheckContext} context
 * @param {string} stepId
 * @returns {Record<string, any>}
 */
function factsOf(context, stepId) {
	const facts = context.factsOf(stepId);
	if (facts === null) throw new Error(`step ${stepId} recorded nothing`);
	return facts;
}

/**
 * Returns the affiliatePut calls of one publish.
 * @param {{calls: {route: string, bodySha256?: string}[]}} publish
 */
function putsOf(publish) {
	return publish.calls.filter((call) => call.route === 'affiliatePut');
}

/**
 * Returns every publish of workflow A: the first one and the republishes.
 * @param {CheckContext} context
 */
function publishesOfA(context) {
	return [factsOf(context, 'activate-a'), ...factsOf(context, 'republish-a').publishes];
}

/** @type {Record<string, (context: CheckContext) => {ok: boolean, detail: string}>} */
const AFFILIATE_PROCEDURES = {
	"GET of affiliate KTZ returns A's production URL as searchURIEndpoint; the other fields (name, salesChannel, followUpEmail) are unchanged.":
		(context) => {
			const { before, after } = factsOf(context, 'activate-a');
			const endpoint = String(after?.searchURIEndpoint ?? '');
			const changed = KEPT_FIELDS.filter((field) => after?.[field] !== before?.[field]);
			const pointsAtA = /\/webhook\/3f1c7a52-8e4d-4b6a-9c21-5d7e0b9a4f13\/notification$/.test(
				withoutQuery(endpoint) ?? '',
			);
			return {
				ok: pointsAtA && changed.length === 0,
				detail: `endpoint ${withoutQuery(endpoint)}; changed fields: ${changed.join(', ') || 'none'}`,
			};
		},
	"After each publish, the endpoint is A's URL; it is never left null or empty between publishes.":
		(context) => {
			const publishes = publishesOfA(context);
			const urlA = factsOf(context, 'activate-a').endpoint;
			// With at most one PUT per publish and A's URL after it, no PUT wrote an empty URL.
			const ok =
				typeof urlA === 'string' &&
				publishes.every((publish) => publish.endpoint === urlA && putsOf(publish).length <= 1);
			return {
				ok,
				detail: publishes
					.map((publish) => `${withoutQuery(publish.endpoint)} after ${putsOf(publish).length} PUT`)
					.join('; '),
			};
		},
	'At most one affiliatePut per publish, all with the same URL.': (context) => {
		const publishes = publishesOfA(context);
		const counts = publishes.map((publish) => putsOf(publish).length);
		// Equal bodies mean the same URL, because every other field is sent back as read.
		const bodies = new Set(
			publishes.flatMap((publish) => putsOf(publish).map((put) => put.bodySha256)),
		);
		return {
			ok: counts.every((count) => count <= 1) && bodies.size <= 1,
			detail: `PUTs per publish: ${counts.join(', ')}; distinct bodies: ${bodies.size}`,
		};
	},
	"Publishing B does not change KTZ's endpoint: B fails to publish, or publishes with a warning, and either way the message names affiliate KTZ and the URL that currently owns it.":
		(context) => {
			const facts = factsOf(context, 'activate-b');
			const owner = withoutQuery(facts.urlA) ?? '';
			const message = String(facts.message ?? '');
			const problems = [];
			if (facts.endpoint !== facts.urlA)
				problems.push(`endpoint changed to ${withoutQuery(facts.endpoint)}`);
			if (putsOf(facts).length > 0) problems.push('B wrote the affiliate');
			if (!message.includes('KTZ')) problems.push('message does not name KTZ');
			if (owner === '' || !message.includes(owner)) problems.push(`message does not name ${owner}`);
			return {
				ok: problems.length === 0,
				detail: `${problems.join('; ') || 'endpoint kept'}; status ${facts.status}: ${message}`,
			};
		},
	"KTZ's endpoint is still A's URL.": (context) => {
		const facts = factsOf(context, 'deactivate-b');
		return {
			ok: typeof facts.urlA === 'string' && facts.endpoint === facts.urlA,
			detail: `endpoint ${withoutQuery(facts.endpoint)}`,
		};
	},
	"KTZ's endpoint is still https://other-connector.example/api/notification/: A does not clear or overwrite an endpoint it no longer owns.":
		(context) => {
			const facts = factsOf(context, 'deactivate-a');
			const writes = facts.calls.filter(
				(/** @type {{route: string}} */ call) => call.route !== 'affiliateGet',
			);
			return {
				ok: facts.endpoint === facts.handoverUrl && writes.length === 0,
				detail: `endpoint ${withoutQuery(facts.endpoint)}; calls ${facts.calls.map((/** @type {{route: string}} */ call) => call.route).join(' ') || 'none'}`,
			};
		},
	'A log entry or the deactivation message says the endpoint had been changed by someone else.': (
		context,
	) => {
		const { logLines } = factsOf(context, 'deactivate-a');
		const line = logLines.find((/** @type {string} */ text) =>
			/changed by someone else/i.test(text),
		);
		return { ok: line !== undefined, detail: line ?? `no such line among ${logLines.length}` };
	},
};

module.exports = { AFFILIATE_PROCEDURES };
