/**
 * Runs n8n's community-package scanner offline: the same ESLint rules that n8n applies before it
 * verifies a package, on the repository sources and on the unpacked `npm pack` tarball.
 * Exits 1 unless both pass and each analysed at least one code file besides package.json.
 *
 * The published scanner (`npx @n8n/scan-community-package <name>`) also checks npm provenance,
 * which only a package published from CI with `npm publish --provenance` can pass.
 */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'glob';
import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Same exclusions as the scanner uses when it lists files. */
const IGNORED = ['node_modules/**', '**/package-lock.json'];

/**
 * Scans one directory and prints the outcome.
 * @param {string} label
 * @param {string} directory
 * @param {string[]} patterns
 * @returns {Promise<boolean>} whether the scan passed with at least one code file analysed
 */
async function scan(label, directory, patterns) {
	const files = glob.sync(patterns, { cwd: directory, ignore: IGNORED });
	const codeFiles = files.filter((file) => path.basename(file) !== 'package.json');
	if (codeFiles.length === 0) {
		console.error(`${label}: no code file matches ${patterns.join(', ')} in ${directory}`);
		return false;
	}
	const result = await analyzePackage(directory, patterns);
	if (!result.passed) {
		console.error(`${label}: failed (${result.message}) after analysing ${files.length} files`);
		if (result.details) console.error(result.details);
		return false;
	}
	console.log(`${label}: passed, ${files.length} files analysed`);
	return true;
}

/**
 * Packs the package and unpacks the tarball into a temporary folder.
 * NOTE: packs the dist/ that exists now; run `npm run build` first.
 * @returns {{ packageDir: string, tempDir: string }}
 */
function unpackTarball() {
	const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vtex-scan-'));
	const output = execFileSync('npm', ['pack', '--json', '--pack-destination', tempDir], {
		cwd: REPO_DIR,
		encoding: 'utf8',
	});
	const [report] = JSON.parse(output.slice(output.indexOf('[')));
	execFileSync('tar', ['-xzf', path.join(tempDir, report.filename), '-C', tempDir]);
	return { packageDir: path.join(tempDir, 'package'), tempDir };
}

async function main() {
	if (!fs.existsSync(path.join(REPO_DIR, 'dist'))) {
		console.error('dist/ is missing: run `npm run build` before `npm run scan`.');
		process.exitCode = 1;
		return;
	}
	const sourcesPassed = await scan('Repository sources', REPO_DIR, [
		'package.json',
		'{nodes,credentials}/**/*.{js,ts,json}',
	]);
	const { packageDir, tempDir } = unpackTarball();
	try {
		const tarballPassed = await scan('Packed tarball', packageDir, ['**/*.js', 'package.json']);
		process.exitCode = sourcesPassed && tarballPassed ? 0 : 1;
	} finally {
		fs.rmSync(tempDir, { recursive: true, force: true });
	}
}

await main();
