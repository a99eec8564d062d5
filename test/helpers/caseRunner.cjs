'use strict';

/**
 * Replays a case folder (scenario.json, expected.json, input and notification files) against
 * the sandbox: runs its steps in order, evaluates the checks named after each step and returns
 * one outcome per check. A step or check the runner cannot evaluate is an error, never a skip.
 *
 * Tasks of `run` steps are plug-ins: `tasks[name]` is an async function that receives the step
 * and returns the outcome of the task's last node (see TaskOutcome). `notify` steps POST to a
 * VTEX Trigger that the `trigger` plug-in starts on first use (see TriggerEndpoint).
 * `procedure` steps run the scripted procedure registered under the step's exact text (see
 * StepProcedure); a text without a script is an error.
 */

const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { startSandbox } = require('../../sandbox');
const { requestMatches } = require('../../sandbox/match');
const { evaluateCheck, UnsupportedCheckError } = require('./caseChecks.cjs');
const { runProcessStep, readNewLogEntries } = require('./caseEnvironmentSteps.cjs');

/** Interval of the journal polling that implements `abortWhen`. */
const ABORT_POLL_MS = 50;
/** Longest `wait` step the runner performs. */
const MAX_WAIT_SECONDS = 600;
/** Largest `repeat` and `intervalMs` of a `notify` step. */
const MAX_NOTIFY_REPEAT = 1000;
const MAX_NOTIFY_INTERVAL_MS = 60000;
/** A notify step ends once no new execution appeared for this long, or after NOTIFY_MAX_WAIT_MS. */
const NOTIFY_SETTLE_MS = 1500;
const NOTIFY_MAX_WAIT_MS = 20000;

/**
 * @typedef {object} TaskOutcome
 * @property {'success' | 'warning' | 'error' | 'aborted'} status
 * @property {Record<string, unknown>[]} items json of the last node's items
 * @property {number} errorItems items on the error output or with an `error` field
 * @property {string | null} error message of a failed run
 * @property {string[]} hints warnings the node showed
 * @property {any[]} [logEntries] log entries of a failed run, which has no items to carry them
 * @property {string | null} [errorDescription] advice under the message of a failed run
 */

/**
 * @typedef {object} TaskRequest
 * @property {string} sandboxUrl
 * @property {Record<string, unknown>} parameters
 * @property {Record<string, unknown>[] | null} input items of the step's input file
 * @property {Record<string, unknown>} nodeSettings n8n node settings such as onError
 * @property {Record<string, unknown>} caseSettings the case's package settings
 * @property {AbortSignal} signal aborted when the step's abortWhen condition is met
 */

/** @typedef {(request: TaskRequest) => Promise<TaskOutcome>} Task */

/**
 * @typedef {object} TriggerExecution
 * @property {string} id
 * @property {'success' | 'error'} status
 * @property {Record<string, unknown>[]} items json of the trigger's output items
 */

/**
 * @typedef {object} TriggerEndpoint a VTEX Trigger listening on its production URL
 * @property {(body: unknown) => Promise<{status: number, text: string}>} send POSTs one body
 *   with the shared secret
 * @property {() => Promise<TriggerExecution[]>} executions finished executions so far
 * @property {() => Promise<void>} stop
 */

/** @typedef {(sandboxUrl: string) => Promise<TriggerEndpoint>} TriggerFactory */

/**
 * @typedef {object} StepProcedureContext
 * @property {string} sandboxUrl
 * @property {string} folder the case folder
 * @property {Record<string, any>} step
 * @property {Record<string, unknown>} caseSettings the case's package settings
 * @property {Record<string, unknown>} shared one object per replay, for what a case's procedures
 *   pass to each other (a running n8n, workflow ids). A TriggerEndpoint set as `shared.trigger`
 *   receives the later `notify` steps in place of the trigger factory's.
 * @property {(stop: () => Promise<void>) => void} onCleanup registers a function that the
 *   runner calls once the replay ends, even after a failure
 * @property {(action: string, body?: unknown) => Promise<any>} control sandbox control request
 * @property {import('./caseEnvironment.cjs').CaseEnvironment | null} environment the case
 *   environment, which a procedure starts with `ready(sandboxUrl)` when it needs n8n
 */

