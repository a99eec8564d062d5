#!/usr/bin/env node
'use strict';

/**
 * Creates the Data Tables that the templates read and write, through n8n's public API.
 *
 *   node scripts/setup-tables.js --url http://127.0.0.1:5678 --api-key <key>
 *
 * The URL and key may also come from N8N_URL and N8N_API_KEY. The key needs the scopes
 * dataTable:list, dataTable:create and, to add a missing column, dataTableColumn:create
 * (n8n: Settings -> n8n API). The script is idempotent: it creates the missing tables, adds the
 * columns that an existing table lacks, keeps every row, and reports columns whose type differs.
 */

/** @typedef {'string' | 'number' | 'boolean' | 'date'} ColumnType */
/** @typedef {{ name: string, columns: Array<{ name: string, type: ColumnType }> }} TableDefinition */

/**
 * @param {string} name
 * @param {Record<string, ColumnType>} columns
 * @returns {TableDefinition}
 */
function table(name, columns) {
	return {
		name,
		columns: Object.entries(columns).map(([column, type]) => ({ name: column, type })),
	};
}

/**
 * Every table of the templates, with its columns in order. workflows/setup-tables.json
 * creates the same tables; a unit test keeps the two equal.
 * @type {TableDefinition[]}
 */
const TABLES = [
	table('vtex_id_map', {
		skuId: 'string',
		productId: 'string',
		offerId: 'string',
		status: 'string',
		categoryId: 'string',
		lastSyncAt: 'date',
		lastError: 'string',
	}),
	table('vtex_logs', {
		entryId: 'string',
		skuId: 'string',
		status: 'string',
		operation: 'string',
		direction: 'string',
		messageCode: 'string',
		businessMessage: 'string',
		contentSource: 'string',
		contentTranslated: 'string',
		contentDestination: 'string',
		dateAt: 'string',
		loggedAt: 'date',
	}),
	// No updatedAt column: n8n reserves id, createdAt and updatedAt, and sets its own updatedAt
	// on every insert, update and upsert, so that system column records when a mapping changed.
	table('vtex_category_map', {
		vtexCategoryId: 'string',
		marketplaceCategoryId: 'string',
		vtexCategoryName: 'string',
		marketplaceCategoryName: 'string',
	}),
	table('vtex_mapper', { key: 'string', value: 'string' }),
	table('vtex_last_sent', {
		skuId: 'string',
		price: 'number',
		listPrice: 'number',
		stock: 'number',
		active: 'boolean',
		catalogHash: 'string',
		sentAt: 'date',
	}),
	table('vtex_pending', {
		skuId: 'string',
		ver: 'string',
		changes: 'string',
		attempts: 'number',
		lastError: 'string',
		receivedAt: 'date',
	}),
	table('vtex_dead_letter', {
		skuId: 'string',
		ver: 'string',
		changes: 'string',
		attempts: 'number',
		lastError: 'string',
		failedAt: 'date',
	}),
	// One row per option. The value column contains JSON text (true, 50, "2"), so one string
	// column fits every type.
	table('vtex_settings', { name: 'string', value: 'string' }),
	table('vtex_attribute_map', {
		categoryId: 'string',
		attribute: 'string',
		specId: 'string',
		required: 'boolean',
		defaultValue: 'string',
	}),
	// One row per sales channel and affiliate: the initial load's last finished page.
	table('vtex_load_checkpoint', {
		salesChannel: 'string',
		affiliateId: 'string',
		loadId: 'string',
		lastPage: 'number',
		status: 'string',
		startedAt: 'date',
		finishedAt: 'date',
		totals: 'string',
	}),
];

/** Page size of the table listing; n8n 2.40.7's public API caps the limit at 250. */
const LIST_PAGE_SIZE = 250;

/** Upper bound on listing pages, so a server that repeats its cursor cannot loop forever. */
const MAX_LIST_PAGES = 100;

/** Time limit of one request to n8n's public API, in milliseconds. */
const REQUEST_TIMEOUT_MS = 30000;

/**
 * Describes why a request got no response. Node's fetch throws "fetch failed" and puts
 * the network error (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
 * @param {unknown} error
 * @returns {string}
 */
function describeNetworkError(error) {
	if (!(error instanceof Error)) return String(error);
	if (error.name === 'TimeoutError') return `no response within ${REQUEST_TIMEOUT_MS / 1000} s`;
	const cause = /** @type {{ code?: string, message?: string } | undefined} */ (error.cause);
	if (cause?.code) return `${cause.code} (${cause.message ?? error.message})`;
	if (cause?.message === 'bad port') {
		return 'bad port: Node.js fetch blocks this port, as the Fetch standard lists it; use another port';
	}
	return cause?.message ?? error.message;
}

/**
 * Sends one request to n8n's public API and parses the JSON response.
 * @param {{ baseUrl: string, apiKey: string }} api
 * @param {'GET' | 'POST'} method
 * @param {string} urlPath path under /api/v1, with query
 * @param {unknown} [body]
 */
async function callPublicApi(api, method, urlPath, body) {
	const url = `${api.baseUrl.replace(/\/+$/, '')}/api/v1${urlPath}`;
	/** @type {Record<string, string>} */
	const headers = { accept: 'application/json', 'x-n8n-api-key': api.apiKey };
	if (body !== undefined) headers['content-type'] = 'application/json';
	let response;
	try {
		response = await fetch(url, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
		});
	} catch (error) {
		throw new Error(`${method} ${url} failed: ${describeNetworkError(error)}`);
	}
	const text = await response.text();
	if (!response.ok) {
		const hint =
			response.status === 401 || response.status === 403
				? ' Check that the API key is valid and has the dataTable:list, dataTable:create and dataTableColumn:create scopes.'
				: '';
		throw new Error(
			`${method} ${url} failed with ${response.status}: ${text.slice(0, 300)}.${hint}`,
		);
	}
	return text ? JSON.parse(text) : null;
}

