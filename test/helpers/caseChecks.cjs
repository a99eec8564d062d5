'use strict';

/**
 * Evaluation of the checks of an `expected.json` (format `vtex-case-expected/1`). Each function
 * returns a list of outcomes `{name, ok, detail}`, and throws when a check cannot be evaluated,
 * so that the runner reports it as an error instead of skipping it.
 */

const { requestMatches } = require('../../sandbox/match');

/** Number tolerance of partial matches, as the case format fixes it. */
const NUMBER_TOLERANCE = 0.005;

/** A check the runner cannot evaluate: an unknown section or an unsupported field. */
class UnsupportedCheckError extends Error {}

/**
 * Tests whether a value matches a partial expectation: every listed field equal, numbers within
 * 0.005, arrays of the same length matched pair by pair, and null matching an absent field.
 * @param {unknown} expected
 * @param {unknown} actual
 * @returns {boolean}
 */
function partialMatch(expected, actual) {
	if (expected === null) return actual === null || actual === undefined;
	if (typeof expected === 'number') {
		return typeof actual === 'number' && Math.abs(expected - actual) <= NUMBER_TOLERANCE;
	}
	if (Array.isArray(expected)) {
		return (
			Array.isArray(actual) &&
			actual.length === expected.length &&
			expected.every((element, index) => partialMatch(element, actual[index]))
		);
	}
	if (typeof expected === 'object') {
		if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
		return Object.entries(expected).every(([key, value]) => partialMatch(value, actual[key]));
	}
	return expected === actual;
}

/**
 * Checks a count against `count` or `min`/`max`. Without a bound, at least one is required.
 * @param {number} actual
 * @param {{count?: number, min?: number, max?: number}} bounds
 */
function checkBounds(actual, bounds) {
	if (bounds.count !== undefined)
		return { ok: actual === bounds.count, detail: `${actual} (expected ${bounds.count})` };
	const min = bounds.min ?? (bounds.max === undefined ? 1 : 0);
	const max = bounds.max ?? Infinity;
	const range = `${min}..${max === Infinity ? '' : max}`;
	return { ok: actual >= min && actual <= max, detail: `${actual} (expected ${range})` };
}

/**
 * @param {Record<string, unknown>} object
 * @param {string[]} allowed
 * @param {string} where
 */
function rejectUnknownFields(object, allowed, where) {
	for (const key of Object.keys(object)) {
		if (!allowed.includes(key)) {
			throw new UnsupportedCheckError(
				`${where}: unsupported field "${key}" (supported: ${allowed.join(', ')})`,
			);
		}
	}
}

/**
 * @typedef {object} CheckContext
 * @property {import('../../sandbox/journal').JournalEntry[]} journal
 * @property {any} state sandbox state after the step
 * @property {(stepId: string) => number} seqAfter last journal seq when the step ended
 * @property {(stepId: string) => number} stepIndex
 * @property {{status: string, items: any[], errorItems: number, error: string | null,
 *   hints: string[], seconds: number} | null} execution outcome of the step's task
 * @property {{statuses: number[], bodies: string[], executions: number} | null} webhook
 *   responses of a notify step's POSTs and the number of executions they started
 * @property {(stepId: string) => any} executionOf outcome of an earlier step's task or trigger
 * @property {(stepId: string) => Record<string, unknown> | null} factsOf what a procedure step
 *   observed, or null for a step that is not a procedure or has not run
 * @property {{stepIndex: number, entry: any}[]} logs log entries of every run step so far
 * @property {Record<string, any>[] | null} idMap rows of vtex_id_map after the step, or null
 *   without a case environment
 * @property {Record<string, ProcedureCheck>} procedures scripted procedure checks keyed by
 *   their exact text
 * @property {import('./caseEnvironment.cjs').CaseEnvironment | null} environment
 * @property {(() => Promise<OtherEngineReplay>) | null} replayOnOtherEngine replays the whole
 *   case on the other engine (SQLite or queue mode) once, however often it is called; null
 *   inside that second replay
 */

/**
 * @typedef {object} OtherEngineReplay
 * @property {string} engine what the second replay ran on
 * @property {boolean} passed
 * @property {{step: string, name: string, ok: boolean, detail: string}[]} outcomes
 */

/**
 * @typedef {{ok: boolean, detail: string}} ProcedureResult
 * @typedef {(context: CheckContext) => ProcedureResult | Promise<ProcedureResult>} ProcedureCheck
 */

/** @typedef {{name: string, ok: boolean, detail: string}} Outcome */

