'use strict';

/**
 * One n8n process on 127.0.0.1: its environment, the n8n CLI on the same user folder, start,
 * readiness, owner account, API key, webhooks, executions and stop.
 */

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { runCommand, tail, findFreePort, delay, isProcessAlive, stopProcess } = require('./process');
const { longRequest, FETCH_HEADERS_TIMEOUT_MS } = require('./longRequest');

/** Owner account created on every fresh user folder. Invented values, local use only. */
const DEFAULT_OWNER = {
	email: 'owner@n8n-vtex.invalid',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'Local-Owner-Passw0rd',
};

/** Fixed so that credentials imported by the CLI decrypt in the server. Not a secret. */
const ENCRYPTION_KEY = 'n8n-vtex-local-key-not-secret';

/**
 * Environment of every n8n process on a user folder: listen on 127.0.0.1 only, SQLite, and no
 * calls to n8n's cloud services. Broker ports must differ between processes that run at once.
 * @param {{ paths: { nodeBinDir: string, n8nBinDir: string }, userFolder: string, port: number,
 *   brokerPort: number, extraEnv?: NodeJS.ProcessEnv }} options
 * @returns {NodeJS.ProcessEnv}
 */
function n8nEnv({ paths, userFolder, port, brokerPort, extraEnv = {} }) {
	const baseUrl = `http://127.0.0.1:${port}/`;
	return {
		...inheritedEnv(),
		PATH: [paths.nodeBinDir, paths.n8nBinDir, process.env.PATH].join(path.delimiter),
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: baseUrl,
		N8N_WEBHOOK_URL: baseUrl,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// These modules look up n8n's cloud services at start. Turning them off also cut the main
		// process from about 720 to 400 MB RSS (measured on n8n 2.40.7).
		N8N_DISABLED_MODULES: 'mcp-registry,instance-ai',
		DB_TYPE: 'sqlite',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		...extraEnv,
	};
}

/**
 * The calling process's environment without NODE_ENV (Jest sets it to `test`, and n8n then
 * exits at start with an empty log) and without n8n's own N8N_*, DB_* and
 * EXECUTIONS_* settings, so a setting of the caller's shell cannot change these runs.
 */
function inheritedEnv() {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (name === 'NODE_ENV' || /^(N8N_|DB_|EXECUTIONS_)/.test(name)) continue;
		env[name] = value;
	}
	return env;
}

/**
 * Runs one n8n CLI command on a user folder. Each call boots n8n (2-4 s) with its own task
 * broker, so it gets a free broker port even beside a running server.
 * @param {{ paths: { nodeBin: string, n8nMain: string, nodeBinDir: string, n8nBinDir: string },
 *   userFolder: string, extraEnv?: NodeJS.ProcessEnv }} runtime
 * @param {string[]} args
 */
async function runN8nCli(runtime, args) {
	const brokerPort = await findFreePort();
	const port = await findFreePort();
	const env = n8nEnv({ ...runtime, port, brokerPort });
	return runCommand(runtime.paths.nodeBin, [runtime.paths.n8nMain, ...args], {
		env,
		cwd: runtime.userFolder,
		timeoutMs: 3 * 60 * 1000,
	});
}

/**
 * A started n8n server and the REST calls the demo and tests need.
 */
class N8nServer {
	/**
	 * @param {{ baseUrl: string, pid: number, userFolder: string, logFile: string,
	 *   child: import('node:child_process').ChildProcess | null }} fields
	 */
	constructor(fields) {
		this.baseUrl = fields.baseUrl;
		this.pid = fields.pid;
		this.userFolder = fields.userFolder;
		this.logFile = fields.logFile;
		this.child = fields.child;
		/** @type {string | null} */
		this.cookie = null;
		/** @type {string | null} */
		this.apiKey = null;
		this.owner = DEFAULT_OWNER;
		/** Whether `stop()` deletes the user folder (set for folders created per run). */
		this.removeUserFolderOnStop = false;
	}

