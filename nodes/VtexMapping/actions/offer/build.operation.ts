import set from 'lodash/set';
import get from 'lodash/get';
import { NodeOperationError, jsonParse, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { failItem, outputItem } from '../../../shared/items';
import { createLogEntry, readLogEntries } from '../../../shared/logEntry';
import type { LogEntry } from '../../../shared/logEntry';
import { readSkuId } from '../../../shared/simulation';
import { readCategoryMapRows } from '../../helpers/categoryMap';
import { readAttributeRules, specificationValue } from '../../helpers/attributeMap';
import type { AttributeRule } from '../../helpers/attributeMap';
import { applyRule, isMissing, readVtexCategoryId } from '../../helpers/fieldMapping';
import type { FieldRule } from '../../helpers/fieldMapping';
import { buildProperties } from './buildDescription';

const displayOptions = { show: { resource: ['offer'], operation: ['build'] } };

export const description = updateDisplayOptions(displayOptions, buildProperties);

/** Marketplace category per VTEX category ID; empty IDs stand for unmapped categories. */
type CategoryLookup = Map<string, string>;

interface BuildSettings {
	categories: CategoryLookup;
	defaultCategory: string;
	alertOnDefaults: boolean;
	attributes: AttributeRule[];
}

interface BuiltOffer {
	offer: IDataObject;
	vtexCategoryId: string | null;
	marketplaceCategoryId: string | null;
	missingFields: string[];
	logEntries: LogEntry[];
}

function readCategoryLookup(context: IExecuteFunctions): CategoryLookup {
	const raw = context.getNodeParameter('categoryMap', 0, '[]');
	const isEmpty =
		raw === undefined ||
		raw === null ||
		(typeof raw === 'string' && raw.trim() === '') ||
		(typeof raw === 'object' && Object.keys(raw).length === 0);
	if (isEmpty) return new Map();

	const rows = readCategoryMapRows(raw);
	if (rows === undefined) {
		throw new NodeOperationError(context.getNode(), 'Invalid Category Map', {
			description:
				'Give a list of rows with vtexCategoryId and marketplaceCategoryId, or an object from VTEX category ID to marketplace category ID.',
		});
	}
	return new Map(rows.map((row) => [row.vtexCategoryId, row.marketplaceCategoryId]));
}

function readAttributeMap(context: IExecuteFunctions): AttributeRule[] {
	let raw = context.getNodeParameter('attributeMap', 0, '[]');
	if (typeof raw === 'string') {
		if (raw.trim() === '') return [];
		try {
			raw = jsonParse(raw);
		} catch {
			throw new NodeOperationError(context.getNode(), 'Attribute Map is not valid JSON');
		}
	}
	if (raw === undefined || raw === null) return [];
	if (typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 0) return [];
	const rules = Array.isArray(raw) ? readAttributeRules(raw) : undefined;
	if (rules === undefined) {
		throw new NodeOperationError(context.getNode(), 'Invalid Attribute Map', {
			description:
				'Give a list of rows, each with attribute and specId, and optionally categoryId, required and defaultValue.',
		});
	}
	return rules;
}

/**
 * Sets attributes.<name> for each attribute map row of the SKU's category that has a value in
 * VTEX or a default. An attribute without either is left out rather than sent empty, so an update
 * never blanks a value set on the marketplace. Returns the required attributes left out.
 */
function applyAttributes(
	offer: IDataObject,
	json: IDataObject,
	vtexCategoryId: string | null,
	rules: AttributeRule[],
	defaultsUsed: string[],
): string[] {
	const missing: string[] = [];
	for (const rule of rules) {
		if (rule.categoryId !== '' && rule.categoryId !== vtexCategoryId) continue;
		const target = `attributes.${rule.attribute}`;
		let value = specificationValue(json.sku, rule.specId);
		if (value === undefined && rule.defaultValue !== '') {
			value = rule.defaultValue;
			defaultsUsed.push(`${target} → ${rule.defaultValue}`);
		}
		if (value !== undefined) set(offer, ['attributes', rule.attribute], value);
		else if (rule.required) missing.push(target);
	}
	return missing;
}

function readRules(context: IExecuteFunctions, itemIndex: number): FieldRule[] {
	const fields = context.getNodeParameter('fields.field', itemIndex, []) as FieldRule[];
	return fields.map((rule, position) => {
		const target = String(rule.target ?? '').trim();
		if (target === '') {
			throw new NodeOperationError(
				context.getNode(),
				`Field ${position + 1} has no offer field name`,
				{
					itemIndex,
				},
			);
		}
		return { ...rule, target, source: String(rule.source ?? '') };
	});
}

function readRequiredFields(context: IExecuteFunctions, itemIndex: number): string[] {
	const raw = String(context.getNodeParameter('requiredFields', itemIndex, '') ?? '');
	return raw
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field !== '');
}

function entry(
	skuId: string,
	status: LogEntry['status'],
	messageCode: string,
	businessMessage: string,
): LogEntry {
	return createLogEntry({
		skuId,
		status,
		operation: 'Offer creation',
		messageCode,
		businessMessage,
	});
}

/**
 * Applies the field rules to one item and checks the result: transformation errors (E1), a
 * VTEX category without a marketplace category (E4), missing required fields (A4) and, with
 * the Alert on Default Values option, default values used (A3).
 */
