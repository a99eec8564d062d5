'use strict';

/**
 * Child-process and networking helpers shared by the runtime scripts.
 * Every wait here has a deadline, and processes are stopped only by the PID the caller passes.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

/**
 * Runs a command to completion and collects its output.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, logFile?: string }} [options]
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 *   Rejects when the command exits non-zero or runs past `timeoutMs`; the error message contains
 *   the last lines of its output.
 */
function runCommand(command, args, options = {}) {
	const { cwd, env = process.env, timeoutMs = 10 * 60 * 1000, logFile } = options;
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			log?.write(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			log?.write(chunk);
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			log?.end();
			reject(new Error(`Failed to start "${command}": ${error.message}`));
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			log?.end();
			const commandLine = `${command} ${args.join(' ')}`;
			if (timedOut) {
				reject(
					new Error(`"${commandLine}" timed out after ${timeoutMs} ms\n${tail(stdout + stderr)}`),
				);
			} else if (code !== 0) {
				reject(new Error(`"${commandLine}" exited with code ${code}\n${tail(stdout + stderr)}`));
			} else {
				resolve({ code, stdout, stderr });
			}
		});
	});
}

/**
 * Returns the last lines of a text, for error messages.
 * @param {string} text
 * @param {number} [lines]
 */
function tail(text, lines = 25) {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Finds a TCP port on 127.0.0.1 that is free right now.
 * NOTE: another process may take the port between this call and its use. n8n then exits at
 * start, and the error of `startServer` shows the end of its log.
 * @returns {Promise<number>}
 */
function findFreePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** @param {number} ms */
function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Checks whether a process with this PID exists (signal 0 checks without sending anything).
 * @param {number} pid
 */
function isProcessAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}

/**
 * Stops a process this package started: SIGTERM to the PID, then SIGKILL to its process group
 * (created by `detached: true` at spawn) if it is still alive after `graceMs`.
 * @param {number} pid
 * @param {{ graceMs?: number }} [options]
 * @returns {Promise<'stopped' | 'killed' | 'not running'>}
 */
async function stopProcess(pid, options = {}) {
	const { graceMs = 20000 } = options;
	// PID 0 and negative PIDs would signal whole process groups.
	if (!Number.isInteger(pid) || pid <= 0) throw new Error(`Invalid PID ${pid}`);
	if (!isProcessAlive(pid)) return 'not running';
	process.kill(pid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline) {
		if (!isProcessAlive(pid)) return 'stopped';
		await delay(200);
	}
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		process.kill(pid, 'SIGKILL');
	}
	return 'killed';
}

module.exports = { runCommand, tail, findFreePort, delay, isProcessAlive, stopProcess };
