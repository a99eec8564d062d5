'use strict';

/** Reads the workflow templates of workflows/ for tests that check their structure. */

const fs = require('node:fs');
const path = require('node:path');

const WORKFLOWS_DIR = path.resolve(__dirname, '..', '..', 'workflows');

/**
 * Parses one template file.
 * @param {string} fileName e.g. 'setup-tables.json'
 * @returns {{ id: string, name: string, nodes: Array<Record<string, any>>,
 *   connections: Record<string, any> }}
 */
function readTemplate(fileName) {
	return JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, fileName), 'utf8'));
}

module.exports = { readTemplate };