function buildOffer(
	skuId: string,
	json: IDataObject,
	rules: FieldRule[],
	required: string[],
	settings: BuildSettings,
): BuiltOffer {
	const offer: IDataObject = {};
	const errors: string[] = [];
	const defaultsUsed: string[] = [];
	const unmappedTargets = new Set<string>();
	let vtexCategoryId: string | null = null;
	let marketplaceCategoryId: string | null = null;
	let unmappedCategory: string | undefined;

	for (const rule of rules) {
		const result = applyRule(json, rule);
		if ('error' in result) {
			errors.push(`${rule.target}: ${result.error}`);
			continue;
		}

		let value: unknown = 'value' in result ? result.value : undefined;
		if (rule.transform === 'category' && value !== undefined) {
			vtexCategoryId = String(value);
			value = undefined;
			if (settings.categories.size > 0) {
				const mapped = settings.categories.get(vtexCategoryId);
				if (mapped) value = mapped;
				else {
					unmappedCategory = vtexCategoryId;
					unmappedTargets.add(rule.target);
				}
			} else if (settings.defaultCategory !== '') {
				value = settings.defaultCategory;
				defaultsUsed.push(`${rule.target} → ${settings.defaultCategory}`);
			} else {
				unmappedCategory = vtexCategoryId;
				unmappedTargets.add(rule.target);
			}
			if (value !== undefined) marketplaceCategoryId = String(value);
		}

		if (value === undefined && rule.defaultValue && rule.defaultValue.trim() !== '') {
			value = rule.defaultValue;
			defaultsUsed.push(`${rule.target} → ${rule.defaultValue}`);
		}
		if (value !== undefined) set(offer, rule.target, value);
	}

	const categoryOfSku = vtexCategoryId ?? readVtexCategoryId(get(json, 'sku.ProductCategoryIds'));
	const missingAttributes = applyAttributes(
		offer,
		json,
		categoryOfSku ?? null,
		settings.attributes,
		defaultsUsed,
	);
	const missingFields = required
		.filter((field) => !unmappedTargets.has(field) && isMissing(get(offer, field)))
		.concat(missingAttributes);
	const logEntries: LogEntry[] = [];

	if (errors.length > 0) {
		logEntries.push(
			entry(
				skuId,
				'Error',
				'E1',
				`The offer for SKU ${skuId} could not be built: ${errors.join('; ')}. Fix the field mapping of the VTEX Mapping node or the SKU data in VTEX.`,
			),
		);
	}
	if (unmappedCategory !== undefined) {
		const reason =
			settings.categories.size > 0
				? 'has no marketplace category in the category map'
				: 'cannot be mapped because the category map is empty and no default category is set';
		logEntries.push(
			entry(
				skuId,
				'Error',
				'E4',
				`VTEX category ${unmappedCategory} of SKU ${skuId} ${reason}, so the SKU stays pending. Map category ${unmappedCategory} in VTEX Mapper; the next retry of pending SKUs publishes it.`,
			),
		);
	}
	if (missingFields.length > 0) {
		const noun = missingFields.length === 1 ? 'field' : 'fields';
		logEntries.push(
			entry(
				skuId,
				'Alert',
				'A4',
				`SKU ${skuId} is missing the required ${noun} ${missingFields.join(', ')}, so no offer is sent. Fill in the ${noun} in VTEX; the next retry of pending SKUs sends the offer.`,
			),
		);
	}
	if (settings.alertOnDefaults && defaultsUsed.length > 0) {
		logEntries.push(
			entry(
				skuId,
				'Alert',
				'A3',
				`The offer for SKU ${skuId} uses marketplace defaults: ${defaultsUsed.join(', ')}.`,
			),
		);
	}

	return { offer, vtexCategoryId, marketplaceCategoryId, missingFields, logEntries };
}

function readProductId(json: IDataObject): string | null {
	const raw = json.productId ?? get(json, 'sku.ProductId');
	return raw === undefined || raw === null || raw === '' ? null : String(raw);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', 0, {}) as { alertOnDefaults?: boolean };
	// The category map is read once: it is the same list for every item.
	const settings: BuildSettings = {
		categories: readCategoryLookup(this),
		defaultCategory: String(this.getNodeParameter('defaultCategory', 0, '') ?? '').trim(),
		alertOnDefaults: options.alertOnDefaults === true,
		attributes: readAttributeMap(this),
	};
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let skuId: string | undefined;
		try {
			skuId = readSkuId(this, itemIndex);
			const input = items[itemIndex].json;
			const rules = readRules(this, itemIndex);
			const required = readRequiredFields(this, itemIndex);
			const built = buildOffer(skuId, input, rules, required, settings);

			// VTEX Price's Check Prices sets `sendable` to false for a price that must not reach the
			// marketplace (not above zero, list price below price, too large a drop). Its Alert
			// entry is already among the input's log entries.
			const priceHeld = input.sendable === false;
			const ready =
				!priceHeld &&
				!built.logEntries.some(
					(logEntry) => logEntry.status === 'Error' || logEntry.messageCode === 'A4',
				);
			const problem = priceHeld
				? readLogEntries(input).find((logEntry) => logEntry.status !== 'Success')
				: built.logEntries.find((logEntry) => logEntry.status !== 'Success');
			const json: IDataObject = {
				skuId,
				productId: readProductId(input),
				vtexCategoryId: built.vtexCategoryId,
				marketplaceCategoryId: built.marketplaceCategoryId,
				offer: built.offer,
				ready,
				idMapStatus: ready ? 'integrated' : 'pending',
				missingFields: built.missingFields,
				lastError: ready
					? ''
					: (problem?.businessMessage ?? `The price of SKU ${skuId} failed the price check.`),
			};
			if (typeof input.eligible === 'boolean') json.eligible = input.eligible;

			const logEntries = [...readLogEntries(input), ...built.logEntries];
			if (logEntries.length > 0) json.logEntries = logEntries as unknown as IDataObject[];
			returnData.push(outputItem(json, itemIndex));
		} catch (error) {
			returnData.push(failItem(this, error, itemIndex, skuId));
		}
	}

	return returnData;
}
