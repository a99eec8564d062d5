'use strict';

/** Reads the scenario files of the case folders next to the repository, and writes test cases. */

const fs = require('node:fs');
const os = require('node:os');
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

/**
 * Writes a case folder with one scenario.json and one expected.json into a new temporary
 * folder and returns its path, for tests of the case runner itself.
 * @param {unknown} scenario
 * @param {unknown} expected
 * @returns {string}
 */
function writeTemporaryCase(scenario, expected) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vtex-case-'));
	fs.writeFileSync(path.join(folder, 'scenario.json'), JSON.stringify(scenario));
	fs.writeFileSync(path.join(folder, 'expected.json'), JSON.stringify(expected));
	return folder;
}

/**
 * Removes a folder that writeTemporaryCase created.
 * @param {string} folder
 */
function removeTemporaryCase(folder) {
	fs.rmSync(folder, { recursive: true, force: true });
}

module.exports = { readCaseScenarios, writeTemporaryCase, removeTemporaryCase };
