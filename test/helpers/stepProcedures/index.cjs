'use strict';

/**
 * Registry of the scripted `procedure` steps. Every other file of this folder exports
 * `STEP_PROCEDURES`, an object keyed by the exact step texts of one case, and this file merges
 * them. Two files that script the same text are an error, because the runner could not tell
 * which one a case means.
 */

const fs = require('node:fs');
const path = require('node:path');

/** @typedef {import('../caseRunner.cjs').StepProcedure} StepProcedure */

/**
 * Loads and merges the step procedures of every case file in this folder.
 * @returns {Record<string, StepProcedure>}
 */
function loadStepProcedures() {
	/** @type {Record<string, StepProcedure>} */
	const merged = {};
	const files = fs
		.readdirSync(__dirname)
		.filter((name) => name.endsWith('.cjs') && name !== 'index.cjs')
		.sort();
	for (const name of files) {
		const { STEP_PROCEDURES } = require(path.join(__dirname, name));
		for (const [text, procedure] of Object.entries(STEP_PROCEDURES ?? {})) {
			if (merged[text])
				throw new Error(
					`${name}: step procedure "${text}" is already registered by another file; reword one of the steps`,
				);
			merged[text] = procedure;
		}
	}
	return merged;
}

module.exports = { loadStepProcedures };