/**
 * @param {any[]} matchers
 * @param {CheckContext} context
 * @param {string} section
 */
function evaluateCalls(matchers, context, section) {
	return matchers.map((matcher) => {
		rejectUnknownFields(
			matcher,
			['route', 'match', 'status', 'since', 'count', 'min', 'max', 'perSku'],
			section,
		);
		const afterSeq = matcher.since === undefined ? 0 : context.seqAfter(matcher.since);
		const entries = context.journal.filter(
			(entry) =>
				entry.route === matcher.route &&
				entry.seq > afterSeq &&
				(matcher.status === undefined || entry.status === matcher.status) &&
				requestMatches(matcher.match, entry),
		);
		const name = `${section} ${JSON.stringify({ ...matcher, count: undefined, min: undefined, max: undefined })}`;
		if (!matcher.perSku) return { name, ...checkBounds(entries.length, matcher) };

		const failures = [];
		for (const sku of context.state.catalog.skus) {
			const count = entries.filter((entry) => entry.skus.includes(String(sku.id))).length;
			const outcome = checkBounds(count, matcher);
			if (!outcome.ok) failures.push(`SKU ${sku.id}: ${outcome.detail}`);
		}
		return {
			name,
			ok: failures.length === 0,
			detail: failures.slice(0, 5).join('; ') || 'every SKU in bounds',
		};
	});
}

/**
 * @param {any[]} matchers
 * @param {CheckContext} context
 */
function evaluateGaps(matchers, context) {
	return matchers.map((matcher) => {
		rejectUnknownFields(matcher, ['route', 'match', 'between', 'minMs', 'maxMs'], 'sandbox.gaps');
		const entries = context.journal.filter(
			(entry) => entry.route === matcher.route && requestMatches(matcher.match, entry),
		);
		const [a, b] = matcher.between;
		const name = `sandbox.gaps ${matcher.route} between ${a} and ${b}`;
		const first = entries[a - 1];
		const second = entries[b - 1];
		if (!first || !second || first.respondedMs === null) {
			return { name, ok: false, detail: `only ${entries.length} matching requests` };
		}
		const gap = second.receivedMs - first.respondedMs;
		const ok = gap >= (matcher.minMs ?? -Infinity) && gap <= (matcher.maxMs ?? Infinity);
		return {
			name,
			ok,
			detail: `${gap.toFixed(1)} ms (expected ${matcher.minMs ?? ''}..${matcher.maxMs ?? ''})`,
		};
	});
}

/**
 * @param {any[]} matchers
 * @param {CheckContext} context
 */
function evaluateChanges(matchers, context) {
	return matchers.map((matcher) => {
		rejectUnknownFields(
			matcher,
			['sku', 'field', 'values', 'last', 'count'],
			'marketplace.changes',
		);
		const offer = context.state.offers.find((candidate) => candidate.skuId === String(matcher.sku));
		const history = offer?.history?.[matcher.field] ?? [];
		const name = `marketplace.changes SKU ${matcher.sku} ${matcher.field}`;
		if (matcher.values !== undefined) {
			return { name, ok: partialMatch(matcher.values, history), detail: JSON.stringify(history) };
		}
		if (matcher.last !== undefined) {
			return {
				name,
				ok: partialMatch(matcher.last, history[history.length - 1]),
				detail: JSON.stringify(history),
			};
		}
		return { name, ...checkBounds(history.length, { count: matcher.count }) };
	});
}

/**
 * @param {{exact?: boolean, items: any[]}} expected
 * @param {CheckContext} context
 */
function evaluateOffers(expected, context) {
	rejectUnknownFields(expected, ['exact', 'items'], 'marketplace.offers');
	const offers = context.state.offers;
	const outcomes = expected.items.map((item) => {
		const found = offers.some((offer) => partialMatch(item, offer));
		return {
			name: `marketplace.offers has ${JSON.stringify(item)}`,
			ok: found,
			detail: found ? 'found' : 'missing',
		};
	});
	if (expected.exact) {
		const expectedIds = expected.items.map((item) => item.offerId).sort();
		const actualIds = offers.map((offer) => offer.offerId).sort();
		const ok = JSON.stringify(expectedIds) === JSON.stringify(actualIds);
		outcomes.push({ name: 'marketplace.offers exact', ok, detail: actualIds.join(', ') });
	}
	return outcomes;
}

/**
 * @param {any} expected
 * @param {CheckContext} context
 */
