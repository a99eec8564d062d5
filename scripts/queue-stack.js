#!/usr/bin/env node
'use strict';

/**
 * n8n in queue mode on 127.0.0.1 with this package: PostgreSQL and Redis from Debian's packages,
 * one main process and workers, each n8n process with the packed package in its own user folder.
 *
 *   node scripts/queue-stack.js [--workers N] [--concurrency N] [--minutes N] [--no-build]
 *
 * It prints the URLs and PIDs, keeps the stack up for --minutes (default 30) or until Ctrl-C,
 * then stops every process it started, by PID. Tests use `startQueueStack` from this module.
 */

const { startN8n } = require('./n8n-runtime');
const { startQueueStack: startStack, countFinishedExecutions } = require('./runtime/queue-stack');

/**
 * Starts the stack. scripts/runtime/queue-stack.js documents the options.
 * @param {import('./runtime/queue-stack').QueueStackOptions} options
 */
function startQueueStack(options) {
	return startStack(options, startN8n);
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

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
	const minutes = Number(args.minutes ?? 30);
	const stack = await startQueueStack({
		workers: Number(args.workers ?? 2),
		concurrency: Number(args.concurrency ?? 2),
		build: !args['no-build'],
		tables: true,
		log,
	});
	console.log(`n8n main:     ${stack.main.baseUrl} (PID ${stack.main.pid})`);
	for (const worker of stack.workers) console.log(`${worker.name}:     PID ${worker.pid}`);
	console.log(`PostgreSQL:   127.0.0.1:${stack.postgres?.port} (PID ${stack.postgres?.pid})`);
	console.log(`Redis:        127.0.0.1:${stack.redis?.port} (PID ${stack.redis?.pid})`);
	console.log(`Owner login:  ${stack.main.owner.email} / ${stack.main.owner.password}`);
	console.log(`Folder:       ${stack.root}`);
	console.log(`Stopping in ${minutes} minutes, or now on Ctrl-C.`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log(JSON.stringify(await stack.stop()));
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	setTimeout(stop, minutes * 60 * 1000);
}

module.exports = { startQueueStack, countFinishedExecutions };

if (require.main === module) {
	main().catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = 1;
	});
}
