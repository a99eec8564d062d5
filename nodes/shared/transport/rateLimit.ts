import { sleep } from 'n8n-workflow';

import { MAX_RETRY_AFTER_SECONDS } from './retry';
import type { RouteFamily } from './routes';

/**
 * Requests per second per account and route family. Where VTEX publishes a limit the default
 * is 90% of it (Catalog: 15,000 per minute per endpoint; Pricing writes: 2,000 per minute).
 * VTEX publishes no limit for the other families, so their defaults are conservative guesses.
 */
export const DEFAULT_REQUESTS_PER_SECOND: Record<RouteFamily, number> = {
	catalog: 225,
	simulation: 20,
	pricingRead: 20,
	pricingWrite: 30,
	logistics: 15,
	mapper: 5,
	affiliate: 5,
};

/** Lowest share of the configured rate that repeated 429 responses can slow a pacer down to. */
const MIN_SLOWDOWN = 0.1;
/** Share of the budget left, as reported by Ratelimit-Remaining, below which pacing follows the refill rate. */
const LOW_BUDGET_SHARE = 0.25;
const MAX_ACQUIRE_PASSES = 5;
/**
 * 429s that arrive within this time of a slowdown belong to the same episode. They respond to
 * requests that were already in flight, so they must not halve the rate again.
 */
const THROTTLE_EPISODE_MS = 1000;

export interface RateLimitHeaders {
	limit?: number;
	remaining?: number;
	resetSeconds?: number;
}

/**
 * Spaces requests evenly at a rate that adapts to the server. The rate halves once per burst of
 * 429s and recovers by 2% per success. When the remaining budget is low, it follows the refill
 * rate that the Ratelimit-* headers imply, and every request waits while a Retry-After runs.
 */
export class RequestPacer {
	private configuredRate: number;
	private slowdown = 1;
	private headerRate = Infinity;
	private headerRateUntil = 0;
	private nextSlotAt = 0;
	private blockedUntil = 0;
	private lastSlowdownAt = -Infinity;

	constructor(
		requestsPerSecond: number,
		private readonly now: () => number = Date.now,
	) {
		this.configuredRate = requestsPerSecond;
	}

	setRate(requestsPerSecond: number): void {
		this.configuredRate = requestsPerSecond;
	}

	currentRate(): number {
		const adaptive = this.configuredRate * this.slowdown;
		if (this.now() < this.headerRateUntil) return Math.min(adaptive, this.headerRate);
		return adaptive;
	}

	/** Books the next free send time and returns how many milliseconds to wait for it. */
	reserve(): number {
		const now = this.now();
		const interval = 1000 / this.currentRate();
		const slot = Math.max(now, this.nextSlotAt, this.blockedUntil);
		this.nextSlotAt = slot + interval;
		return slot - now;
	}

	/** Waits for a send slot; a Retry-After wait that starts meanwhile delays the request again. */
	async acquire(): Promise<void> {
		for (let pass = 0; pass < MAX_ACQUIRE_PASSES; pass++) {
			const delay = this.reserve();
			if (delay > 0) await sleep(delay);
			if (this.now() >= this.blockedUntil) return;
		}
	}

	/**
	 * Halves the rate once per throttling episode and delays every request by Retry-After,
	 * capped at MAX_RETRY_AFTER_SECONDS.
	 */
	onThrottled(retryAfterMs: number): void {
		const now = this.now();
		const holdMs = Math.min(retryAfterMs, MAX_RETRY_AFTER_SECONDS * 1000);

		if (now - this.lastSlowdownAt >= THROTTLE_EPISODE_MS) {
			this.slowdown = Math.max(MIN_SLOWDOWN, this.slowdown / 2);
			this.lastSlowdownAt = now;
		}

		this.blockedUntil = Math.max(this.blockedUntil, now + holdMs);
	}

	onSuccess(): void {
		if (this.slowdown < 1) this.slowdown = Math.min(1, this.slowdown * 1.02);
	}

	onRateLimitHeaders({ limit, remaining, resetSeconds }: RateLimitHeaders): void {
		if (limit === undefined || remaining === undefined || resetSeconds === undefined) return;
		if (limit <= 0) return;

		if (remaining > limit * LOW_BUDGET_SHARE) {
			this.headerRateUntil = 0;
			return;
		}

		// Ratelimit-Reset is the time until the budget is full again, so the spent part of the
		// budget over that time is the refill rate. Pacing slightly below it keeps a margin.
		const refillRate = (limit - remaining) / Math.max(resetSeconds, 1);
		this.headerRate = Math.max(0.5, refillRate * 0.9);
		this.headerRateUntil = this.now() + Math.max(resetSeconds, 1) * 1000;
	}
}

/** Pacers shared by every execution in this process, keyed by account and route family. */
const pacers = new Map<string, RequestPacer>();

/**
 * Returns this process's pacer of an account and route family. The rate is `rate` (or the
 * family's default) divided by `processCount`, the number of n8n processes that share the
 * account's limits, because each process paces on its own.
 */
export function getPacer(
	accountName: string,
	family: RouteFamily,
	rate?: number,
	processCount = 1,
): RequestPacer {
	const key = `${accountName.toLowerCase()}|${family}`;
	const accountRate = rate && rate > 0 ? rate : DEFAULT_REQUESTS_PER_SECOND[family];
	const requestsPerSecond = accountRate / Math.max(1, processCount);
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new RequestPacer(requestsPerSecond);
		pacers.set(key, pacer);
	} else {
		pacer.setRate(requestsPerSecond);
	}
	return pacer;
}

/** Forgets all pacing state; tests use it to start each case from a fresh budget. */
export function resetPacers(): void {
	pacers.clear();
}