function evaluateExecution(expected, context) {
	rejectUnknownFields(
		expected,
		['status', 'errorIncludes', 'items', 'errorItems', 'itemsInclude'],
		'execution',
	);
	const execution = context.execution;
	if (!execution) throw new UnsupportedCheckError('execution: the step ran no task');
	const outcomes = [];
	if (expected.status !== undefined) {
		const accepted = Array.isArray(expected.status) ? expected.status : [expected.status];
		outcomes.push({
			name: `execution.status ${accepted.join('|')}`,
			ok: accepted.includes(execution.status),
			detail: execution.error ? `${execution.status}: ${execution.error}` : execution.status,
		});
	}
	for (const text of expected.errorIncludes ?? []) {
		const ok = (execution.error ?? '').toLowerCase().includes(String(text).toLowerCase());
		outcomes.push({
			name: `execution.errorIncludes "${text}"`,
			ok,
			detail: execution.error ?? 'no error',
		});
	}
	if (expected.items !== undefined) {
		outcomes.push({
			name: 'execution.items',
			...checkBounds(execution.items.length, { count: expected.items }),
		});
	}
	if (expected.errorItems !== undefined) {
		outcomes.push({
			name: 'execution.errorItems',
			...checkBounds(execution.errorItems, { count: expected.errorItems }),
		});
	}
	for (const partial of expected.itemsInclude ?? []) {
		const ok = execution.items.some((item) => partialMatch(partial, item));
		outcomes.push({
			name: `execution.itemsInclude ${JSON.stringify(partial)}`,
			ok,
			detail: ok ? 'found' : 'missing',
		});
	}
	return outcomes;
}

/**
 * @param {any[]} matchers
 * @param {CheckContext} context
 */
function evaluateLogs(matchers, context) {
	return matchers.map((matcher) => {
		rejectUnknownFields(
			matcher,
			[
				'status',
				'operation',
				'skuId',
				'messageIncludes',
				'messageIncludesCased',
				'since',
				'count',
				'min',
				'max',
			],
			'logs',
		);
		const afterIndex = matcher.since === undefined ? -1 : context.stepIndex(matcher.since);
		const includes = [].concat(matcher.messageIncludes ?? []);
		const includesCased = [].concat(matcher.messageIncludesCased ?? []);
		const matching = context.logs.filter(({ stepIndex, entry }) => {
			if (stepIndex <= afterIndex) return false;
			const status = String(entry.status ?? '').toLowerCase();
			const expectedStatus = String(matcher.status ?? '').toLowerCase();
			if (
				matcher.status !== undefined &&
				status !== expectedStatus &&
				!(expectedStatus === 'alert' && status === 'warning')
			) {
				return false;
			}
			if (matcher.operation !== undefined && entry.operation !== matcher.operation) return false;
			if (matcher.skuId !== undefined && String(entry.skuId) !== String(matcher.skuId))
				return false;
			const message = String(entry.businessMessage ?? entry.BusinessMessage ?? '');
			if (!includes.every((text) => message.toLowerCase().includes(String(text).toLowerCase())))
				return false;
			return includesCased.every((text) => message.includes(String(text)));
		});
		const name = `logs ${JSON.stringify({ ...matcher, count: undefined, min: undefined, max: undefined })}`;
		return { name, ...checkBounds(matching.length, matcher) };
	});
}

/**
 * Checks the responses of a notify step: `status` of every POST (a number or accepted values),
 * `executions` started, and `bodyIncludes`, substrings that every response body contains,
 * compared without regard to case.
 * @param {{status?: number | number[], executions?: number, bodyIncludes?: string[]}} expected
 * @param {CheckContext} context
 */
function evaluateWebhook(expected, context) {
	rejectUnknownFields(expected, ['status', 'executions', 'bodyIncludes'], 'webhook');
	const webhook = context.webhook;
	if (!webhook) throw new UnsupportedCheckError('webhook: the step is not a notify step');
	const outcomes = [];
	if (expected.status !== undefined) {
		const accepted = Array.isArray(expected.status) ? expected.status : [expected.status];
		const wrong = webhook.statuses.filter((status) => !accepted.includes(status));
		outcomes.push({
			name: `webhook.status ${accepted.join('|')}`,
			ok: webhook.statuses.length > 0 && wrong.length === 0,
			detail: `${webhook.statuses.length} responses, statuses ${[...new Set(webhook.statuses)].join(', ')}`,
		});
	}
	if (expected.executions !== undefined) {
		outcomes.push({
			name: 'webhook.executions',
			...checkBounds(webhook.executions, { count: expected.executions }),
		});
	}
	for (const text of expected.bodyIncludes ?? []) {
		const lower = String(text).toLowerCase();
		const missing = webhook.bodies.filter((body) => !body.toLowerCase().includes(lower));
		outcomes.push({
			name: `webhook.bodyIncludes "${text}"`,
			ok: webhook.bodies.length > 0 && missing.length === 0,
			detail: missing.length === 0 ? 'in every body' : `missing in: ${missing[0].slice(0, 200)}`,
		});
	}
	return outcomes;
}

