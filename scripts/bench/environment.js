'use strict';

/**
 * The machine, versions and commit a benchmark ran on, for the report.
 */

const fs = require('node:fs');
const os = require('node:os');
const { execFileSync } = require('node:child_process');
const { runtimePaths } = require('../runtime/install');
const { REPO_DIR } = require('../runtime/package');

/** @param {string[]} args */
function git(args) {
	try {
		return execFileSync('git', args, { cwd: REPO_DIR, encoding: 'utf8' }).trim();
	} catch {
		return null;
	}
}

/** @param {string} file */
function readVersion(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')).version ?? null;
	} catch {
		return null;
	}
}

/**
 * Describes the machine now: processors, memory and load average.
 */
function machine() {
	const cpus = os.cpus();
	return {
		cpus: cpus.length,
		cpuModel: cpus[0]?.model ?? 'unknown',
		memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		kernel: `${os.type()} ${os.release()}`,
		loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
	};
}

/**
 * Describes the software: the package, n8n and Node versions and the git commit.
 */
function versions() {
	const paths = runtimePaths();
	const status = git(['status', '--porcelain']);
	return {
		package: readVersion(`${REPO_DIR}/package.json`),
		n8n: readVersion(paths.n8nPackageJson),
		nodeForN8n: readVersion(`${paths.nodeHome}/package.json`),
		nodeForBenchmark: process.version,
		commit: git(['rev-parse', '--short', 'HEAD']),
		uncommittedChanges: status === null ? null : status.length > 0,
	};
}

module.exports = { machine, versions };
