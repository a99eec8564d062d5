'use strict';

/**
 * Reading VTEX's OpenAPI files for the contract test. The files are not part of the package:
 * they are read from the folder `shared/vtex-openapi` next to the repository checkout, or from
 * the folder that the environment variable VTEX_OPENAPI_DIR names.
 */

const fs = require('node:fs');
const path = require('node:path');

/** Returns the folder of the OpenAPI files, or null when it does not exist. */
function openapiFolder() {
	const folder =
		process.env.VTEX_OPENAPI_DIR ??
		path.resolve(__dirname, '..', '..', '..', 'shared', 'vtex-openapi');
	return fs.existsSync(folder) ? folder : null;
}

/**
 * @param {string} folder
 * @param {string} file such as `catalog.json`
 */
function loadSpec(folder, file) {
	return JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
}

/**
 * Follows local `$ref` pointers (`#/components/...`) until a schema without one.
 * @param {any} document
 * @param {any} schema
 */
function resolveSchema(document, schema) {
	let current = schema;
	for (let depth = 0; current && current.$ref && depth < 32; depth++) {
		const pointer = String(current.$ref);
		if (!pointer.startsWith('#/')) throw new Error(`external $ref ${pointer} is not supported`);
		current = pointer
			.slice(2)
			.split('/')
			.reduce((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
		if (current === undefined) throw new Error(`$ref ${pointer} points at nothing`);
	}
	return current;
}

/**
 * Returns the response of an operation: its declared statuses and the JSON schema of one.
 * @param {any} document
 * @param {string} method lower-case, such as `get`
 * @param {string} pathKey the literal key under `paths`
 * @param {number} status
 * @returns {{statuses: string[], schema: any | null}}
 */
function responseSchema(document, method, pathKey, status) {
	const operation = document.paths?.[pathKey]?.[method];
	if (!operation) throw new Error(`the spec has no operation ${method.toUpperCase()} ${pathKey}`);
	const responses = operation.responses ?? {};
	const response = resolveSchema(document, responses[String(status)]);
	const content = response?.content ?? {};
	const json = Object.entries(content).find(([type]) => type.includes('json'));
	return { statuses: Object.keys(responses), schema: json?.[1]?.schema ?? null };
}

/**
 * Lists the required fields that a value lacks, as paths such as `items[0].offerings`.
 *
 * Objects are checked for `required` and then recursively for each property present, arrays
 * for each element. `allOf` adds the requirements of every branch. `oneOf` and `anyOf` pass
 * when one branch passes. A required field whose value is null counts as present.
 *
 * @param {any} document
 * @param {any} schema
 * @param {unknown} value
 * @param {string} [where]
 * @returns {string[]}
 */
function missingRequiredFields(document, schema, value, where = '') {
	const resolved = resolveSchema(document, schema);
	if (!resolved || value === null || value === undefined) return [];

	/** @type {string[]} */
	const missing = [];
	for (const branch of resolved.allOf ?? []) {
		missing.push(...missingRequiredFields(document, branch, value, where));
	}
	for (const keyword of ['oneOf', 'anyOf']) {
		const branches = resolved[keyword];
		if (!branches) continue;
		const results = branches.map((branch) => missingRequiredFields(document, branch, value, where));
		if (!results.some((result) => result.length === 0)) missing.push(...results[0]);
	}

	if (Array.isArray(value)) {
		if (resolved.items) {
			value.forEach((element, index) => {
				missing.push(
					...missingRequiredFields(document, resolved.items, element, `${where}[${index}]`),
				);
			});
		}
		return missing;
	}
	if (typeof value !== 'object') return missing;

	const record = /** @type {Record<string, unknown>} */ (value);
	for (const field of resolved.required ?? []) {
		if (!(field in record)) missing.push(where ? `${where}.${field}` : field);
	}
	for (const [field, propertySchema] of Object.entries(resolved.properties ?? {})) {
		if (field in record) {
			const next = where ? `${where}.${field}` : field;
			missing.push(...missingRequiredFields(document, propertySchema, record[field], next));
		}
	}
	return missing;
}

module.exports = { openapiFolder, loadSpec, resolveSchema, responseSchema, missingRequiredFields };
