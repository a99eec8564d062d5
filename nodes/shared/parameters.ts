import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

export interface WholeNumberRule {
	/** Parameter name as the node shows it, such as "Batch Size". */
	displayName: string;
	min: number;
	/** Values above it are lowered to it instead of rejected. */
	max?: number;
}

function describeValue(value: unknown): string {
	if (value === undefined || value === null || value === '') return '(empty)';
	return JSON.stringify(value) ?? String(value);
}

/**
 * Converts a parameter value to a whole number of at least `rule.min`, lowered to `rule.max`.
 * An expression can bypass the editor's number checks, and NaN from a text such as "abc"
 * would disable every comparison that uses the value, such as the batch size.
 */
export function toWholeNumber(
	context: IExecuteFunctions,
	value: unknown,
	rule: WholeNumberRule,
	itemIndex: number,
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < rule.min) {
		const range =
			rule.max === undefined ? `${rule.min} or more` : `from ${rule.min} to ${rule.max}`;
		throw new NodeOperationError(
			context.getNode(),
			`Invalid ${rule.displayName} ${describeValue(value)}: use a whole number ${range}`,
			{ itemIndex },
		);
	}
	return rule.max === undefined ? number : Math.min(rule.max, number);
}

/** Reads a whole-number node parameter of one item with the checks of toWholeNumber. */
export function readWholeNumber(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	rule: WholeNumberRule,
): number {
	return toWholeNumber(context, context.getNodeParameter(name, itemIndex), rule, itemIndex);
}
