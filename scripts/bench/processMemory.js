'use strict';

/**
 * Resident memory of n8n processes and their children, read from Linux's /proc: VmRSS
 * (current) and VmHWM (the process's peak since it started).
 */

const fs = require('node:fs');

/**
 * Returns the parent PID of every running process.
 * @returns {Map<number, number>} PID to parent PID
 */
function parentPids() {
	/** @type {Map<number, number>} */
	const parents = new Map();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
			// The command name in brackets may contain spaces, so fields are counted after it.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parents.set(Number(name), Number(fields[1]));
		} catch {
			// The process ended between the listing and the read.
		}
	}
	return parents;
}

/**
 * Returns the PID and every descendant PID of a process.
 * @param {number} rootPid
 */
function processTree(rootPid) {
	const parents = parentPids();
	const tree = [rootPid];
	for (let index = 0; index < tree.length; index++) {
		for (const [pid, parent] of parents) {
			if (parent === tree[index] && !tree.includes(pid)) tree.push(pid);
		}
	}
	return tree.filter((pid) => pid === rootPid || parents.has(pid));
}

/**
 * Reads a process's current and peak resident memory in MiB, and its command line, or null
 * when it has ended.
 * @param {number} pid
 */
function readMemory(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const field = (/** @type {string} */ name) => {
			const match = status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'));
			return match ? Number(match[1]) / 1024 : 0;
		};
		const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
		return { rssMiB: field('VmRSS'), hwmMiB: field('VmHWM'), command };
	} catch {
		return null;
	}
}

/**
 * Names an n8n process for the report from its command line.
 * @param {string} command
 * @param {string} rootLabel label of the process the sampler was given
 * @param {boolean} isRoot
 */
function processRole(command, rootLabel, isRoot) {
	if (isRoot) return rootLabel;
	if (/task-runner|runners?\/|js-task-runner/i.test(command)) return `${rootLabel} task runner`;
	return `${rootLabel} child`;
}

/**
 * Samples the memory of labelled root processes and their descendants at a fixed interval
 * until `stop()`. Keeps, per process, the highest VmRSS seen and the last VmHWM read.
 */
class MemorySampler {
	/**
	 * @param {Record<string, number>} rootPids label to PID, e.g. `{ main: 1234 }`
	 * @param {number} [intervalMs]
	 */
	constructor(rootPids, intervalMs = 250) {
		this.rootPids = rootPids;
		this.intervalMs = intervalMs;
		/** @type {Map<number, { role: string, pid: number, command: string, peakRssMiB: number, hwmMiB: number }>} */
		this.processes = new Map();
		/** @type {NodeJS.Timeout | null} */
		this.timer = null;
	}

	start() {
		this.sample();
		this.timer = setInterval(() => this.sample(), this.intervalMs);
		return this;
	}

	sample() {
		for (const [label, rootPid] of Object.entries(this.rootPids)) {
			for (const pid of processTree(rootPid)) {
				const memory = readMemory(pid);
				if (!memory) continue;
				const known = this.processes.get(pid) ?? {
					role: processRole(memory.command, label, pid === rootPid),
					pid,
					command: memory.command,
					peakRssMiB: 0,
					hwmMiB: 0,
				};
				known.peakRssMiB = Math.max(known.peakRssMiB, memory.rssMiB);
				known.hwmMiB = Math.max(known.hwmMiB, memory.hwmMiB);
				this.processes.set(pid, known);
			}
		}
	}

	/** Stops sampling after one last sample and returns one entry per process seen. */
	stop() {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.sample();
		return [...this.processes.values()].map((entry) => ({
			role: entry.role,
			pid: entry.pid,
			peakRssMiB: Math.round(entry.peakRssMiB),
			hwmMiB: Math.round(entry.hwmMiB),
		}));
	}
}

module.exports = { MemorySampler, processTree, readMemory, processRole };
