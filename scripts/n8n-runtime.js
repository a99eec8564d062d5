#!/usr/bin/env node
'use strict';

/**
 * A real n8n (pinned version, Node 24) with this package installed from its packed tarball, for
 * the demo and the end-to-end tests. Library and command line:
 *
 *   node scripts/n8n-runtime.js ensure        install the cached runtime when missing
 *   node scripts/n8n-runtime.js start [opts]  build, pack, start n8n and leave it running
 *   node scripts/n8n-runtime.js stop --pid N  stop a server started by `start`
 *   node scripts/n8n-runtime.js env --user-folder DIR [--port N]  shell exports for the n8n CLI
 *
 * As a library it also exports `restartN8n`, which starts n8n again on a prepared user folder.
 *
 * `start` options: --port N, --credentials FILE (JSON array), --workflows A.json,B.json,
 * --activate ID,ID, --tables (create the templates' Data Tables), --no-build (pack the current
 * dist/ as it is).
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const install = require('./runtime/install');
const serverModule = require('./runtime/server');
const packageModule = require('./runtime/package');
const processModule = require('./runtime/process');
const { setupTables } = require('./setup-tables');

/**
 * @typedef {{ id: string, name: string, type: string, data: Record<string, unknown> }} CredentialFixture
 * @typedef {{
 *   credentials?: CredentialFixture[],
 *   workflows?: Array<string | Record<string, unknown>>,
 *   publish?: string[],
 *   activate?: string[],
 *   requireNodeTypes?: string[],
 *   tables?: boolean,
 *   tarball?: string,
 *   build?: boolean,
 *   userFolder?: string,
 *   port?: number,
 *   detach?: boolean,
 *   extraEnv?: NodeJS.ProcessEnv,
 *   log?: (line: string) => void,
 * }} StartOptions
 */

/**
 * Prepares a fresh user folder and starts n8n on it: runtime, build + pack, install the tarball,
 * import credentials and workflows with the CLI, publish `publish` with the CLI (before start,
 * as workers in queue mode need), start, owner setup, login, API key, check that
 * `requireNodeTypes` loaded, create the templates' Data Tables when `tables` is set (before
 * activation, so that webhooks never run without them), then activate `activate` through the
 * public API (faster: no CLI boot per workflow). `server.timings` contains the seconds of each
 * step.
 * @param {StartOptions} [options]
 * @returns {Promise<import('./runtime/server').N8nServer & { timings: Record<string, number> }>}
 */
async function startN8n(options = {}) {
	const log = options.log ?? (() => {});
	/** @type {Record<string, number>} */
	const timings = {};
	const timed = async (/** @type {string} */ step, /** @type {() => Promise<any>} */ work) => {
		const started = Date.now();
		const result = await work();
		timings[step] = (Date.now() - started) / 1000;
		return result;
	};

	const paths = await timed('runtime', () => install.ensureRuntime({ log }));
	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-user-'));
	log(`n8n user folder: ${userFolder}`);
	const tarball =
		options.tarball ??
		(await timed('buildAndPack', () =>
			packageModule.buildAndPack({ destDir: userFolder, build: options.build !== false }),
		));
	await timed('installPackage', () => packageModule.installIntoUserFolder({ userFolder, tarball }));

	const runtime = { paths, userFolder, extraEnv: options.extraEnv };
	await timed('import', () => importAll(runtime, options));
	await timed('publish', async () => {
		for (const id of options.publish ?? []) {
			await serverModule.runN8nCli(runtime, ['publish:workflow', `--id=${id}`]);
		}
	});

	log('Starting n8n');
	const server = await timed('start', () =>
		serverModule.startServer({ ...runtime, port: options.port, detach: options.detach }),
	);
	server.removeUserFolderOnStop = !options.userFolder && !options.detach;
	try {
		await timed('owner', async () => {
			await server.setupOwnerAndLogin();
			await server.createApiKey();
		});
		await assertNodeTypesLoaded(server, options.requireNodeTypes ?? []);
		if (options.tables) {
			await timed('tables', () =>
				setupTables({ baseUrl: server.baseUrl, apiKey: String(server.apiKey), log }),
			);
		}
		await timed('activate', async () => {
			for (const id of options.activate ?? []) await server.activateWorkflow(id);
		});
	} catch (error) {
		await server.stop();
		throw error;
	}
	return Object.assign(server, { timings });
}

/**
 * Starts n8n again on a user folder that `startN8n` prepared, such as after `server.crash()`.
 * The package, workflows, credentials, owner and Data Tables are already there, and n8n
 * activates the published workflows itself at startup, so this only logs in and creates an API
 * key.
 * @param {{ userFolder: string, port?: number, extraEnv?: NodeJS.ProcessEnv,
 *   log?: (line: string) => void }} options
 */
async function restartN8n(options) {
	const log = options.log ?? (() => {});
	const paths = await install.ensureRuntime({ log });
	log(`Restarting n8n on ${options.userFolder}`);
	const server = await serverModule.startServer({
		paths,
		userFolder: options.userFolder,
		port: options.port,
		extraEnv: options.extraEnv,
	});
	try {
		await server.login();
		await server.createApiKey();
	} catch (error) {
		await server.stop();
		throw error;
	}
	return server;
}

