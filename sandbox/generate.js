'use strict';

/**
 * Deterministic catalog generator behind the scenario field `catalog.generate`.
 *
 * It extends the scenario format for demos. A seed yields the same catalog on every run. The
 * catalog has exact shares of SKUs outside the sales channel, inactive SKUs and SKUs of inactive
 * products, and varied names, prices and stock.
 */

const ADJECTIVES = ['Aurora', 'Basalt', 'Cedar', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor'];
const MATERIALS = ['linen', 'oak', 'steel', 'cotton', 'ceramic', 'wool', 'bamboo', 'glass'];
const NOUNS = ['lamp', 'mug', 'towel', 'chair', 'pillow', 'shelf', 'backpack', 'planter', 'kettle'];

/**
 * Creates a seeded pseudo-random generator (mulberry32) returning floats in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
function createRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * @param {() => number} random
 * @param {number} min inclusive
 * @param {number} max inclusive
 */
function randomInteger(random, min, max) {
	return min + Math.floor(random() * (max - min + 1));
}

/**
 * Validates `catalog.generate` and fills its defaults.
 * @param {unknown} value
 * @returns {{seed: number, outsideSalesChannelPercent: number, inactivePercent: number,
 *   inactiveProductPercent: number}}
 */
function normalizeGenerateOptions(value) {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new Error('catalog.generate must be an object such as {"seed": 7}');
	}
	const options = /** @type {Record<string, unknown>} */ (value);
	const known = ['seed', 'outsideSalesChannelPercent', 'inactivePercent', 'inactiveProductPercent'];
	for (const key of Object.keys(options)) {
		if (!known.includes(key)) {
			throw new Error(`catalog.generate.${key} is not a known field (known: ${known.join(', ')})`);
		}
	}
	const seed = options.seed ?? 1;
	if (!Number.isInteger(seed)) {
		throw new Error(`catalog.generate.seed must be an integer, got ${JSON.stringify(seed)}`);
	}
	/** @param {string} key */
	const readPercent = (key) => {
		const percent = options[key] ?? 0;
		if (typeof percent !== 'number' || percent < 0 || percent > 100) {
			throw new Error(`catalog.generate.${key} must be a number from 0 to 100`);
		}
		return percent;
	};
	const result = {
		seed,
		outsideSalesChannelPercent: readPercent('outsideSalesChannelPercent'),
		inactivePercent: readPercent('inactivePercent'),
		inactiveProductPercent: readPercent('inactiveProductPercent'),
	};
	const total =
		result.outsideSalesChannelPercent + result.inactivePercent + result.inactiveProductPercent;
	if (total > 100) {
		throw new Error(`the percentages of catalog.generate add up to ${total}, above 100`);
	}
	return result;
}

/**
 * Produces per-SKU field overrides for SKUs 1001 .. 1000 + skuCount.
 *
 * The marked groups are disjoint and have exact sizes (percent of skuCount, rounded): SKUs
 * outside the sales channel get `salesChannels` without it, inactive SKUs get `isActive` false,
 * SKUs of inactive products get `isProductActive` false. Every SKU gets a generated name, a
 * price from 9.90 to 499.90 (in cents), a list price equal to the price or up to 50% higher,
 * and a stock from 0 to 60 (about 5% of SKUs at 0).
 *
 * @param {ReturnType<typeof normalizeGenerateOptions>} options
 * @param {number} skuCount
 * @param {number} salesChannel the scenario's sales channel, the one the marked SKUs lack
 * @returns {Map<number, Record<string, unknown>>} overrides keyed by SKU id
 */
function generateCatalogOverrides(options, skuCount, salesChannel) {
	const random = createRandom(options.seed);
	const overrides = new Map();

	for (let k = 1; k <= skuCount; k++) {
		const price = randomInteger(random, 99, 4999) * 10;
		const discounted = random() < 0.3;
		const listPrice = discounted
			? Math.round((price * randomInteger(random, 110, 150)) / 1000) * 10
			: price;
		const outOfStock = random() < 0.05;
		const name = [
			ADJECTIVES[randomInteger(random, 0, ADJECTIVES.length - 1)],
			MATERIALS[randomInteger(random, 0, MATERIALS.length - 1)],
			NOUNS[randomInteger(random, 0, NOUNS.length - 1)],
			String(1000 + k),
		].join(' ');
		overrides.set(1000 + k, {
			name,
			price,
			listPrice,
			stock: outOfStock ? 0 : randomInteger(random, 1, 60),
		});
	}

	// A seeded Fisher-Yates shuffle picks the marked SKUs, so the groups are exact and disjoint.
	const ids = Array.from({ length: skuCount }, (_, index) => 1001 + index);
	for (let i = ids.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[ids[i], ids[j]] = [ids[j], ids[i]];
	}
	const outsideCount = Math.round((skuCount * options.outsideSalesChannelPercent) / 100);
	const inactiveCount = Math.round((skuCount * options.inactivePercent) / 100);
	const inactiveProductCount = Math.round((skuCount * options.inactiveProductPercent) / 100);
	const otherChannel = salesChannel === 1 ? 3 : 1;

	let cursor = 0;
	for (const id of ids.slice(cursor, cursor + outsideCount)) {
		overrides.get(id).salesChannels = [otherChannel];
	}
	cursor += outsideCount;
	for (const id of ids.slice(cursor, cursor + inactiveCount)) {
		overrides.get(id).isActive = false;
	}
	cursor += inactiveCount;
	for (const id of ids.slice(cursor, cursor + inactiveProductCount)) {
		overrides.get(id).isProductActive = false;
	}
	return overrides;
}

module.exports = { createRandom, normalizeGenerateOptions, generateCatalogOverrides };