/**
 * @typedef {object} StepProcedureResult
 * @property {boolean} ok false when the procedure could not be carried out
 * @property {string} detail
 * @property {Record<string, unknown>} [facts] what the procedure observed, read by the
 *   procedure checks through CheckContext.factsOf
 * @property {any} [execution] outcome in the TaskOutcome shape, for `execution` checks
 */

/** @typedef {(context: StepProcedureContext) => Promise<StepProcedureResult>} StepProcedure */

/**
 * @param {string} file
 */
function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (error) {
		throw new Error(`cannot read ${file}: ${/** @type {Error} */ (error).message}`);
	}
}

/**
 * Reads a case folder and validates the two format markers.
 * @param {string} folder
 */
function loadCaseFolder(folder) {
	const scenario = readJson(path.join(folder, 'scenario.json'));
	const expectedFile = path.join(folder, 'expected.json');
	const expected = fs.existsSync(expectedFile) ? readJson(expectedFile) : { checks: [] };
	if (scenario.format !== 'vtex-sandbox-scenario/1') {
		throw new Error(`${folder}/scenario.json: format must be vtex-sandbox-scenario/1`);
	}
	if (expected.format !== undefined && expected.format !== 'vtex-case-expected/1') {
		throw new Error(`${folder}/expected.json: format must be vtex-case-expected/1`);
	}
	const stepIds = new Set((scenario.steps ?? []).map((step) => step.id));
	for (const check of expected.checks ?? []) {
		if (!stepIds.has(check.after))
			throw new Error(`expected.json: check after unknown step "${check.after}"`);
	}
	return { folder, scenario, expected };
}

/**
 * Sends a control request to the sandbox.
 * @param {string} sandboxUrl
 * @param {string} action load, change, journal or state
 * @param {unknown} [body]
 */
