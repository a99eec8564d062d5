#!/usr/bin/env node
'use strict';

/**
 * Measures what the package's Data Tables cost in a real n8n. It starts the cached n8n runtime
 * on SQLite with a fresh user folder and creates the id map, last-sent and log tables through
 * the public API. It inserts representative rows in batches, then reads the size n8n reports in
 * GET /rest/data-tables-global/limits, the figure n8n compares with
 * N8N_DATA_TABLES_MAX_SIZE_BYTES.
 *
 *   node scripts/measure-data-tables.js [--rows 100000] [--batch 1000] [--keep]
 *
 * Three log tables are measured, because the size of a log row depends on what its content
 * columns carry: no content, the offer as sent with the marketplace response, and the full
 * VTEX SKU context as the source content. The representative values come from the sandbox.
 * Prints one JSON report on stdout. Only 127.0.0.1 is contacted.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const install = require('./runtime/install');
const serverModule = require('./runtime/server');
const { startSandbox, DEFAULT_APP_KEY, DEFAULT_APP_TOKEN } = require('../sandbox');
const { TABLES } = require('./setup-tables');

/** Columns of a table as `scripts/setup-tables.js` creates it, as [name, type] pairs. */
function columnsOf(/** @type {string} */ name) {
	const table = TABLES.find((candidate) => candidate.name === name);
	if (!table) throw new Error(`Table ${name} is not defined in scripts/setup-tables.js.`);
	return table.columns.map((column) => [column.name, column.type]);
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

/**
 * Reads one SKU context from a sandbox, the largest content a log row is likely to carry.
 * @returns {Promise<string>} the SKU context as JSON text
 */
async function sampleSkuContext() {
	const sandbox = await startSandbox({
		scenario: {
			catalog: {
				skuCount: 1,
				skus: [
					{ id: 1001, name: 'Lumen desk lamp, brass', images: [{ fileId: 7001, bytes: 300 }] },
				],
				products: [
					{
						id: 501,
						name: 'Lumen desk lamp',
						specifications: [{ id: 30, name: 'Voltage', values: ['220'] }],
					},
				],
			},
		},
	});
	try {
		const response = await fetch(
			`${sandbox.url}/api/catalog_system/pvt/sku/stockkeepingunitbyid/1001?sc=2`,
			{
				headers: {
					'X-VTEX-API-AppKey': DEFAULT_APP_KEY,
					'X-VTEX-API-AppToken': DEFAULT_APP_TOKEN,
				},
			},
		);
		return JSON.stringify(await response.json());
	} finally {
		await sandbox.close();
	}
}

/**
 * Builds the row of SKU index i for a table. SKU ids have 7 digits and offer ids 24 hexadecimal
 * characters, lengths chosen on the long side so the sizes are not understated.
 * @param {string} table
 * @param {number} i
 * @param {{ skuContext: string, contents: 'none' | 'offer' | 'skuContext' }} options
 */
function buildRow(table, i, options) {
	const skuId = String(1000000 + i);
	const offerId = (0x5f0c9a1e00000000n + BigInt(i)).toString(16).padStart(24, '0');
	const at = new Date(Date.UTC(2026, 11, 4, 12, 0, 0) + i * 37).toISOString();
	const price = 49.9 + (i % 400);
	if (table === 'vtex_id_map') {
		return {
			skuId,
			productId: String(500000 + Math.floor(i / 3)),
			offerId,
			status: 'integrated',
			categoryId: String(20 + (i % 180)),
			lastSyncAt: at,
			lastError: null,
		};
	}
	if (table === 'vtex_last_sent') {
		return { skuId, price, listPrice: price, stock: i % 60, active: true, sentAt: at };
	}
	const offer = {
		skuId,
		title: `Lumen desk lamp, brass ${skuId}`,
		categoryId: 'HOME-LIGHT',
		price,
		listPrice: price,
		stock: i % 60,
		active: true,
	};
	const contentSource =
		options.contents === 'skuContext'
			? options.skuContext
			: options.contents === 'offer'
				? JSON.stringify({ skuId, price: Math.round(price * 100), stockBalance: i % 60 })
				: null;
	return {
		entryId: `${skuId}-${Date.parse(at)}-S1`,
		skuId,
		status: 'Success',
		operation: 'Offer creation',
		direction: 'VTEX to Marketplace',
		messageCode: 'S1',
		businessMessage: `Offer for SKU ${skuId} created on the marketplace with id ${offerId}.`,
		contentSource,
		contentTranslated: options.contents === 'none' ? null : JSON.stringify(offer),
		contentDestination: options.contents === 'none' ? null : JSON.stringify({ offerId }),
		dateAt: at.slice(0, 10),
		loggedAt: at,
	};
}

/**
 * @param {import('./runtime/server').N8nServer} server
 * @returns {Promise<{ totalBytes: number, dataTables: Record<string, { name: string,
 *   sizeBytes: number }> }>}
 */
async function readSizes(server) {
	const body = await server.requestOk('GET', '/rest/data-tables-global/limits', { auth: 'cookie' });
	return body.data;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const rowCount = Number(args.rows ?? 100000);
	const batchSize = Number(args.batch ?? 1000);
	const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);

	const skuContext = await sampleSkuContext();
	const paths = await install.ensureRuntime({ log });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-measure-'));
	const server = await serverModule.startServer({
		paths,
		userFolder,
		extraEnv: {
			// Raised so that every variant fits; the report compares with the default cap.
			N8N_DATA_TABLES_MAX_SIZE_BYTES: String(8 * 1024 * 1024 * 1024),
			N8N_DATA_TABLES_SIZE_CHECK_CACHE_DURATION_MS: '0',
		},
	});
	server.removeUserFolderOnStop = !args.keep;
	try {
		await server.setupOwnerAndLogin();
		await server.createApiKey();

		const variants = [
			{ name: 'vtex_id_map', columns: columnsOf('vtex_id_map'), contents: 'none' },
			{ name: 'vtex_last_sent', columns: columnsOf('vtex_last_sent'), contents: 'none' },
			{ name: 'vtex_logs', columns: columnsOf('vtex_logs'), contents: 'none' },
			{ name: 'vtex_logs_offer_content', columns: columnsOf('vtex_logs'), contents: 'offer' },
			{ name: 'vtex_logs_sku_context', columns: columnsOf('vtex_logs'), contents: 'skuContext' },
		];
		const before = await readSizes(server);
		/** @type {Record<string, unknown>} */
		const tables = {};
		for (const variant of variants) {
			const table = variant.name.startsWith('vtex_logs') ? 'vtex_logs' : variant.name;
			const created = await server.requestOk('POST', '/api/v1/data-tables', {
				auth: 'apiKey',
				body: {
					name: variant.name,
					columns: variant.columns.map(([name, type]) => ({ name, type })),
				},
			});
			const started = Date.now();
			const sampleRow = buildRow(table, 0, { skuContext, contents: variant.contents });
			for (let first = 0; first < rowCount; first += batchSize) {
				const rows = [];
				for (let i = first; i < Math.min(rowCount, first + batchSize); i++) {
					rows.push(buildRow(table, i, { skuContext, contents: variant.contents }));
				}
				await server.requestOk('POST', `/api/v1/data-tables/${created.id}/rows`, {
					auth: 'apiKey',
					body: { data: rows, returnType: 'count' },
					timeoutMs: 120000,
				});
			}
			const sizes = await readSizes(server);
			const sizeBytes = sizes.dataTables[created.id]?.sizeBytes ?? null;
			tables[variant.name] = {
				rows: rowCount,
				sizeBytes,
				bytesPerRow: sizeBytes === null ? null : Math.round((sizeBytes / rowCount) * 10) / 10,
				jsonBytesPerRow: Buffer.byteLength(JSON.stringify(sampleRow)),
				insertSeconds: (Date.now() - started) / 1000,
			};
			log(`${variant.name}: ${JSON.stringify(tables[variant.name])}`);
		}
		const after = await readSizes(server);
		const report = {
			n8n: '2.40.7',
			database: 'sqlite',
			node: process.version,
			machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(
				os.totalmem() / 1024 ** 3,
			)} GiB RAM, ${os.platform()} ${os.release()}`,
			rowsPerTable: rowCount,
			skuContextBytes: Buffer.byteLength(skuContext),
			totalBytesBefore: before.totalBytes,
			totalBytesAfter: after.totalBytes,
			tables,
		};
		process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
	} finally {
		if (args.keep) {
			log(`n8n left running: ${server.baseUrl} (PID ${server.pid}, folder ${userFolder})`);
		} else {
			await server.stop();
		}
	}
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
	process.exitCode = 1;
});
