'use strict';

/**
 * n8n in queue mode on 127.0.0.1: PostgreSQL, Redis, one main process (`n8n start` with
 * EXECUTIONS_MODE=queue) and N workers (`n8n worker`). Every n8n process has a user folder of
 * its own, so a process loads the package only if it was installed in that folder.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureRuntime } = require('./install');
const { execFileSync } = require('node:child_process');
const { REPO_DIR, buildAndPack, installIntoUserFolder } = require('./package');
const { spawnN8n } = require('./server');
const { findFreePort, delay, stopProcess, tail } = require('./process');
const { startPostgres, startRedis } = require('./services');

/**
 * @typedef {{ name: string, pid: number, logFile: string, userFolder: string,
 *   healthUrl: string, child: import('node:child_process').ChildProcess }} Worker
 * @typedef {{
 *   workers?: number,
 *   concurrency?: number,
 *   installOn?: string[],
 *   tarball?: string,
 *   build?: boolean,
 *   extraEnv?: NodeJS.ProcessEnv,
 *   keepFiles?: boolean,
 *   log?: (line: string) => void,
 * } & Omit<import('../n8n-runtime').StartOptions, 'userFolder' | 'detach' | 'tarball'>} QueueStackOptions
 */

/**
 * Starts the whole stack. `installOn` names the processes whose user folder gets the package
 * (default: `main` and every worker). If a step fails, everything started so far is stopped.
 * `startN8n` is passed in because scripts/n8n-runtime.js requires this folder's modules.
 * @param {QueueStackOptions} options
 * @param {(options: import('../n8n-runtime').StartOptions) => Promise<any>} startN8n
 */
async function startQueueStack(options, startN8n) {
	const log = options.log ?? (() => {});
	const workerCount = options.workers ?? 2;
	const workerNames = Array.from({ length: workerCount }, (_, index) => `worker-${index + 1}`);
	const installOn = new Set(options.installOn ?? ['main', ...workerNames]);
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-queue-'));
	const stack = new QueueStack(root, Boolean(options.keepFiles));
	log(`Queue stack folder: ${root}`);

	try {
		const paths = await ensureRuntime({ log });
		const tarball = options.tarball ?? (await packComplete(root, options.build !== false));

		stack.postgres = await startPostgres({ keepFiles: stack.keepFiles });
		log(`PostgreSQL on port ${stack.postgres.port} (PID ${stack.postgres.pid})`);
		stack.redis = await startRedis({ dir: path.join(root, 'redis') });
		log(`Redis on port ${stack.redis.port} (PID ${stack.redis.pid})`);

		const sharedEnv = {
			EXECUTIONS_MODE: 'queue',
			...stack.postgres.env,
			...stack.redis.env,
			...options.extraEnv,
		};
		stack.sharedEnv = sharedEnv;

		for (const name of workerNames) {
			const userFolder = path.join(root, name);
			fs.mkdirSync(userFolder, { recursive: true });
			if (installOn.has(name)) await installIntoUserFolder({ userFolder, tarball });
		}

		const mainFolder = path.join(root, 'main');
		fs.mkdirSync(mainFolder, { recursive: true });
		if (!installOn.has('main')) {
			throw new Error(
				'installOn must include "main": main imports the workflows that use the package.',
			);
		}
		stack.main = await startN8n({
			...options,
			userFolder: mainFolder,
			tarball,
			extraEnv: sharedEnv,
			log,
		});
		log(`n8n main ${stack.main.baseUrl} (PID ${stack.main.pid})`);

		for (const name of workerNames) {
			const worker = await startWorker({
				paths,
				name,
				userFolder: path.join(root, name),
				concurrency: options.concurrency ?? 2,
				extraEnv: sharedEnv,
			});
			stack.workers.push(worker);
			log(`n8n ${name} (PID ${worker.pid}) ready`);
		}
	} catch (error) {
		await stack.stop();
		throw error;
	}
	return stack;
}

/**
 * Builds and packs the package into `destDir`, and checks that the tarball contains every node
 * and credential file that package.json names. Another run in the same checkout may rebuild
 * dist/ at the same moment (the build deletes it first), so an incomplete tarball is packed
 * again, after a build of its own, up to 3 times in all.
 * @param {string} destDir
 * @param {boolean} build
 */
