'use strict';

/**
 * Builds and packs this package, and installs the tarball into a user folder the way n8n's
 * community-package installer lays it out (`<userFolder>/.n8n/nodes/node_modules/<name>`).
 */

const fs = require('node:fs');
const path = require('node:path');
const { runCommand } = require('./process');

const REPO_DIR = path.resolve(__dirname, '..', '..');

/**
 * Runs `npm run build` and `npm pack` in the repository.
 * @param {{ repoDir?: string, destDir: string, build?: boolean }} options
 * @returns {Promise<string>} absolute path of the tarball
 */
async function buildAndPack({ repoDir = REPO_DIR, destDir, build = true }) {
	if (build) await runCommand('npm', ['run', 'build'], { cwd: repoDir });
	fs.mkdirSync(destDir, { recursive: true });
	const { stdout } = await runCommand('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: repoDir,
	});
	// npm prints the JSON report last; earlier lines may contain notices.
	const report = JSON.parse(stdout.slice(stdout.indexOf('[')));
	return path.join(destDir, report[0].filename);
}

/**
 * Installs a package tarball into `<userFolder>/.n8n/nodes`, where n8n loads community packages
 * at start. n8n-workflow is a peer dependency provided by n8n, so peers are omitted.
 * @param {{ userFolder: string, tarball: string }} options
 */
async function installIntoUserFolder({ userFolder, tarball }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true }));
	}
	// The package has no dependencies, so npm only needs its cache for the peer's metadata.
	const args = ['install', '--no-audit', '--no-fund', '--omit=peer', '--ignore-scripts'];
	args.push('--prefer-offline', tarball);
	await runCommand('npm', args, { cwd: nodesDir });
	return nodesDir;
}

module.exports = { REPO_DIR, buildAndPack, installIntoUserFolder };
