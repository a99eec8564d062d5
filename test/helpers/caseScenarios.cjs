'use strict';

/** Reads the scenario files of the case folders next to the repository. */

const fs = require('node:fs');
const path = require('node:path');
const { sharedFolder } = require('./sandbox.cjs');

/**
 * Lists every `scenario*.json` of every case folder, sorted by path, or null when the case
 * folders are not next to the repository.
 * @returns {{ name: string, scenario: unknown }[] | null}
 */
function readCaseScenarios() {
	const cases = sharedFolder('cases');
	if (cases === null) return null;
	const found = [];
	for (const folder of fs.readdirSync(cases).sort()) {
		const folderPath = path.join(cases, folder);
		if (!fs.statSync(folderPath).isDirectory()) continue;
		for (const file of fs.readdirSync(folderPath).sort()) {
			if (!/^scenario.*\.json$/.test(file)) continue;
			const text = fs.readFileSync(path.join(folderPath, file), 'utf8');
			found.push({ name: `${folder}/${file}`, scenario: JSON.parse(text) });
		}
	}
	return found;
}

module.exports = { readCaseScenarios };
