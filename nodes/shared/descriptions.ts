import type { INodeProperties } from 'n8n-workflow';

/** Sales channel (trade policy) picker, loaded from VTEX, that also accepts an expression. */
export const salesChannelProperty: INodeProperties = {
	displayName: 'Sales Channel Name or ID',
	name: 'salesChannel',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSalesChannels' },
	default: '1',
	required: true,
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

const requestsPerSecondDescription =
	'Maximum requests per second from this account to this group of VTEX endpoints, shared by every execution in this n8n process';

/** Pace of the Catalog endpoints; the default equals DEFAULT_REQUESTS_PER_SECOND.catalog. */
export const catalogRateOption: INodeProperties = {
	displayName: 'Requests per Second',
	name: 'requestsPerSecond',
	type: 'number',
	typeOptions: { minValue: 0.1, numberPrecision: 1 },
	default: 225,
	description: requestsPerSecondDescription,
};

/** Pace of the fulfillment simulation; the default equals DEFAULT_REQUESTS_PER_SECOND.simulation. */
export const simulationRateOption: INodeProperties = {
	displayName: 'Requests per Second',
	name: 'requestsPerSecond',
	type: 'number',
	typeOptions: { minValue: 0.1, numberPrecision: 1 },
	default: 20,
	description: requestsPerSecondDescription,
};