async function control(sandboxUrl, action, body) {
	const response = await fetch(`${sandboxUrl}/__sandbox/${action}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const payload = await response.json();
	if (!response.ok)
		throw new Error(`sandbox ${action} failed with ${response.status}: ${payload.error}`);
	return payload;
}

/**
 * @param {number} ms
 */
function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Counts the journal entries that an abortWhen condition names.
 * @param {any[]} entries
 * @param {{route: string, match?: object}} condition
 */
function countMatching(entries, condition) {
	return entries.filter(
		(entry) => entry.route === condition.route && requestMatches(condition.match, entry),
	).length;
}

/**
 * Runs a task, aborting it through its signal once the sandbox has received the requests
 * that `abortWhen` names.
 * @param {Task} task
 * @param {Omit<TaskRequest, 'signal'>} request
 * @param {{route: string, match?: object, calls: number} | undefined} abortWhen
 */
async function runTask(task, request, abortWhen) {
	const controller = new AbortController();
	const running = task({ ...request, signal: controller.signal });
	if (!abortWhen) return running;

	let finished = false;
	running
		.finally(() => {
			finished = true;
		})
		.catch(() => undefined);
	const { entries: before } = await control(request.sandboxUrl, 'journal');
	const baseline = countMatching(before, abortWhen);
	while (!finished) {
		await sleep(ABORT_POLL_MS);
		const { entries } = await control(request.sandboxUrl, 'journal');
		if (countMatching(entries, abortWhen) - baseline >= abortWhen.calls) {
			controller.abort();
			break;
		}
	}
	return running;
}

/**
 * Runs a `notify` step: POSTs the file's notifications (one request per element of an array)
 * `repeat` times, then waits until the executions they started have settled.
 * @param {TriggerEndpoint} trigger
 * @param {Record<string, any>} step
 * @param {string} folder
 */
async function runNotify(trigger, step, folder) {
	if (typeof step.file !== 'string') throw new Error('notify: file is missing');
	const repeat = step.repeat ?? 1;
	const intervalMs = step.intervalMs ?? 0;
	if (!(Number.isInteger(repeat) && repeat >= 1 && repeat <= MAX_NOTIFY_REPEAT)) {
		throw new Error(`notify: repeat must be an integer from 1 to ${MAX_NOTIFY_REPEAT}`);
	}
	if (!(intervalMs >= 0 && intervalMs <= MAX_NOTIFY_INTERVAL_MS)) {
		throw new Error(`notify: intervalMs must be from 0 to ${MAX_NOTIFY_INTERVAL_MS}`);
	}
	const content = readJson(path.join(folder, step.file));
	const bodies = Array.isArray(content) ? content : [content];
	const known = new Set((await trigger.executions()).map((execution) => execution.id));
	const started = performance.now();

	/** @type {Promise<{status: number, text: string}>[]} */
	const pending = [];
	for (let copy = 0; copy < repeat; copy++) {
		if (copy > 0 && intervalMs > 0) await sleep(intervalMs);
		for (const body of bodies) {
			const sent = trigger.send(body);
			// Concurrent copies start without waiting for the previous response.
			if (!step.concurrent) await sent;
			pending.push(sent);
		}
	}
	const responses = await Promise.all(pending);

	let fresh = [];
	let lastChange = performance.now();
	const deadline = performance.now() + NOTIFY_MAX_WAIT_MS;
	while (performance.now() - lastChange < NOTIFY_SETTLE_MS && performance.now() < deadline) {
		await sleep(200);
		const current = (await trigger.executions()).filter((execution) => !known.has(execution.id));
		if (current.length !== fresh.length) lastChange = performance.now();
		fresh = current;
	}
	const webhook = {
		statuses: responses.map((response) => response.status),
		bodies: responses.map((response) => response.text),
		executions: fresh.length,
	};
	const execution =
		fresh.length === 0
			? null
			: {
					status: fresh.every((entry) => entry.status === 'success') ? 'success' : 'error',
					items: fresh.flatMap((entry) => entry.items),
					errorItems: 0,
					error: null,
					hints: [],
					seconds: (performance.now() - started) / 1000,
				};
	return { webhook, execution, requests: responses.length };
}

/**
 * Replays a case.
 * @param {{folder: string, tasks: Record<string, Task>,
 *   procedures?: Record<string, import('./caseChecks.cjs').ProcedureCheck>,
 *   stepProcedures?: Record<string, StepProcedure>,
 *   trigger?: TriggerFactory, environment?: import('./caseEnvironment.cjs').CaseEnvironment,
 *   sandboxUrl?: string, log?: (line: string) => void,
 *   otherEngine?: ((folder: string) => Promise<import('./caseChecks.cjs').OtherEngineReplay>) | null
 * }} options
 *   Without sandboxUrl the runner starts and stops its own sandbox. notify steps POST to the
 *   trigger that `trigger` starts, else to the environment's receive template, and fail as
 *   unsupported without both. process steps and the idMap check need the environment, which
 *   the caller stops; log entries of its vtex_logs table join those of the task outputs.
 *   `procedures` script the procedure checks and `stepProcedures` the procedure steps, both
 *   keyed by their exact text.
 * @returns {Promise<{passed: boolean, outcomes: {step: string, name: string, ok: boolean,
 *   detail: string}[]}>}
 */
async function runCase(options) {
	const { folder, tasks, procedures = {}, stepProcedures = {}, log = () => undefined } = options;
	const environment = options.environment ?? null;
	const otherEngine = options.otherEngine ?? null;
	/** @type {Promise<import('./caseChecks.cjs').OtherEngineReplay> | null} */
	let otherReplay = null;
	const replayOnOtherEngine = otherEngine
		? () => {
				otherReplay ??= otherEngine(folder);
				return otherReplay;
			}
		: null;
	const caseData = loadCaseFolder(folder);
	const ownSandbox = options.sandboxUrl
		? null
		: await startSandbox({ port: 0, scenario: caseData.scenario });
	const sandboxUrl = options.sandboxUrl ?? /** @type {any} */ (ownSandbox).url;
	/** @type {TriggerEndpoint | null} */
	let trigger = null;
	/** @type {(() => Promise<void>)[]} */
	const cleanups = [];
	/** @type {Record<string, unknown>} */
	const shared = {};

	/** @type {{step: string, name: string, ok: boolean, detail: string}[]} */
	const outcomes = [];
	const record = (step, name, ok, detail) => {
		outcomes.push({ step, name, ok, detail });
		log(`${ok ? 'PASS' : 'FAIL'}  ${step}  ${name}  ${detail}`);
	};

	try {
		await control(sandboxUrl, 'load', caseData.scenario);
		let scenario = caseData.scenario;
		environment?.beginCase(scenario);
		/** Ids of the environment's log entries already attributed to a step. */
		const seenLogIds = new Set();
		const steps = caseData.scenario.steps ?? [];
		let settings = { ...(caseData.scenario.settings ?? {}) };
		/** @type {Map<string, {index: number, seq: number}>} */
		const stepEnds = new Map();
		/** @type {{stepIndex: number, entry: any}[]} */
		const logs = [];
		/** @type {Map<string, any>} */
		const executions = new Map();
		/** @type {Map<string, Record<string, unknown>>} */
		const facts = new Map();

		for (const [index, step] of steps.entries()) {
			let execution = null;
			let webhook = null;
			try {
				if (step.do === 'run') {
					const task = tasks[step.task];
					if (!task) throw new UnsupportedCheckError(`no runner for task "${step.task}"`);
					const input = step.input ? readJson(path.join(folder, step.input)) : null;
					const started = performance.now();
					const outcome = await runTask(
						task,
						{
							sandboxUrl,
							parameters: step.parameters ?? {},
							input,
							nodeSettings: step.settings ?? {},
							caseSettings: settings,
						},
						step.abortWhen,
					);
					execution = { ...outcome, seconds: (performance.now() - started) / 1000 };
					for (const item of outcome.items) {
						// Template summaries count their entries; node tasks return them as a list.
						if (!Array.isArray(item.logEntries)) continue;
						for (const entry of item.logEntries) logs.push({ stepIndex: index, entry });
					}
					for (const entry of outcome.logEntries ?? []) logs.push({ stepIndex: index, entry });
					record(
						step.id,
						`run ${step.task}`,
						true,
						execution.error ? `${execution.status}: ${execution.error}` : execution.status,
					);
				} else if (step.do === 'change') {
					await control(sandboxUrl, 'change', { sku: step.sku, set: step.set });
					record(step.id, `change SKU ${step.sku}`, true, JSON.stringify(step.set));
				} else if (step.do === 'configure') {
					settings = { ...settings, ...(step.settings ?? {}) };
					environment?.setSettings(settings);
					record(step.id, 'configure', true, JSON.stringify(step.settings));
				} else if (step.do === 'wait') {
					if (!(step.seconds >= 0 && step.seconds <= MAX_WAIT_SECONDS)) {
						throw new Error(`wait: seconds must be from 0 to ${MAX_WAIT_SECONDS}`);
					}
					await sleep(step.seconds * 1000);
					record(step.id, `wait ${step.seconds} s`, true, 'done');
				} else if (step.do === 'load') {
					scenario = readJson(path.join(folder, step.scenario));
					await control(sandboxUrl, 'load', scenario);
					environment?.beginCase(scenario);
					seenLogIds.clear();
					settings = { ...(scenario.settings ?? {}) };
					stepEnds.clear();
					logs.length = 0;
					record(step.id, `load ${step.scenario}`, true, 'loaded');
				} else if (step.do === 'notify') {
					// A procedure step that published a workflow of its own may offer its trigger.
					const published = /** @type {TriggerEndpoint | undefined} */ (shared.trigger);
					/** @type {TriggerEndpoint} */
					let endpoint;
					if (published) {
						endpoint = published;
					} else if (options.trigger) {
						trigger ??= await options.trigger(sandboxUrl);
						endpoint = trigger;
					} else if (environment) {
						endpoint = (await environment.ready(sandboxUrl)).receiveTrigger();
					} else {
						throw new UnsupportedCheckError(
							'notify needs a VTEX Trigger in n8n (trigger or environment option)',
						);
					}
					const result = await runNotify(endpoint, step, folder);
					({ webhook, execution } = result);
					const unexpected = webhook.statuses.filter(
						(status) => step.expectStatus !== undefined && status !== step.expectStatus,
					);
					record(
						step.id,
						`notify ${step.file}`,
						unexpected.length === 0,
						`${result.requests} requests, statuses ${[...new Set(webhook.statuses)].join(', ')}` +
							`${step.expectStatus === undefined ? '' : ` (expected ${step.expectStatus})`}, ` +
							`${webhook.executions} executions`,
					);
				} else if (step.do === 'procedure') {
					const procedure = stepProcedures[step.text];
					if (!procedure) {
						throw new UnsupportedCheckError(`procedure step has no script: "${step.text}"`);
					}
					const result = await procedure({
						sandboxUrl,
						folder,
						step,
						caseSettings: settings,
						shared,
						onCleanup: (stop) => cleanups.push(stop),
						control: (action, body) => control(sandboxUrl, action, body),
						environment,
					});
					facts.set(step.id, result.facts ?? {});
					execution = result.execution ?? null;
					record(step.id, 'procedure', result.ok, result.detail);
				} else if (step.do === 'process') {
					execution = await runProcessStep(environment, sandboxUrl, scenario);
					record(step.id, 'process', true, `${execution.items.length} apply runs`);
				} else {
					throw new UnsupportedCheckError(`step kind "${step.do}" is not supported by this runner`);
				}
			} catch (error) {
				record(step.id, `step ${step.do}`, false, /** @type {Error} */ (error).message);
			}

			executions.set(step.id, execution);
			const { entries } = await control(sandboxUrl, 'journal');
			stepEnds.set(step.id, {
				index,
				seq: entries.length === 0 ? 0 : entries[entries.length - 1].seq,
			});
			const state = await control(sandboxUrl, 'state');
			const checks = (caseData.expected.checks ?? []).filter(
				(candidate) => candidate.after === step.id,
			);
			/** @type {Record<string, any>[] | null} */
			let idMap = null;
			try {
				if (environment && checks.some((check) => check.idMap !== undefined)) {
					await environment.ready(sandboxUrl);
				}
				if (environment?.hasCaseState()) {
					logs.push(...(await readNewLogEntries(environment, seenLogIds, index)));
					idMap = await environment.tableRows('vtex_id_map');
				}
			} catch (error) {
				record(step.id, 'read package state', false, /** @type {Error} */ (error).message);
			}
			for (const check of checks) {
				/** @type {import('./caseChecks.cjs').CheckContext} */
				const context = {
					journal: entries,
					state,
					execution,
					webhook,
					logs,
					idMap,
					procedures,
					environment,
					replayOnOtherEngine,
					executionOf: (stepId) => executions.get(stepId) ?? null,
					factsOf: (stepId) => facts.get(stepId) ?? null,
					seqAfter: (stepId) => requireStep(stepEnds, stepId).seq,
					stepIndex: (stepId) => requireStep(stepEnds, stepId).index,
				};
				try {
					for (const outcome of await Promise.all(evaluateCheck(check, context))) {
						record(step.id, outcome.name, outcome.ok, outcome.detail);
					}
				} catch (error) {
					record(
						step.id,
						'check',
						false,
						`cannot evaluate: ${/** @type {Error} */ (error).message}`,
					);
				}
			}
		}
	} finally {
		// Later cleanups may depend on earlier ones (a workflow inside an n8n), so they run in
		// reverse order of registration.
		for (const cleanup of cleanups.reverse()) {
			await cleanup().catch((error) => log(`cleanup failed: ${error.message}`));
		}
		if (trigger) await trigger.stop();
		if (ownSandbox) await ownSandbox.close();
	}
	return { passed: outcomes.length > 0 && outcomes.every((outcome) => outcome.ok), outcomes };
}

/**
 * @param {Map<string, {index: number, seq: number}>} stepEnds
 * @param {string} stepId
 */
function requireStep(stepEnds, stepId) {
	const end = stepEnds.get(stepId);
	if (!end) throw new UnsupportedCheckError(`"since": step "${stepId}" has not run yet`);
	return end;
}

module.exports = { runCase, loadCaseFolder };
