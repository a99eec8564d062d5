import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { RequestPacer } from '../../../shared/transport/rateLimit';
import {
	backoffMs,
	isRetryableStatus,
	parseRetryAfter,
	readHeader,
} from '../../../shared/transport/retry';
import type { HeaderMap } from '../../../shared/transport/retry';

const REQUEST_TIMEOUT_MS = 60_000;
const MAX_IMAGE_ATTEMPTS = 3;

/** Pacers per image host, shared by every execution in this process. */
const imagePacers = new Map<string, RequestPacer>();

function pacerFor(host: string, requestsPerSecond: number): RequestPacer {
	let pacer = imagePacers.get(host);
	if (!pacer) {
		pacer = new RequestPacer(requestsPerSecond);
		imagePacers.set(host, pacer);
	} else {
		pacer.setRate(requestsPerSecond);
	}
	return pacer;
}

const MIME_BY_EXTENSION: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp',
	avif: 'image/avif',
	svg: 'image/svg+xml',
};

export interface DownloadedImage {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

export interface ImageLimits {
	maxBytes: number;
	requestsPerSecond: number;
}

/** Returns the image URL of an entry of a SKU context's Images list, or of a plain URL. */
export function readImageUrl(image: unknown): string | undefined {
	if (typeof image === 'string') return image.trim() || undefined;
	if (image === null || typeof image !== 'object') return undefined;
	const record = image as Record<string, unknown>;
	for (const key of ['ImageUrl', 'imageUrl', 'url', 'Url']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return undefined;
}

function fileNameOf(url: URL, fallback: string): string {
	const last = url.pathname
		.split('/')
		.filter((part) => part !== '')
		.pop();
	if (!last) return fallback;
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}

function mimeTypeOf(headers: HeaderMap, fileName: string): string {
	const header = readHeader(headers, 'content-type')?.split(';')[0].trim().toLowerCase();
	if (header && header.startsWith('image/')) return header;
	const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
	return MIME_BY_EXTENSION[extension] ?? header ?? 'application/octet-stream';
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'binary');
	return Buffer.alloc(0);
}

/**
 * Downloads one image with n8n's plain HTTP helper, so no VTEX credential header goes to the
 * image host. Retries 429 and 5xx responses, paced per host.
 */
export async function downloadImage(
	context: IExecuteFunctions,
	rawUrl: string,
	label: string,
	fallbackName: string,
	limits: ImageLimits,
	itemIndex: number,
): Promise<DownloadedImage> {
	let url: URL;
	try {
		url = new URL(rawUrl);
	} catch {
		throw new NodeOperationError(context.getNode(), `Invalid URL "${rawUrl}" for ${label}`, {
			itemIndex,
		});
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new NodeOperationError(
			context.getNode(),
			`Invalid URL "${rawUrl}" for ${label}: use http or https`,
			{
				itemIndex,
			},
		);
	}
	const pacer = pacerFor(url.host, limits.requestsPerSecond);

	for (let attempt = 1; attempt <= MAX_IMAGE_ATTEMPTS; attempt++) {
		await pacer.acquire();
		const response = (await context.helpers.httpRequest({
			method: 'GET',
			url: url.href,
			encoding: 'arraybuffer',
			headers: { Accept: 'image/*' },
			timeout: REQUEST_TIMEOUT_MS,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { body: unknown; headers: HeaderMap; statusCode: number };

		const status = response.statusCode;
		if (isRetryableStatus(status) && attempt < MAX_IMAGE_ATTEMPTS) {
			const retryAfterMs = parseRetryAfter(response.headers);
			if (status === 429) pacer.onThrottled(retryAfterMs ?? backoffMs(attempt));
			await sleep(backoffMs(attempt, retryAfterMs));
			continue;
		}
		if (status < 200 || status >= 300) {
			throw new NodeOperationError(
				context.getNode(),
				`Could not download ${label} from ${url.href} (HTTP ${status})`,
				{ itemIndex, description: 'Check that the image still exists in the VTEX catalog.' },
			);
		}

		// NOTE: n8n's helper offers no cap on the response size, so the body is checked once it has
		// arrived. The limit keeps oversize files out of the execution data, not off the network.
		const data = toBuffer(response.body);
		if (data.length > limits.maxBytes) {
			throw new NodeOperationError(
				context.getNode(),
				`${capitalize(label)} is ${data.length} bytes, above the limit of ${limits.maxBytes} bytes`,
				{
					itemIndex,
					description: 'Raise Max Image Size in the node options, or use a smaller image.',
				},
			);
		}
		pacer.onSuccess();
		const fileName = fileNameOf(url, fallbackName);
		return { data, fileName, mimeType: mimeTypeOf(response.headers, fileName) };
	}

	// The loop returns or throws on its last attempt; this line satisfies the compiler.
	throw new NodeOperationError(context.getNode(), `No attempt left for ${label}`, { itemIndex });
}