/**
 * @param {{minSeconds?: number, maxSeconds?: number}} expected
 * @param {CheckContext} context
 */
function evaluateTiming(expected, context) {
	rejectUnknownFields(expected, ['minSeconds', 'maxSeconds'], 'timing');
	const seconds = context.execution?.seconds;
	if (seconds === undefined) throw new UnsupportedCheckError('timing: the step has no duration');
	const ok = seconds >= (expected.minSeconds ?? 0) && seconds <= (expected.maxSeconds ?? Infinity);
	return [{ name: 'timing', ok, detail: `${seconds.toFixed(2)} s` }];
}

/**
 * Checks partial entries of the package's id map. Ids compare as text, because the Data Table
 * stores skuId and offerId as strings while the case format writes SKU ids as numbers.
 * @param {Record<string, unknown>[]} expected
 * @param {CheckContext} context
 */
function evaluateIdMap(expected, context) {
	const rows = context.idMap;
	if (!rows) throw new UnsupportedCheckError('idMap: the case environment has not started');
	return expected.map((partial) => {
		rejectUnknownFields(partial, ['skuId', 'offerId', 'status'], 'idMap');
		const matches = (/** @type {Record<string, unknown>} */ row) =>
			Object.entries(partial).every(([field, value]) => String(row[field]) === String(value));
		const found = rows.find(matches);
		const sameSku = rows.filter((row) => String(row.skuId) === String(partial.skuId));
		const detail = found
			? 'found'
			: `rows of SKU ${partial.skuId}: ${JSON.stringify(sameSku.map(({ skuId, offerId, status }) => ({ skuId, offerId, status })))}`;
		return { name: `idMap has ${JSON.stringify(partial)}`, ok: found !== undefined, detail };
	});
}

/**
 * @param {string[]} texts
 * @param {CheckContext} context
 */
function evaluateProcedures(texts, context) {
	return texts.map((text) => {
		const procedure = context.procedures[text];
		if (!procedure) throw new UnsupportedCheckError(`procedure has no script: "${text}"`);
		const name = `procedure "${text}"`;
		const result = procedure(context);
		// A procedure that replays or waits returns a promise, which the runner awaits.
		return result instanceof Promise
			? result.then((settled) => ({ name, ...settled }))
			: { name, ...result };
	});
}

/**
 * Evaluates one check object of expected.json (all sections but `after`).
 * @param {Record<string, any>} check
 * @param {CheckContext} context
 * @returns {(Outcome | Promise<Outcome>)[]} outcomes, some pending when a procedure is async
 * @throws {UnsupportedCheckError} for a section or field the runner cannot evaluate
 */
function evaluateCheck(check, context) {
	/** @type {(Outcome | Promise<Outcome>)[]} */
	const outcomes = [];
	for (const [section, value] of Object.entries(check)) {
		if (section === 'after') continue;
		if (section === 'execution') outcomes.push(...evaluateExecution(value, context));
		else if (section === 'sandbox') {
			rejectUnknownFields(value, ['calls', 'gaps'], 'sandbox');
			outcomes.push(...evaluateCalls(value.calls ?? [], context, 'sandbox.calls'));
			outcomes.push(...evaluateGaps(value.gaps ?? [], context));
		} else if (section === 'marketplace') {
			rejectUnknownFields(value, ['requests', 'changes', 'offers'], 'marketplace');
			outcomes.push(...evaluateCalls(value.requests ?? [], context, 'marketplace.requests'));
			outcomes.push(...evaluateChanges(value.changes ?? [], context));
			if (value.offers) outcomes.push(...evaluateOffers(value.offers, context));
		} else if (section === 'logs') outcomes.push(...evaluateLogs(value, context));
		else if (section === 'timing') outcomes.push(...evaluateTiming(value, context));
		else if (section === 'webhook') outcomes.push(...evaluateWebhook(value, context));
		else if (section === 'procedure') outcomes.push(...evaluateProcedures(value, context));
		else if (section === 'idMap') outcomes.push(...evaluateIdMap(value, context));
		else throw new UnsupportedCheckError(`section "${section}" is not supported by this runner`);
	}
	return outcomes;
}

module.exports = { evaluateCheck, partialMatch, UnsupportedCheckError };