/**
 * Fails with n8n's own load errors when a node type of the package is missing, because n8n
 * skips a package that fails to load and only logs why.
 * @param {import('./runtime/server').N8nServer} server
 * @param {string[]} nodeTypes
 */
async function assertNodeTypesLoaded(server, nodeTypes) {
	if (nodeTypes.length === 0) return;
	const loaded = await server.loadedNodeTypes();
	const missing = nodeTypes.filter((type) => !loaded.has(type));
	if (missing.length === 0) return;
	const log = fs.readFileSync(server.logFile, 'utf8').split('\n');
	const loadErrors = log.filter((line) => /failed to load|cannot find module/i.test(line));
	throw new Error(
		`n8n did not load the node types ${missing.join(', ')}.\n${loadErrors.join('\n')}`,
	);
}

/**
 * Imports credentials and workflows through the n8n CLI (two CLI boots in all).
 * @param {{ paths: any, userFolder: string, extraEnv?: NodeJS.ProcessEnv }} runtime
 * @param {StartOptions} options
 */
async function importAll(runtime, options) {
	const importDir = path.join(runtime.userFolder, 'import');
	fs.mkdirSync(path.join(importDir, 'workflows'), { recursive: true });
	if (options.credentials?.length) {
		const file = path.join(importDir, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(options.credentials));
		await serverModule.runN8nCli(runtime, ['import:credentials', `--input=${file}`]);
	}
	const workflows = options.workflows ?? [];
	workflows.forEach((workflow, index) => {
		const json =
			typeof workflow === 'string' ? fs.readFileSync(workflow, 'utf8') : JSON.stringify(workflow);
		fs.writeFileSync(path.join(importDir, 'workflows', `${index}.json`), json);
	});
	if (workflows.length > 0) {
		const input = `--input=${path.join(importDir, 'workflows')}`;
		await serverModule.runN8nCli(runtime, ['import:workflow', '--separate', input]);
	}
}

/**
 * Parses `--name value` and `--flag` arguments.
 * @param {string[]} argv
 */
function parseArgs(argv) {
	/** @type {Record<string, string | boolean>} */
	const args = {};
	for (let i = 0; i < argv.length; i++) {
		const name = argv[i].replace(/^--/, '');
		const next = argv[i + 1];
		if (next !== undefined && !next.startsWith('--')) {
			args[name] = next;
			i++;
		} else {
			args[name] = true;
		}
	}
	return args;
}

/** @param {string | boolean | undefined} value */
function listArg(value) {
	return typeof value === 'string' ? value.split(',').filter(Boolean) : [];
}

async function main() {
	const [command, ...rest] = process.argv.slice(2);
	const args = parseArgs(rest);
	const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
	if (command === 'ensure') {
		const started = Date.now();
		const paths = await install.ensureRuntime({ log });
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		const installed = paths.installedParts.length ? paths.installedParts.join(', ') : 'nothing';
		console.log(`Runtime ready in ${paths.root} (installed: ${installed}; ${seconds} s)`);
	} else if (command === 'start') {
		const credentials =
			typeof args.credentials === 'string'
				? JSON.parse(fs.readFileSync(args.credentials, 'utf8'))
				: [];
		const server = await startN8n({
			credentials,
			workflows: listArg(args.workflows).map((file) => path.resolve(file)),
			activate: listArg(args.activate),
			tables: Boolean(args.tables),
			port: typeof args.port === 'string' ? Number(args.port) : undefined,
			build: !args['no-build'],
			detach: true,
			log,
		});
		console.log(`n8n:          ${server.baseUrl}`);
		console.log(`PID:          ${server.pid}`);
		console.log(`User folder:  ${server.userFolder} (log: ${server.logFile})`);
		console.log(`Owner login:  ${server.owner.email} / ${server.owner.password}`);
		console.log(`API key:      ${server.apiKey}`);
		console.log(`Stop with:    node scripts/n8n-runtime.js stop --pid ${server.pid}`);
	} else if (command === 'stop' && typeof args.pid === 'string') {
		console.log(await processModule.stopProcess(Number(args.pid)));
	} else if (command === 'env' && typeof args['user-folder'] === 'string') {
		const paths = install.runtimePaths();
		const env = serverModule.n8nEnv({
			paths,
			userFolder: path.resolve(args['user-folder']),
			port: Number(args.port ?? 5679),
			brokerPort: Number(args['broker-port'] ?? 5690),
		});
		for (const [name, value] of Object.entries(env)) {
			if (process.env[name] !== value) console.log(`export ${name}='${value}'`);
		}
	} else {
		console.error('Usage: node scripts/n8n-runtime.js ensure | start [options] | stop --pid N |');
		console.error('       env --user-folder DIR [--port N]');
		process.exitCode = 2;
	}
}

module.exports = {
	...install,
	...serverModule,
	...packageModule,
	...processModule,
	startN8n,
	restartN8n,
};

if (require.main === module) {
	main().catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = 1;
	});
}
