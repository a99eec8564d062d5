import { isMissing } from './fieldMapping';

/** One row of the attribute map: the VTEX specification that feeds a marketplace attribute. */
export interface AttributeRule {
	/** VTEX category ID the row applies to; empty for every category. */
	categoryId: string;
	/** Marketplace attribute name, stored under the offer's attributes object. */
	attribute: string;
	/** VTEX specification (field) ID. */
	specId: string;
	required: boolean;
	/** Value used when the SKU has no value for the specification; empty for none. */
	defaultValue: string;
}

function readText(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

/**
 * Reads attribute map rows as the vtex_attribute_map table stores them. Returns undefined when a
 * row lacks its attribute name or specification ID, so the caller can name the fault.
 */
export function readAttributeRules(rows: unknown[]): AttributeRule[] | undefined {
	const rules: AttributeRule[] = [];
	for (const row of rows) {
		if (row === null || typeof row !== 'object') return undefined;
		const record = row as Record<string, unknown>;
		const attribute = readText(record.attribute);
		const specId = readText(record.specId);
		if (attribute === '' || specId === '') return undefined;
		rules.push({
			categoryId: readText(record.categoryId),
			attribute,
			specId,
			required: record.required === true || record.required === 'true',
			defaultValue: readText(record.defaultValue ?? record.default),
		});
	}
	return rules;
}

/**
 * Returns the value of a specification of a SKU context, found by its ID: SKU specifications
 * first, then product specifications. Several values are joined with ", ". Returns undefined
 * when the SKU has no value for it.
 */
export function specificationValue(sku: unknown, specId: string): string | undefined {
	if (sku === null || typeof sku !== 'object') return undefined;
	const context = sku as Record<string, unknown>;
	for (const key of ['SkuSpecifications', 'ProductSpecifications']) {
		const list = context[key];
		if (!Array.isArray(list)) continue;
		for (const entry of list) {
			if (entry === null || typeof entry !== 'object') continue;
			const record = entry as Record<string, unknown>;
			if (readText(record.FieldId ?? record.Id ?? record.id) !== specId) continue;
			const raw = record.FieldValues ?? record.Value ?? record.values;
			const values = (Array.isArray(raw) ? raw : [raw])
				.filter((value) => !isMissing(value))
				.map((value) => String(value).trim());
			if (values.length > 0) return values.join(', ');
		}
	}
	return undefined;
}
