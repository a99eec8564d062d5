#!/usr/bin/env node
'use strict';

/**
 * Replays a case folder against the sandbox and prints one line per check:
 *
 *   npm run cases -- path/to/06-search-api-page-cap [--no-n8n]
 *
 * Node tasks (list-sku-ids, get-sku, search-products, read-price-records, read-inventory,
 * send-category-tree) run
 * in the in-process test harness, whose TypeScript is compiled on load with the project's
 * TypeScript. Template tasks (initial-load, retry-pending, reconcile, set-category-mapping),
 * `process` steps and the `notify` steps of a case with `process` steps run in the case
 * environment (test/helpers/caseEnvironment.cjs), one real n8n with every template. The
 * `notify` steps of a case without `process` steps test the VTEX Trigger alone, in an n8n whose
 * only workflow is the trigger. A case listed in test/helpers/caseStarters.cjs gets the
 * environment named there, such as n8n in queue mode, as its case test does. With --no-n8n,
 * steps that need n8n fail as unsupported.
 * Exits with 1 when a step or check fails or cannot be evaluated.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');

/**
 * Compiles required .ts files to CommonJS on the fly (no type checking). `.ts` is tried first,
 * because a node's `X.node.json` codex file would otherwise win over `X.node.ts`.
 */
function registerTypeScript() {
	const existing = { ...require.extensions };
	for (const extension of Object.keys(existing)) delete require.extensions[extension];
	require.extensions['.ts'] = (module, filename) => {
		const source = fs.readFileSync(filename, 'utf8');
		const { outputText } = ts.transpileModule(source, {
			fileName: filename,
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2021,
				esModuleInterop: true,
				resolveJsonModule: true,
			},
		});
		module._compile(outputText, filename);
	};
	Object.assign(require.extensions, existing);
}

async function main() {
	const args = process.argv.slice(2);
	const folder = args.find((argument) => !argument.startsWith('--'));
	if (!folder) {
		process.stderr.write('Usage: npm run cases -- <case folder> [--no-n8n]\n');
		process.exit(2);
	}
	const useN8n = !args.includes('--no-n8n');
	const scenarioFile = path.join(path.resolve(folder), 'scenario.json');
	if (!fs.existsSync(scenarioFile)) {
		process.stderr.write(
			`Not a case folder: ${scenarioFile} is missing (the case format is described in docs/sandbox.md)\n`,
		);
		process.exit(2);
	}

	// n8n-core writes its settings, an encryption key among them, under the user folder, so the
	// harness gets a throwaway one that is removed on exit.
	if (!process.env.N8N_USER_FOLDER) {
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-cases-'));
		process.env.N8N_USER_FOLDER = userFolder;
		process.on('exit', () => fs.rmSync(userFolder, { recursive: true, force: true }));
	}
	registerTypeScript();

	const { runCase, loadCaseFolder } = require('../test/helpers/caseRunner.cjs');
	const { PROCEDURES } = require('../test/helpers/caseProcedures.cjs');
	const { catalogTasks, priceStockTasks, mappingTasks } = require('../test/helpers/caseTasks.ts');
	const { TRIGGER_PROCEDURES } = require('../test/helpers/triggerProcedures.cjs');
	const { loadStepProcedures } = require('../test/helpers/stepProcedures/index.cjs');
	const { MAPPER_PROCEDURES } = require('../test/helpers/mapperProcedures.cjs');
	const { QUEUE_PROCEDURES } = require('../test/helpers/queueProcedures.cjs');
	const { AFFILIATE_PROCEDURES } = require('../test/helpers/affiliateProcedures.cjs');
	const { CREDENTIAL_PROCEDURES } = require('../test/helpers/credentialProcedures.cjs');
	const { BINARY_DATA_PROCEDURES } = require('../test/helpers/binaryDataProcedures.cjs');
	const queueModeProcedures = require('../test/helpers/queueModeProcedures.cjs').QUEUE_PROCEDURES;
	const tasks = { ...catalogTasks, ...priceStockTasks, ...mappingTasks };
	const n8nLog = (/** @type {string} */ line) => process.stdout.write(`      ${line}\n`);
	let trigger;
	let environment;
	/** @type {import('../test/helpers/caseEnvironment.cjs').Starter | undefined} */
	let start;
	if (useN8n) {
		const { createCaseEnvironment } = require('../test/helpers/caseEnvironment.cjs');
		const { createTemplateTasks } = require('../test/helpers/templateTasks.cjs');
		const { starterForCase } = require('../test/helpers/caseStarters.cjs');
		const { scenario } = loadCaseFolder(path.resolve(folder));
		start = starterForCase(scenario);
		environment = createCaseEnvironment({ start, log: n8nLog });
		Object.assign(tasks, createTemplateTasks(environment));
		const steps = scenario.steps ?? [];
		if (!steps.some((/** @type {{do: string}} */ step) => step.do === 'process')) {
			const { createTriggerFactory } = require('../test/helpers/triggerTasks.cjs');
			trigger = createTriggerFactory({ log: n8nLog });
		}
	}

	let result;
	try {
		result = await runCase({
			folder: path.resolve(folder),
			tasks,
			procedures: {
				...PROCEDURES,
				...TRIGGER_PROCEDURES,
				...MAPPER_PROCEDURES,
				...QUEUE_PROCEDURES,
				...AFFILIATE_PROCEDURES,
				...CREDENTIAL_PROCEDURES,
				...BINARY_DATA_PROCEDURES,
				...queueModeProcedures,
			},
			stepProcedures: loadStepProcedures(),
			trigger,
			environment,
			// A check that expects a pass on both engines replays the case once more on the other
			// engine: queue mode, or one n8n with SQLite for a case that the table starts in queue
			// mode.
			otherEngine: useN8n
				? require('../test/helpers/caseGroup.cjs').otherEngineOf({ start, log: n8nLog })
				: null,
			log: (line) =>
				process.stdout.write(`${line}
`),
		});
	} finally {
		await environment?.stop();
	}
	const failed = result.outcomes.filter((outcome) => !outcome.ok).length;
	process.stdout.write(
		`\n${result.passed ? 'PASSED' : 'FAILED'}: ${result.outcomes.length - failed} passed, ${failed} failed\n`,
	);
	process.exitCode = result.passed ? 0 : 1;
}

main().catch((error) => {
	process.stderr.write(`Case runner failed: ${error instanceof Error ? error.stack : error}\n`);
	process.exit(1);
});