	/**
	 * Sends a request to the server and parses a JSON response.
	 * @param {string} method
	 * @param {string} urlPath path with query, starting with '/'
	 * @param {{ body?: unknown, auth?: 'cookie' | 'apiKey' | 'none', timeoutMs?: number }} [options]
	 * @returns {Promise<{ status: number, body: any, headers: Headers }>}
	 */
	async request(method, urlPath, options = {}) {
		const { body, auth = 'none', timeoutMs = 30000 } = options;
		/** @type {Record<string, string>} */
		// Closes the socket after each response, so no idle keep-alive socket stays in the pool.
		// A caller whose event loop was blocked past n8n's keep-alive timeout, such as Jest while
		// it compiles a test file, would otherwise send into a socket that n8n already closed.
		const headers = { accept: 'application/json', connection: 'close' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (auth === 'cookie' && this.cookie) headers.cookie = this.cookie;
		if (auth === 'apiKey' && this.apiKey) headers['x-n8n-api-key'] = this.apiKey;
		const url = `${this.baseUrl}${urlPath}`;
		const payload = body === undefined ? undefined : JSON.stringify(body);
		let response;
		let text;
		if (timeoutMs > FETCH_HEADERS_TIMEOUT_MS) {
			response = await longRequest(url, { method, headers, body: payload, timeoutMs });
			text = response.text;
		} else {
			response = await fetch(url, {
				method,
				headers,
				body: payload,
				signal: AbortSignal.timeout(timeoutMs),
			});
			text = await response.text();
		}
		let parsed = text;
		try {
			parsed = text ? JSON.parse(text) : null;
		} catch {
			// Non-JSON bodies (HTML error pages, plain text) are returned as text.
		}
		return { status: response.status, body: parsed, headers: response.headers };
	}

	/**
	 * Like `request`, but rejects unless the status is 2xx.
	 * @param {string} method
	 * @param {string} urlPath
	 * @param {{ body?: unknown, auth?: 'cookie' | 'apiKey' | 'none', timeoutMs?: number }} [options]
	 */
	async requestOk(method, urlPath, options) {
		const response = await this.request(method, urlPath, options);
		if (response.status < 200 || response.status > 299) {
			const bodyText =
				typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
			throw new Error(
				`${method} ${urlPath} failed with ${response.status}: ${bodyText.slice(0, 500)}`,
			);
		}
		return response.body;
	}

	/**
	 * Polls /healthz/readiness until the database migrations are done (plain /healthz returns
	 * 200 earlier). Fails fast when the process exits.
	 * @param {number} [timeoutMs]
	 */
	async waitForReady(timeoutMs = 90000) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.child && this.child.exitCode !== null) {
				throw new Error(`n8n exited with code ${this.child.exitCode}\n${this.logTail()}`);
			}
			try {
				const response = await this.request('GET', '/healthz/readiness', { timeoutMs: 2000 });
				if (response.status === 200) return;
			} catch {
				// Not listening yet.
			}
			await delay(250);
		}
		throw new Error(`n8n was not ready after ${timeoutMs} ms\n${this.logTail()}`);
	}

	/** Creates the owner account (fresh user folder only) and logs in. */
	async setupOwnerAndLogin() {
		await this.requestOk('POST', '/rest/owner/setup', { body: this.owner });
		await this.login();
	}

	async login() {
		const credentials = { emailOrLdapLoginId: this.owner.email, password: this.owner.password };
		const response = await this.request('POST', '/rest/login', { body: credentials });
		if (response.status !== 200) {
			throw new Error(`Login as ${this.owner.email} failed with ${response.status}`);
		}
		const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0]);
		this.cookie = cookies.join('; ');
	}

	/** Creates an API key with every scope the owner may grant, for the public API. */
	async createApiKey() {
		const scopes = await this.requestOk('GET', '/rest/api-keys/scopes', { auth: 'cookie' });
		const body = { label: `local-${Date.now()}`, scopes: scopes.data, expiresAt: null };
		const created = await this.requestOk('POST', '/rest/api-keys', { body, auth: 'cookie' });
		this.apiKey = created.data.rawApiKey;
	}

	/**
	 * Publishes (activates) a workflow through the public API, so its triggers listen and other
	 * workflows may call it.
	 * @param {string} workflowId
	 */
	async activateWorkflow(workflowId) {
		await this.requestOk('POST', `/api/v1/workflows/${workflowId}/activate`, { auth: 'apiKey' });
	}

	/** Node types the server loaded, e.g. 'n8n-nodes-vtex-marketplace.vtexCatalog'. */
	async loadedNodeTypes() {
		const types = await this.requestOk('GET', '/types/nodes.json', { auth: 'cookie' });
		return new Set(types.map((/** @type {{ name: string }} */ type) => type.name));
	}

	/**
	 * POSTs to a production webhook. Retries a 404 for up to 5 s, because a webhook of a workflow
	 * activated a moment ago may not be registered yet.
	 * @param {string} webhookPath path after /webhook/
	 * @param {unknown} body
	 * @param {{ timeoutMs?: number }} [options]
	 */
	async callWebhook(webhookPath, body, options = {}) {
		const { timeoutMs = 15 * 60 * 1000 } = options;
		const deadline = Date.now() + 5000;
		for (;;) {
			const response = await this.request('POST', `/webhook/${webhookPath}`, { body, timeoutMs });
			if (response.status !== 404 || Date.now() > deadline) return response;
			await delay(250);
		}
	}

	/**
	 * Waits, at most `maxWaitMs`, until n8n has applied the latest publish or unpublish of a
	 * workflow, which it does in the background after the request returns. Returns the
	 * publication status.
	 * @param {string} workflowId
	 * @param {number} [maxWaitMs]
	 */
	async settledPublication(workflowId, maxWaitMs = 60000) {
		const deadline = Date.now() + maxWaitMs;
		for (;;) {
			const response = await this.requestOk(
				'GET',
				`/rest/workflows/${workflowId}/publication-status`,
				{ auth: 'cookie' },
			);
			const status = response.data ?? response;
			if (status.status !== 'in_progress' || Date.now() > deadline) return status;
			await delay(250);
		}
	}

	/**
	 * Executions of a workflow, newest first, with their run data.
	 * @param {string} workflowId
	 * @param {{ limit?: number }} [options]
	 */
	async executions(workflowId, options = {}) {
		const query = `workflowId=${encodeURIComponent(workflowId)}&includeData=true&limit=${options.limit ?? 20}`;
		const page = await this.requestOk('GET', `/api/v1/executions?${query}`, { auth: 'apiKey' });
		return page.data;
	}

	/**
	 * Runs n8n's credential test (the editor's Test button) on credential data.
	 * @param {{ id?: string, name?: string, type: string, data: Record<string, unknown> }} credential
	 * @returns {Promise<{ status: 'OK' | 'Error', message: string }>}
	 */
	async testCredential(credential) {
		const body = { credentials: { id: '', name: 'Credential test', ...credential } };
		const result = await this.requestOk('POST', '/rest/credentials/test', { body, auth: 'cookie' });
		return result.data ?? result;
	}

	/** Last lines of the server log. */
	logTail(lines = 40) {
		return fs.existsSync(this.logFile) ? tail(fs.readFileSync(this.logFile, 'utf8'), lines) : '';
	}

	/**
	 * Kills the server's process group with SIGKILL at once, as a crash or an out-of-memory kill
	 * would. n8n gets no graceful shutdown, so running executions stop where they are. The user
	 * folder stays, so `restartN8n` can start n8n on it again.
	 */
	async crash() {
		if (!isProcessAlive(this.pid)) return 'not running';
		try {
			process.kill(-this.pid, 'SIGKILL');
		} catch {
			process.kill(this.pid, 'SIGKILL');
		}
		// A bounded wait for the kernel to reap the process, so its port and database are free.
		for (let attempt = 0; attempt < 50 && isProcessAlive(this.pid); attempt++) await delay(100);
		return 'killed';
	}

	/**
	 * Stops the server by its PID, then deletes a per-run user folder unless the environment
	 * sets N8N_VTEX_KEEP_FILES=1 (to read n8n.log or the database afterwards).
	 */
	async stop() {
		const outcome = await stopProcess(this.pid);
		if (this.removeUserFolderOnStop && process.env.N8N_VTEX_KEEP_FILES !== '1') {
			fs.rmSync(this.userFolder, { recursive: true, force: true });
		}
		return outcome;
	}
}

