import get from 'lodash/get';

import { centsToDecimal } from '../../shared/money';

export type FieldTransform =
	| 'rename'
	| 'join'
	| 'centsToDecimal'
	| 'images'
	| 'category'
	| 'specification'
	| 'title';

/** One row of the node's field mapping: where a value comes from and where it goes. */
export interface FieldRule {
	/** Offer field, dotted for nested fields such as attributes.voltage. */
	target: string;
	/** Path in the input item, such as sku.NameComplete; for join, a comma-separated list. */
	source: string;
	transform: FieldTransform;
	/** Separator for join, specification name for specification, max count for images. */
	argument?: string;
	/** Value used when the source is empty; reported with code A3. */
	defaultValue?: string;
}

/** Outcome of one rule: a value, nothing (the source is empty), or a transformation error. */
export type RuleResult = { value: unknown } | { missing: true } | { error: string };

/** Tells whether a value counts as absent: undefined, null, blank text, NaN or an empty list. */
export function isMissing(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (typeof value === 'number') return Number.isNaN(value);
	if (Array.isArray(value)) return value.length === 0;
	return false;
}

function present(value: unknown): RuleResult {
	return isMissing(value) ? { missing: true } : { value };
}

function readImageUrl(image: unknown): string | undefined {
	if (typeof image === 'string') return image.trim() || undefined;
	if (image === null || typeof image !== 'object') return undefined;
	const record = image as Record<string, unknown>;
	for (const key of ['ImageUrl', 'imageUrl', 'url', 'Url', 'URL']) {
		if (typeof record[key] === 'string' && record[key] !== '') return record[key] as string;
	}
	return undefined;
}

function applyImages(value: unknown, argument: string | undefined): RuleResult {
	if (isMissing(value)) return { missing: true };
	const list = Array.isArray(value) ? value : [value];
	const urls = list.map(readImageUrl).filter((url): url is string => url !== undefined);
	const limit = Number(argument);
	const selected = argument && Number.isInteger(limit) && limit > 0 ? urls.slice(0, limit) : urls;
	return present(selected);
}

function applyCents(value: unknown, source: string): RuleResult {
	if (isMissing(value)) return { missing: true };
	const number = typeof value === 'string' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		return { error: `${source} is ${JSON.stringify(value)}, not an amount in cents` };
	}
	return { value: centsToDecimal(number) };
}

function applyJoin(json: Record<string, unknown>, source: string, separator: string): RuleResult {
	const parts = source
		.split(',')
		.map((path) => path.trim())
		.filter((path) => path !== '')
		.map((path) => get(json, path))
		.filter((part) => !isMissing(part))
		.map((part) => (Array.isArray(part) ? part.join(separator) : String(part).trim()));
	return present(parts.join(separator));
}

interface Specification {
	name: string;
	values: string[];
}

/** Reads the specification lists of a SKU context, or a list given directly. */
function readSpecifications(value: unknown): Specification[] {
	let lists: unknown[] = [];
	if (Array.isArray(value)) {
		lists = value;
	} else if (value !== null && typeof value === 'object') {
		const record = value as Record<string, unknown>;
		for (const key of ['SkuSpecifications', 'ProductSpecifications', 'specifications']) {
			if (Array.isArray(record[key])) lists = lists.concat(record[key] as unknown[]);
		}
	}

	const result: Specification[] = [];
	for (const entry of lists) {
		if (entry === null || typeof entry !== 'object') continue;
		const record = entry as Record<string, unknown>;
		const name = record.FieldName ?? record.Name ?? record.name;
		const raw = record.FieldValues ?? record.Value ?? record.values ?? record.value;
		if (typeof name !== 'string') continue;
		const values = (Array.isArray(raw) ? raw : [raw])
			.filter((item) => !isMissing(item))
			.map((item) => String(item).trim());
		result.push({ name, values });
	}
	return result;
}

function applySpecification(value: unknown, name: string | undefined): RuleResult {
	if (!name || name.trim() === '') {
		return { error: 'the specification transform needs the specification name as its argument' };
	}
	const expectedName = name.trim().toLowerCase();
	// SKU specifications come first, so a SKU value overrides its product's value.
	const match = readSpecifications(value).find(
		(specification) => specification.name.trim().toLowerCase() === expectedName,
	);
	return present(match?.values.join(', '));
}

/**
 * Builds an offer title from a SKU context. VTEX's NameComplete is the product name followed by
 * the SKU name, so a SKU named with the full name ("Brisa fan, white" in product "Brisa fan")
 * would repeat the product name. Such a SKU name is used alone.
 */
function applyTitle(value: unknown): RuleResult {
	if (value === null || typeof value !== 'object') return present(value);
	const context = value as Record<string, unknown>;
	const productName = typeof context.ProductName === 'string' ? context.ProductName.trim() : '';
	const skuName = typeof context.SkuName === 'string' ? context.SkuName.trim() : '';
	if (productName !== '' && skuName.toLowerCase().startsWith(productName.toLowerCase())) {
		return present(skuName);
	}
	return present(context.NameComplete);
}

/**
 * Reads the VTEX category ID from a SKU context field: a number, an ID text, a path such as
 * "/1/21/" (the last ID is the SKU's own category), or a list whose last entry is used.
 */
export function readVtexCategoryId(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (Array.isArray(value))
		return value.length ? readVtexCategoryId(value[value.length - 1]) : undefined;
	if (typeof value !== 'string') return undefined;
	const ids = value
		.split('/')
		.map((part) => part.trim())
		.filter((part) => part !== '');
	return ids.length ? ids[ids.length - 1] : undefined;
}

/**
 * Applies every transform except category, which needs the category map and is resolved by
 * the caller from readVtexCategoryId.
 */
export function applyRule(json: Record<string, unknown>, rule: FieldRule): RuleResult {
	const source = rule.source.trim();
	switch (rule.transform) {
		case 'rename':
			return present(get(json, source));
		case 'join':
			return applyJoin(json, source, rule.argument === undefined ? ' ' : rule.argument);
		case 'centsToDecimal':
			return applyCents(get(json, source), source);
		case 'images':
			return applyImages(get(json, source), rule.argument);
		case 'title':
			return applyTitle(source === '' ? json : get(json, source));
		case 'specification':
			return applySpecification(source === '' ? json : get(json, source), rule.argument);
		case 'category': {
			const id = readVtexCategoryId(get(json, source));
			return id === undefined ? { missing: true } : { value: id };
		}
		default:
			return { error: `unknown transform "${String(rule.transform)}"` };
	}
}
