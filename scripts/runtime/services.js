'use strict';

/**
 * Throwaway PostgreSQL and Redis servers on 127.0.0.1 for n8n's queue mode, from Debian's
 * packages (postgresql-15, redis-server). Each lives in a temporary folder, listens on a free
 * port, and is stopped by the PID this module started.
 */

const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { runCommand, findFreePort, delay, stopProcess, tail } = require('./process');

/** Folder of Debian's PostgreSQL 15 programs. N8N_VTEX_PG_BIN_DIR overrides it. */
const POSTGRES_BIN_DIR = process.env.N8N_VTEX_PG_BIN_DIR || '/usr/lib/postgresql/15/bin';

/** Database role and database that n8n uses. Local trust authentication, so no password. */
const POSTGRES_USER = 'n8n';
const POSTGRES_DATABASE = 'n8n';

/**
 * Returns the uid and gid of the `postgres` system user when this process runs as root, because
 * PostgreSQL refuses to run as root. Otherwise returns null and the server runs as the caller.
 * @returns {{ uid: number, gid: number } | null}
 */
function postgresAccount() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
	try {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		return { uid, gid };
	} catch {
		throw new Error(
			'PostgreSQL cannot run as root and the system user "postgres" is missing: install ' +
				"Debian's postgresql-15 package (it creates that user) or run as another user.",
		);
	}
}

/**
 * Spawns a long-running service in its own process group, writing its output to `logFile`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ logFile: string, account?: { uid: number, gid: number } | null, cwd: string }} options
 */
function spawnService(command, args, { logFile, account, cwd }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, {
		cwd,
		detached: true,
		stdio: ['ignore', out, out],
		...(account ? { uid: account.uid, gid: account.gid } : {}),
	});
	fs.closeSync(out);
	if (!child.pid) throw new Error(`${command} did not start (no PID)`);
	return child;
}

/**
 * Polls `check` every 250 ms until it resolves true, the child exits or `timeoutMs` passes.
 * @param {string} name
 * @param {() => Promise<boolean>} check
 * @param {{ child: import('node:child_process').ChildProcess, logFile: string, timeoutMs: number }} options
 */
async function waitUntil(name, check, { child, logFile, timeoutMs }) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`${name} exited with code ${child.exitCode}\n${readTail(logFile)}`);
		}
		if (await check()) return;
		await delay(250);
	}
	throw new Error(`${name} was not ready after ${timeoutMs} ms\n${readTail(logFile)}`);
}

/** @param {string} file */
function readTail(file) {
	return fs.existsSync(file) ? tail(fs.readFileSync(file, 'utf8')) : '';
}

/**
 * Creates a PostgreSQL cluster in a new temporary folder and starts it on a free port of
 * 127.0.0.1 with durability switched off (fsync, synchronous commit), which suits a throwaway
 * test database only. `stop()` stops the server and deletes the folder unless `keepFiles`.
 * @param {{ keepFiles?: boolean, timeoutMs?: number }} [options]
 * @returns {Promise<{ pid: number, port: number, dir: string, logFile: string,
 *   env: NodeJS.ProcessEnv, stop: () => Promise<string> }>} `env` contains n8n's DB_* settings.
 */
