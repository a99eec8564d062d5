import type { INodeProperties } from 'n8n-workflow';

import { SECRET_HEADER, SECRET_QUERY_PARAMETER } from './secret';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			"VTEX sends a notification when an SKU of the affiliate's sales channel changes. Store this node's production URL as the affiliate's notification URL (searchURIEndpoint), with the secret as shown below, or switch on Register on Activation.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Secret Location',
		name: 'secretLocation',
		type: 'options',
		options: [
			{
				name: 'Query Parameter',
				value: 'query',
				description: `The URL ends with ?${SECRET_QUERY_PARAMETER}= and the secret; VTEX keeps the query string of the stored URL`,
			},
			{
				name: 'Header',
				value: 'header',
				description: `The request carries the header ${SECRET_HEADER}; for a proxy in front of n8n that adds it`,
			},
		],
		default: 'query',
		description:
			'Where each notification must carry the shared secret; a request without it gets 401',
	},
	{
		displayName: 'Secret',
		name: 'secret',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description:
			'Shared secret that every notification must carry. Use a long random value. It is compared in constant time and never copied to the output items.',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'Notifications that a filter drops get 200 and start no execution. Without filters every notification becomes an item.',
		options: [
			{
				displayName: 'Changes',
				name: 'changes',
				type: 'multiOptions',
				options: [
					{ name: 'Data', value: 'data', description: 'HasStockKeepingUnitModified' },
					{ name: 'Deactivated', value: 'deactivated', description: 'IsActive is false' },
					{ name: 'Price', value: 'price', description: 'PriceModified' },
					{
						name: 'Removed From Affiliate',
						value: 'removedFromAffiliate',
						description: 'HasStockKeepingUnitRemovedFromAffiliate',
					},
					{ name: 'Stock', value: 'stock', description: 'StockModified' },
				],
				default: [],
				description: 'Keep a notification that announces at least one of these changes',
			},
			{
				displayName: 'Accounts',
				name: 'accounts',
				type: 'string',
				default: '',
				placeholder: 'acmestore',
				description:
					'Comma-separated VTEX account names (An). A notification without an account is dropped when this is set.',
			},
			{
				displayName: 'Affiliates',
				name: 'affiliates',
				type: 'string',
				default: '',
				placeholder: 'KTZ',
				description:
					'Comma-separated affiliate IDs (IdAffiliate). A notification without an affiliate is dropped when this is set.',
			},
		],
	},
	{
		displayName: 'Register on Activation',
		name: 'selfRegister',
		type: 'boolean',
		default: false,
		description:
			"Whether to set the affiliate's notification URL to this node's production URL when the workflow is activated",
	},
	{
		displayName:
			"On activation the node reads the affiliate (GET /api/fulfillment/pvt/affiliates/{affiliateId}) and writes it back (PUT) with only searchURIEndpoint changed to this node's production URL, including the secret when it travels in the query. All other affiliate fields are sent back as read. Deactivating or publishing again leaves the URL as it is, because n8n removes and re-creates the registration when a publish changes this node. It never deletes the affiliate. The credential needs Checkout > Save OrderForm Configuration.",
		name: 'registrationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { selfRegister: [true] } },
	},
	{
		displayName: 'Affiliate ID',
		name: 'affiliateId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'KTZ',
		description: 'The affiliate whose notification URL the node sets, three consonants in VTEX',
		displayOptions: { show: { selfRegister: [true] } },
	},
	{
		displayName: 'Replace Existing URL',
		name: 'replaceExistingUrl',
		type: 'boolean',
		default: false,
		description:
			'Whether to take over an affiliate that already sends notifications to another URL. Off: activation fails and names the current URL.',
		displayOptions: { show: { selfRegister: [true] } },
	},
];
