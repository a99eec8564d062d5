'use strict';

const { HttpError } = require('./common');

/**
 * Finds the SKU that owns an image file id, or null.
 * @param {import('../runtime').Runtime} runtime
 * @param {string} fileId
 * @returns {{skuId: number, bytes: number} | null}
 */
function findImageOwner(runtime, fileId) {
	for (const sku of runtime.scenario.skus.values()) {
		const image = sku.images.find((candidate) => String(candidate.fileId) === fileId);
		if (image) return { skuId: sku.id, bytes: image.bytes };
	}
	return null;
}

/**
 * Builds the bytes of an image file: a JPEG start marker, then byte i = (i + fileId) mod 256,
 * then a JPEG end marker. Tests recompute the same bytes to check a transfer.
 * @param {number} fileId
 * @param {number} size total bytes, at least 5
 */
function imageBytes(fileId, size) {
	const bytes = Buffer.alloc(size);
	bytes[0] = 0xff;
	bytes[1] = 0xd8;
	bytes[2] = 0xff;
	for (let i = 3; i < size - 2; i++) bytes[i] = (i + fileId) % 256;
	bytes[size - 2] = 0xff;
	bytes[size - 1] = 0xd9;
	return bytes;
}

/**
 * Serves an image file without the key pair, as VTEX's CDN does. The journal keeps the request
 * headers, so a test can check that no key reached the image host.
 * @type {import('./common').Route}
 */
const imageFile = {
	key: 'imageFile',
	method: 'GET',
	pattern: /^\/arquivos\/ids\/(?<fileId>\d+)(?:-\d+-\d+)?\/(?<fileName>[^/]+)$/,
	vtex: false,
	skus({ runtime, params }) {
		const owner = findImageOwner(runtime, params.fileId);
		return owner ? [String(owner.skuId)] : [];
	},
	handle({ runtime, params }) {
		const owner = findImageOwner(runtime, params.fileId);
		if (!owner) throw new HttpError(404, `Image file ${params.fileId} not found.`);
		return {
			status: 200,
			headers: { 'Content-Type': 'image/jpeg' },
			body: imageBytes(Number(params.fileId), owner.bytes),
		};
	},
};

module.exports = { routes: [imageFile], imageBytes };