/**
 * Spawns an n8n command (`start`, `worker`, `webhook`) on a user folder with its own broker port,
 * in its own process group, writing stdout and stderr to `<userFolder>/<logName>`. It does not
 * wait for readiness; `startServer` does for `start`.
 * @param {{ paths: { nodeBin: string, n8nMain: string, nodeBinDir: string, n8nBinDir: string },
 *   userFolder: string, args: string[], logName: string, port?: number,
 *   extraEnv?: NodeJS.ProcessEnv, detach?: boolean }} options
 * @returns {Promise<{ pid: number, child: import('node:child_process').ChildProcess,
 *   logFile: string }>}
 */
async function spawnN8n(options) {
	const port = options.port ?? (await findFreePort());
	const brokerPort = await findFreePort();
	const env = n8nEnv({ ...options, port, brokerPort });
	const logFile = path.join(options.userFolder, options.logName);
	const out = fs.openSync(logFile, 'a');
	const child = spawn(options.paths.nodeBin, [options.paths.n8nMain, ...options.args], {
		env,
		cwd: options.userFolder,
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	if (!child.pid) throw new Error(`n8n ${options.args.join(' ')} did not start (no PID)`);
	if (options.detach) child.unref();
	return { pid: child.pid, child, logFile };
}

/**
 * Starts `n8n start` on a free port of 127.0.0.1 (or `options.port`) and waits for readiness.
 * The child gets its own process group so that stopping it also ends its task runner.
 * @param {{ paths: { nodeBin: string, n8nMain: string, nodeBinDir: string, n8nBinDir: string },
 *   userFolder: string, port?: number, extraEnv?: NodeJS.ProcessEnv, detach?: boolean }} options
 *   With `detach`, the server outlives the calling process.
 */
async function startServer(options) {
	const port = options.port ?? (await findFreePort());
	const started = await spawnN8n({ ...options, port, args: ['start'], logName: 'n8n.log' });
	const server = new N8nServer({
		baseUrl: `http://127.0.0.1:${port}`,
		pid: started.pid,
		userFolder: options.userFolder,
		logFile: started.logFile,
		child: started.child,
	});
	try {
		await server.waitForReady();
	} catch (error) {
		await server.stop();
		throw error;
	}
	return server;
}

module.exports = {
	DEFAULT_OWNER,
	ENCRYPTION_KEY,
	n8nEnv,
	runN8nCli,
	N8nServer,
	spawnN8n,
	startServer,
};
