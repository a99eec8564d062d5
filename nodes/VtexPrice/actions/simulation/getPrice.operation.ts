import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { LogEntry } from '../../../shared/logEntry';
import { centsToDecimal } from '../../../shared/money';
import { executeSimulation } from '../../../shared/simulation';
import type { SimulatedSku } from '../../../shared/simulation';
import {
	batchSizeOption,
	bypassCacheOption,
	countryOption,
	readSimulationParameters,
	rereadDelayOption,
	simulationProperties,
	simulationRateOption,
} from '../../../shared/simulationDescription';
import { checkPrice, priceCheckEntry, priceRereadEntry } from '../../helpers/priceGuard';

const properties: INodeProperties[] = [
	...simulationProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			batchSizeOption,
			bypassCacheOption,
			countryOption,
			{
				displayName: 'Include Stock',
				name: 'includeStock',
				type: 'boolean',
				default: false,
				description:
					'Whether to add "stock", the units the simulation can serve, read from the same request',
			},
			rereadDelayOption,
			simulationRateOption,
			{
				displayName: 'Check Prices',
				name: 'checkPrices',
				type: 'boolean',
				default: false,
				description:
					'Whether to add "sendable" and "priceIssues": a price that is not above zero, a list price below the price, or a drop beyond Max Drop Percent is not sendable and gets one Alert log entry (A5)',
			},
			{
				displayName: 'Max Drop Percent',
				name: 'maxDropPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
				default: 0,
				description:
					'With Check Prices, the largest drop against Last Price Sent, in percent, that is still sendable. 0 turns the rule off.',
			},
			{
				displayName: 'Last Price Sent',
				name: 'lastPriceSent',
				type: 'string',
				default: '',
				placeholder: '={{ $json.lastPrice }}',
				description:
					'With Check Prices, the price last sent to the marketplace for this SKU, in currency units, such as a value read from a Data Table. Empty skips the drop rule for the SKU.',
			},
		],
	},
];

const displayOptions = { show: { resource: ['simulation'], operation: ['getPrice'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Converts the simulation's cents into the fields of the output item. `listPrice` is null when
 * it equals the price, so a marketplace shows no strike-through price then.
 */
export function priceFields(result: SimulatedSku, includeStock: boolean): IDataObject {
	const price = result.priceCents === null ? null : centsToDecimal(result.priceCents);
	const listPrice = result.listPriceCents === null ? null : centsToDecimal(result.listPriceCents);
	const fields: IDataObject = {
		price,
		listPrice: listPrice === null || listPrice === price ? null : listPrice,
		priceValidUntil: result.priceValidUntil,
		availableInSimulation: result.available,
	};
	if (includeStock) fields.stock = result.stock;
	return fields;
}

interface PriceOptionValues {
	includeStock?: boolean;
	checkPrices?: boolean;
	maxDropPercent?: unknown;
	lastPriceSent?: unknown;
	rereadDelaySeconds?: number;
}

function readPercent(context: IExecuteFunctions, value: unknown, itemIndex: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (number === undefined || number === null || number === '') return 0;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > 100) {
		throw new NodeOperationError(
			context.getNode(),
			`Invalid Max Drop Percent ${JSON.stringify(value)}: use a number from 0 to 100`,
			{ itemIndex },
		);
	}
	return number;
}

function readLastPriceSent(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): number | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string' && value.trim() === '') return null;
	const number = typeof value === 'string' ? Number(value.trim().replace(',', '.')) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw new NodeOperationError(
			context.getNode(),
			`Invalid Last Price Sent ${JSON.stringify(value)}: use a number in currency units, such as 49.9, or leave it empty`,
			{ itemIndex },
		);
	}
	return number;
}

function decimalOrNull(cents: number | null): number | null {
	return cents === null ? null : centsToDecimal(cents);
}

/** Creates the A6 entry when the two reads of a SKU returned different prices. */
function compareReads(
	result: SimulatedSku,
	firstRead: SimulatedSku,
	delaySeconds: number,
): LogEntry | undefined {
	if (!result.available || !firstRead.available) return undefined;
	if (
		result.priceCents === firstRead.priceCents &&
		result.listPriceCents === firstRead.listPriceCents
	) {
		return undefined;
	}
	const toPrices = (read: SimulatedSku) => ({
		price: decimalOrNull(read.priceCents),
		listPrice: decimalOrNull(read.listPriceCents),
	});
	return priceRereadEntry(result.skuId, toPrices(firstRead), toPrices(result), delaySeconds);
}

/**
 * Applies the price check to an available SKU: adds `sendable` and `priceIssues`, and returns
 * the Alert entry when a rule is broken. A SKU missing from the simulation is not sendable and
 * already carries its A1 entry.
 */
function applyPriceCheck(
	context: IExecuteFunctions,
	result: SimulatedSku,
	fields: IDataObject,
	options: PriceOptionValues,
	itemIndex: number,
): LogEntry | undefined {
	const maxDropPercent = readPercent(context, options.maxDropPercent, itemIndex);
	const lastPriceSent = readLastPriceSent(context, options.lastPriceSent, itemIndex);
	if (!result.available || result.priceCents === null) {
		fields.sendable = false;
		fields.priceIssues = [];
		return undefined;
	}

	const violations = checkPrice(
		{
			skuId: result.skuId,
			price: centsToDecimal(result.priceCents),
			listPrice: decimalOrNull(result.listPriceCents),
			lastPriceSent,
		},
		maxDropPercent,
	);
	fields.sendable = violations.length === 0;
	fields.priceIssues = violations.map((violation) => violation.rule);
	return violations.length === 0 ? undefined : priceCheckEntry(result.skuId, violations);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await executeSimulation.call(this, items, {
		operation: 'Price update',
		readParameters: readSimulationParameters,
		toOutput: (result, itemIndex, firstRead) => {
			if (result.invalidAmount !== undefined) {
				throw new NodeOperationError(
					this.getNode(),
					`Invalid ${result.invalidAmount} for SKU ${result.skuId} in the VTEX simulation response: expected an amount in cents`,
					{
						itemIndex,
						description:
							'VTEX sends prices as whole numbers of cents. Run the workflow again, and contact VTEX support if the value stays the same.',
					},
				);
			}
			const options = this.getNodeParameter('options', itemIndex, {}) as PriceOptionValues;
			const fields = priceFields(result, options.includeStock === true);
			const logEntries: LogEntry[] = [];

			if (firstRead !== undefined) {
				const entry = compareReads(result, firstRead, Number(options.rereadDelaySeconds ?? 0));
				fields.priceChangedOnReread = entry !== undefined;
				if (entry) logEntries.push(entry);
			}
			if (options.checkPrices === true) {
				const entry = applyPriceCheck(this, result, fields, options, itemIndex);
				if (entry) logEntries.push(entry);
			}
			return { fields, logEntries };
		},
	});
}