async function startPostgres({ keepFiles = false, timeoutMs = 60000 } = {}) {
	if (!fs.existsSync(path.join(POSTGRES_BIN_DIR, 'initdb'))) {
		throw new Error(
			`PostgreSQL's initdb is missing in ${POSTGRES_BIN_DIR}. Install it with: ` +
				'apt-get install -y postgresql-15, or set N8N_VTEX_PG_BIN_DIR to its bin folder.',
		);
	}
	const account = postgresAccount();
	// A folder of its own: the server's user must be able to enter it, and mkdtemp folders are 0700.
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-postgres-'));
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	fs.mkdirSync(socketDir, { recursive: true });
	if (account) {
		fs.chownSync(dir, account.uid, account.gid);
		fs.chownSync(socketDir, account.uid, account.gid);
	}
	const logFile = path.join(dir, 'postgres.log');
	fs.writeFileSync(logFile, '');
	if (account) fs.chownSync(logFile, account.uid, account.gid);

	const initdbArgs = ['-D', dataDir, '-U', POSTGRES_USER, '--auth=trust', '-E', 'UTF8'];
	await runAs(account, path.join(POSTGRES_BIN_DIR, 'initdb'), initdbArgs, dir);

	const port = await findFreePort();
	const serverArgs = ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', socketDir];
	serverArgs.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
	const child = spawnService(path.join(POSTGRES_BIN_DIR, 'postgres'), serverArgs, {
		logFile,
		account,
		cwd: dir,
	});
	const stop = async () => {
		const outcome = await stopProcess(/** @type {number} */ (child.pid), { graceMs: 15000 });
		if (!keepFiles) fs.rmSync(dir, { recursive: true, force: true });
		return outcome;
	};
	try {
		const isReadyArgs = ['-h', '127.0.0.1', '-p', String(port), '-U', POSTGRES_USER];
		await waitUntil(
			'PostgreSQL',
			() => succeeds(path.join(POSTGRES_BIN_DIR, 'pg_isready'), isReadyArgs),
			{
				child,
				logFile,
				timeoutMs,
			},
		);
		const createArgs = [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			POSTGRES_USER,
			POSTGRES_DATABASE,
		];
		await runCommand(path.join(POSTGRES_BIN_DIR, 'createdb'), createArgs, { timeoutMs: 30000 });
	} catch (error) {
		await stop();
		throw error;
	}
	const env = {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(port),
		DB_POSTGRESDB_DATABASE: POSTGRES_DATABASE,
		DB_POSTGRESDB_USER: POSTGRES_USER,
		DB_POSTGRESDB_PASSWORD: '',
	};
	return { pid: /** @type {number} */ (child.pid), port, dir, logFile, env, stop };
}

/**
 * Runs a command to completion, as `account` when given.
 * @param {{ uid: number, gid: number } | null} account
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 */
function runAs(account, command, args, cwd) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd,
			stdio: ['ignore', 'pipe', 'pipe'],
			...(account ? { uid: account.uid, gid: account.gid } : {}),
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), 120000);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(new Error(`Failed to start ${command}: ${error.message}`));
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			if (code === 0) resolve(output);
			else reject(new Error(`${command} exited with code ${code}\n${tail(output)}`));
		});
	});
}

/**
 * @param {string} command
 * @param {string[]} args
 */
async function succeeds(command, args) {
	try {
		await runCommand(command, args, { timeoutMs: 5000 });
		return true;
	} catch {
		return false;
	}
}

/**
 * Starts redis-server on a free port of 127.0.0.1, with no persistence.
 * @param {{ dir: string, timeoutMs?: number }} options
 * @returns {Promise<{ pid: number, port: number, logFile: string, env: NodeJS.ProcessEnv,
 *   stop: () => Promise<string> }>} `env` contains n8n's QUEUE_BULL_REDIS_* settings.
 */
async function startRedis({ dir, timeoutMs = 30000 }) {
	fs.mkdirSync(dir, { recursive: true });
	const port = await findFreePort();
	const logFile = path.join(dir, 'redis.log');
	const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'];
	args.push('--dir', dir, '--protected-mode', 'yes');
	requireProgram('redis-server', 'apt-get install -y --no-install-recommends redis-server');
	const child = spawnService('redis-server', args, { logFile, cwd: dir });
	const stop = () => stopProcess(/** @type {number} */ (child.pid), { graceMs: 10000 });
	try {
		await waitUntil('Redis', () => redisAnswersPing(port), { child, logFile, timeoutMs });
	} catch (error) {
		await stop();
		throw error;
	}
	const env = { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) };
	return { pid: /** @type {number} */ (child.pid), port, logFile, env, stop };
}

/**
 * Fails with the install command when a program is not on PATH, because spawn reports that only
 * later, as an event.
 * @param {string} program
 * @param {string} installCommand
 */
function requireProgram(program, installCommand) {
	try {
		execFileSync('sh', ['-c', 'command -v "$0"', program], { stdio: 'ignore' });
	} catch {
		throw new Error(`${program} is not installed. Install it with: ${installCommand}`);
	}
}

/**
 * Sends PING in Redis's inline protocol and checks for +PONG.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function redisAnswersPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		const done = (/** @type {boolean} */ result) => {
			socket.destroy();
			resolve(result);
		};
		socket.setTimeout(2000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
	});
}

module.exports = { startPostgres, startRedis, POSTGRES_BIN_DIR };
