'use strict';

/**
 * Sends VTEX change notifications to a receiver at a fixed rate (open loop) or as fast as it
 * acknowledges them (closed loop), and records each acknowledgement's status and latency.
 */

const { delay } = require('../runtime/process');

/** A notification whose acknowledgement takes longer counts as not acknowledged. */
const REQUEST_TIMEOUT_MS = 30000;

/**
 * Builds a notification in VTEX's own casing for one SKU of the sandbox's account.
 * @param {number} skuId
 * @param {'data' | 'price' | 'stock'} kind
 */
function notificationBody(skuId, kind) {
	return {
		IdSku: String(skuId),
		ProductId: skuId - 500,
		An: 'acmestore',
		IdAffiliate: 'KTZ',
		Version: '00000000000000000000000000000000',
		DateModified: new Date().toISOString(),
		IsActive: true,
		StockModified: kind === 'stock',
		PriceModified: kind === 'price',
		HasStockKeepingUnitModified: kind === 'data',
		HasStockKeepingUnitRemovedFromAffiliate: false,
	};
}

/**
 * POSTs one notification and measures the time to the response.
 * @param {string} url
 * @param {unknown} body
 * @returns {Promise<{ status: number | 'failed', latencyMs: number }>}
 */
async function sendOne(url, body) {
	const started = performance.now();
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
		});
		await response.arrayBuffer();
		return { status: response.status, latencyMs: performance.now() - started };
	} catch {
		return { status: 'failed', latencyMs: performance.now() - started };
	}
}

/**
 * Sends `bodies` at `ratePerSecond`, each at its scheduled time whatever the earlier ones are
 * doing, but with at most `maxInFlight` open requests. `delayedSends` counts the sends that
 * waited for a free slot, so a rate the receiver cannot keep up with shows.
 * @param {{ url: string, bodies: unknown[], ratePerSecond: number, maxInFlight?: number }} options
 */
async function sendAtRate({ url, bodies, ratePerSecond, maxInFlight = 256 }) {
	/** @type {Array<Promise<{ status: number | 'failed', latencyMs: number }>>} */
	const pending = [];
	let inFlight = 0;
	let delayedSends = 0;
	let lastSendMs = 0;
	const started = performance.now();

	for (let index = 0; index < bodies.length; index++) {
		const dueMs = (index * 1000) / ratePerSecond;
		const waitMs = dueMs - (performance.now() - started);
		if (waitMs > 1) await delay(waitMs);

		if (inFlight >= maxInFlight) {
			delayedSends += 1;
			// Bounded: every open request ends within REQUEST_TIMEOUT_MS.
			while (inFlight >= maxInFlight) await delay(2);
		}
		inFlight += 1;
		lastSendMs = performance.now() - started;
		pending.push(
			sendOne(url, bodies[index]).finally(() => {
				inFlight -= 1;
			}),
		);
	}

	const results = await Promise.all(pending);
	// Sends per second between the first and the last send, which responses do not delay.
	const sentPerSecond = bodies.length > 1 ? ((bodies.length - 1) * 1000) / lastSendMs : null;
	return { results, delayedSends, sentPerSecond, seconds: (performance.now() - started) / 1000 };
}

/**
 * Sends `bodies` with `concurrency` requests open at all times, as fast as the receiver
 * acknowledges. No request starts after `maxSeconds`, so `results` may be shorter than
 * `bodies`.
 * @param {{ url: string, bodies: unknown[], concurrency: number, maxSeconds: number }} options
 */
async function sendClosedLoop({ url, bodies, concurrency, maxSeconds }) {
	/** @type {Array<{ status: number | 'failed', latencyMs: number }>} */
	const results = [];
	let next = 0;
	const started = performance.now();
	const deadline = started + maxSeconds * 1000;

	async function worker() {
		while (next < bodies.length && performance.now() < deadline) {
			const index = next++;
			results.push(await sendOne(url, bodies[index]));
		}
	}

	await Promise.all(Array.from({ length: concurrency }, () => worker()));
	return { results, seconds: (performance.now() - started) / 1000 };
}

module.exports = { notificationBody, sendAtRate, sendClosedLoop, REQUEST_TIMEOUT_MS };
