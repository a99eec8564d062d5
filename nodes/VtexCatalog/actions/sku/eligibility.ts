import { createLogEntry } from '../../../shared/logEntry';
import type { LogEntry } from '../../../shared/logEntry';

/** Reason codes in `ineligibleReasons`, stable for templates that count skipped SKUs. */
export type IneligibleReason = 'notFound' | 'skuInactive' | 'productInactive' | 'notInSalesChannel';

export interface SkuContext {
	Id?: number;
	ProductId?: number;
	IsActive?: boolean;
	IsProductActive?: boolean;
	SalesChannels?: Array<number | string>;
	[key: string]: unknown;
}

export interface Eligibility {
	eligible: boolean;
	ineligibleReasons: IneligibleReason[];
	logEntries: LogEntry[];
}

function alert(skuId: string, businessMessage: string): LogEntry {
	return createLogEntry({
		skuId,
		status: 'Alert',
		operation: 'Catalog change',
		messageCode: 'A2',
		businessMessage,
	});
}

/**
 * Runs the catalog checks of VTEX's marketplace guide on a SKU context: the SKU is active,
 * its product is active, and the sales channel is among the SKU's sales channels. Every
 * failed check is reported, not only the first.
 */
export function checkEligibility(
	skuId: string,
	context: SkuContext,
	salesChannel: string,
): Eligibility {
	const reasons: IneligibleReason[] = [];
	const logEntries: LogEntry[] = [];

	if (context.IsActive !== true) {
		reasons.push('skuInactive');
		logEntries.push(
			alert(
				skuId,
				`SKU ${skuId} is inactive in VTEX, so it is not offered. Check "Activate SKU if possible" in the SKU form, and that the SKU has an image, a price and a carrier.`,
			),
		);
	}

	if (context.IsProductActive !== true) {
		reasons.push('productInactive');
		logEntries.push(
			alert(
				skuId,
				`Product ${context.ProductId ?? 'unknown'} of SKU ${skuId} is inactive in VTEX, so the SKU is not offered although the SKU itself may be active. Activate the product in the catalog.`,
			),
		);
	}

	const channels = (context.SalesChannels ?? []).map((channel) => String(channel));
	if (!channels.includes(salesChannel)) {
		reasons.push('notInSalesChannel');
		logEntries.push(
			alert(
				skuId,
				`SKU ${skuId} is not in sales channel ${salesChannel}, so it is not offered. Add the sales channel to the product in the catalog.`,
			),
		);
	}

	return { eligible: reasons.length === 0, ineligibleReasons: reasons, logEntries };
}

export function notFoundEligibility(skuId: string): Eligibility {
	return {
		eligible: false,
		ineligibleReasons: ['notFound'],
		logEntries: [
			alert(
				skuId,
				`SKU ${skuId} was not found in VTEX; it may have been removed from the catalog.`,
			),
		],
	};
}
