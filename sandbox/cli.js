#!/usr/bin/env node
'use strict';

const fs = require('node:fs');
const { startSandbox } = require('./index');
const { createDefaultScenario } = require('./scenario');

const USAGE = `Usage: node sandbox/cli.js [--port N] [--host H] [--scenario FILE] [--skus N]
       [--seed N --outside-percent P --inactive-percent P --inactive-product-percent P]

Starts the VTEX sandbox and prints its URL. --scenario loads a scenario file; without it the
sandbox serves --skus SKUs (default 10). The generator options add catalog.generate to that
default catalog. Stops on SIGINT or SIGTERM.`;

/**
 * @param {string[]} argv
 */
function parseArguments(argv) {
	/** @type {Record<string, string>} */
	const values = {};
	const known = [
		'port',
		'host',
		'scenario',
		'skus',
		'seed',
		'outside-percent',
		'inactive-percent',
		'inactive-product-percent',
	];
	for (let i = 0; i < argv.length; i++) {
		const argument = argv[i];
		if (argument === '--help' || argument === '-h') return null;
		const name = argument.replace(/^--/, '');
		if (!argument.startsWith('--') || !known.includes(name) || argv[i + 1] === undefined) {
			throw new Error(`invalid argument ${argument}\n\n${USAGE}`);
		}
		values[name] = argv[++i];
	}
	return values;
}

/**
 * @param {Record<string, string>} values
 * @param {string} name
 * @param {number} fallback
 */
function numberArgument(values, name, fallback) {
	if (values[name] === undefined) return fallback;
	const value = Number(values[name]);
	if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got ${values[name]}`);
	return value;
}

async function main() {
	const values = parseArguments(process.argv.slice(2));
	if (values === null) {
		process.stdout.write(`${USAGE}\n`);
		return;
	}

	let scenario;
	if (values.scenario !== undefined) {
		scenario = JSON.parse(fs.readFileSync(values.scenario, 'utf8'));
	} else {
		scenario = createDefaultScenario(numberArgument(values, 'skus', 10));
		if (values.seed !== undefined) {
			scenario.catalog.generate = {
				seed: numberArgument(values, 'seed', 1),
				outsideSalesChannelPercent: numberArgument(values, 'outside-percent', 0),
				inactivePercent: numberArgument(values, 'inactive-percent', 0),
				inactiveProductPercent: numberArgument(values, 'inactive-product-percent', 0),
			};
		}
	}

	const sandbox = await startSandbox({
		port: numberArgument(values, 'port', 0),
		host: values.host ?? '127.0.0.1',
		scenario,
	});
	process.stdout.write(`VTEX sandbox listening on ${sandbox.url}\n`);

	const stop = (signal) => {
		process.stdout.write(`VTEX sandbox stopping on ${signal}\n`);
		sandbox.close().then(() => process.exit(0));
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
	process.stderr.write(
		`VTEX sandbox failed to start: ${error instanceof Error ? error.message : error}\n`,
	);
	process.exit(1);
});