async function packComplete(destDir, build) {
	const manifest = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8'));
	const required = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map(
		(file) => `package/${file}`,
	);
	let missing = required;
	for (let attempt = 0; attempt < 3; attempt++) {
		const tarball = await buildAndPack({ destDir, build: build || attempt > 0 });
		const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
		missing = required.filter((file) => !listing.includes(file));
		if (missing.length === 0) return tarball;
		fs.rmSync(tarball, { force: true });
	}
	throw new Error(`The packed package lacks ${missing.join(', ')} after 3 attempts`);
}

/**
 * Spawns `n8n worker` and waits until its health check responds.
 * @param {{ paths: any, name: string, userFolder: string, concurrency: number,
 *   extraEnv: NodeJS.ProcessEnv, timeoutMs?: number }} options
 * @returns {Promise<Worker>}
 */
async function startWorker({ paths, name, userFolder, concurrency, extraEnv, timeoutMs = 90000 }) {
	const healthPort = await findFreePort();
	const env = {
		...extraEnv,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
	const started = await spawnN8n({
		paths,
		userFolder,
		args: ['worker', `--concurrency=${concurrency}`],
		logName: `${name}.log`,
		extraEnv: env,
	});
	const worker = {
		name,
		userFolder,
		healthUrl: `http://127.0.0.1:${healthPort}/healthz`,
		...started,
	};

	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (started.child.exitCode !== null) {
			throw new Error(
				`n8n ${name} exited with code ${started.child.exitCode}\n${logTail(started.logFile)}`,
			);
		}
		try {
			const response = await fetch(worker.healthUrl, { signal: AbortSignal.timeout(2000) });
			if (response.ok) return worker;
		} catch {
			// Not listening yet.
		}
		await delay(250);
	}
	await stopProcess(started.pid);
	throw new Error(`n8n ${name} was not ready after ${timeoutMs} ms\n${logTail(started.logFile)}`);
}

/** @param {string} file */
function logTail(file) {
	return fs.existsSync(file) ? tail(fs.readFileSync(file, 'utf8')) : '';
}

/**
 * Counts the executions that an n8n log reports as finished by a worker. n8n 2.40.7 workers log
 * "Worker finished execution <id> (job <id>)" for each.
 * @param {string} log
 */
function countFinishedExecutions(log) {
	return (log.match(/Worker finished execution \d+/g) ?? []).length;
}

/** The processes of a started stack, and their orderly stop. */
class QueueStack {
	/**
	 * @param {string} root
	 * @param {boolean} keepFiles
	 */
	constructor(root, keepFiles) {
		this.root = root;
		this.keepFiles = keepFiles || process.env.N8N_VTEX_KEEP_FILES === '1';
		/** @type {any} */
		this.main = null;
		/** @type {Worker[]} */
		this.workers = [];
		/** @type {Awaited<ReturnType<typeof startPostgres>> | null} */
		this.postgres = null;
		/** @type {Awaited<ReturnType<typeof startRedis>> | null} */
		this.redis = null;
		/** @type {NodeJS.ProcessEnv} */
		this.sharedEnv = {};
	}

	/** Log files of every n8n process, by process name. */
	logFiles() {
		/** @type {Record<string, string>} */
		const files = {};
		if (this.main) files.main = this.main.logFile;
		for (const worker of this.workers) files[worker.name] = worker.logFile;
		return files;
	}

	/** Reads every n8n process log, by process name. */
	readLogs() {
		/** @type {Record<string, string>} */
		const logs = {};
		for (const [name, file] of Object.entries(this.logFiles())) {
			logs[name] = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
		}
		return logs;
	}

	/**
	 * Stops the workers, then main, then Redis and PostgreSQL, each by its PID, and deletes the
	 * stack folder unless files are kept. Returns how each process ended.
	 */
	async stop() {
		/** @type {Record<string, string>} */
		const outcomes = {};
		// Workers first, so that no job is left running when the queue and database go away.
		const workers = this.workers.splice(0);
		for (const worker of workers) outcomes[worker.name] = await stopProcess(worker.pid);
		if (this.main) {
			const main = this.main;
			this.main = null;
			outcomes.main = await stopProcess(main.pid);
		}
		if (this.redis) {
			outcomes.redis = await this.redis.stop();
			this.redis = null;
		}
		if (this.postgres) {
			outcomes.postgres = await this.postgres.stop();
			this.postgres = null;
		}
		if (!this.keepFiles) fs.rmSync(this.root, { recursive: true, force: true });
		return outcomes;
	}
}

module.exports = { startQueueStack, startWorker, packComplete, countFinishedExecutions, QueueStack };