/**
 * Lists every Data Table the API key can see, following the cursor.
 * @param {{ baseUrl: string, apiKey: string }} api
 * @returns {Promise<Array<{ id: string, name: string, columns?: Array<{ name: string, type: string }> }>>}
 */
async function listTables(api) {
	const tables = [];
	let cursor = '';
	for (let page = 0; page < MAX_LIST_PAGES; page++) {
		const query = `limit=${LIST_PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
		const body = await callPublicApi(api, 'GET', `/data-tables?${query}`);
		tables.push(...(body.data ?? []));
		if (!body.nextCursor) return tables;
		cursor = body.nextCursor;
	}
	throw new Error(`The Data Table listing still had a next page after ${MAX_LIST_PAGES} pages`);
}

/**
 * Describes how an existing table differs from its definition (missing columns, other types).
 * @param {TableDefinition} definition
 * @param {Array<{ name: string, type: string }> | undefined} columns
 * @returns {string[]}
 */
function describeColumnDifferences(definition, columns) {
	if (!columns) return [];
	const existing = new Map(columns.map((column) => [column.name, column.type]));
	const differences = [];
	for (const column of definition.columns) {
		const type = existing.get(column.name);
		if (type === undefined) differences.push(`column ${column.name} (${column.type}) is missing`);
		else if (type !== column.type) {
			differences.push(`column ${column.name} is ${type}, expected ${column.type}`);
		}
	}
	return differences;
}

/**
 * Lists the columns of a definition that an existing table lacks.
 * @param {TableDefinition} definition
 * @param {Array<{ name: string, type: string }> | undefined} columns
 * @returns {Array<{ name: string, type: ColumnType }>}
 */
function findMissingColumns(definition, columns) {
	if (!columns) return [];
	const existing = new Set(columns.map((column) => column.name));
	return definition.columns.filter((column) => !existing.has(column.name));
}

/**
 * Creates the tables of `tables` that do not exist yet and adds the columns that an existing
 * table lacks, such as a column added in a later version of the package. Rows and other columns
 * stay unchanged. A column of another type is only reported, because changing its type would
 * need its data converted.
 * NOTE: the column request follows n8n 2.40.7's public API description
 * (POST /data-tables/{id}/columns) and has no end-to-end test against a real n8n yet.
 * @param {{ baseUrl: string, apiKey: string, tables?: TableDefinition[],
 *   log?: (line: string) => void }} options
 * @returns {Promise<{ created: string[], existing: string[], addedColumns: string[], warnings: string[] }>}
 */
async function setupTables(options) {
	const { tables = TABLES, log = () => {} } = options;
	const api = { baseUrl: options.baseUrl, apiKey: options.apiKey };
	const byName = new Map((await listTables(api)).map((existing) => [existing.name, existing]));
	/** @type {{ created: string[], existing: string[], addedColumns: string[], warnings: string[] }} */
	const result = { created: [], existing: [], addedColumns: [], warnings: [] };
	for (const definition of tables) {
		const existing = byName.get(definition.name);
		if (existing) {
			result.existing.push(definition.name);
			const missing = findMissingColumns(definition, existing.columns);
			for (const column of missing) {
				await callPublicApi(
					api,
					'POST',
					`/data-tables/${encodeURIComponent(existing.id)}/columns`,
					column,
				);
				result.addedColumns.push(`${definition.name}.${column.name}`);
				log(`Added column ${column.name} (${column.type}) to Data Table ${definition.name}`);
			}
			const present = [...(existing.columns ?? []), ...missing];
			for (const difference of describeColumnDifferences(definition, present)) {
				const warning = `Data Table ${definition.name}: ${difference}`;
				result.warnings.push(warning);
				log(warning);
			}
			continue;
		}
		await callPublicApi(api, 'POST', '/data-tables', definition);
		result.created.push(definition.name);
		log(`Created Data Table ${definition.name}`);
	}
	return result;
}

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {{ url?: string, apiKey?: string }} */
	const args = { url: process.env.N8N_URL, apiKey: process.env.N8N_API_KEY };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--url') args.url = argv[++i];
		else if (argv[i] === '--api-key') args.apiKey = argv[++i];
		else throw new Error(`Unknown option ${argv[i]}; use --url URL and --api-key KEY`);
	}
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (!args.url || !args.apiKey) {
		console.error('Usage: node scripts/setup-tables.js --url http://127.0.0.1:5678 --api-key KEY');
		console.error('       (or set N8N_URL and N8N_API_KEY)');
		process.exitCode = 2;
		return;
	}
	const result = await setupTables({
		baseUrl: args.url,
		apiKey: args.apiKey,
		log: (line) => console.log(line),
	});
	const existing = result.existing.length ? result.existing.join(', ') : 'none';
	console.log(
		`Created ${result.created.length} Data Tables, added ${result.addedColumns.length} columns; already present: ${existing}`,
	);
	if (result.warnings.length > 0) process.exitCode = 1;
}

module.exports = {
	TABLES,
	setupTables,
	listTables,
	describeColumnDifferences,
	findMissingColumns,
	describeNetworkError,
};

if (require.main === module) {
	main().catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = 1;
	});
}
