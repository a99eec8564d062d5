import type { INodeProperties } from 'n8n-workflow';

/** Field mapping the node starts with: the offer fields of a typical marketplace. */
const DEFAULT_FIELDS = [
	{ target: 'title', source: 'sku', transform: 'title' },
	{ target: 'categoryId', source: 'sku.ProductCategoryIds', transform: 'category' },
	{ target: 'price', source: 'price', transform: 'rename' },
	{ target: 'listPrice', source: 'listPrice', transform: 'rename' },
	{ target: 'stock', source: 'stock', transform: 'rename' },
	{ target: 'images', source: 'sku.Images', transform: 'images' },
];

export const buildProperties: INodeProperties[] = [
	{
		displayName: 'SKU ID',
		name: 'skuId',
		type: 'string',
		default: '={{ $json.skuId }}',
		required: true,
		description: 'Numeric VTEX SKU ID',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: { field: DEFAULT_FIELDS },
		description:
			'Offer fields and where each comes from in the input item. An empty source value leaves the field out of the offer.',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Argument',
						name: 'argument',
						type: 'string',
						default: '',
						description:
							'Separator for Join (a space when empty), specification name for Specification, maximum count for Images',
					},
					{
						displayName: 'Default Value',
						name: 'defaultValue',
						type: 'string',
						default: '',
						description: 'Value used when the source is empty. Leave it empty for none.',
					},
					{
						displayName: 'Offer Field',
						name: 'target',
						type: 'string',
						default: '',
						placeholder: 'attributes.voltage',
						description: 'Name of the offer field. A dotted name sets a nested field.',
					},
					{
						displayName: 'Source',
						name: 'source',
						type: 'string',
						default: '',
						placeholder: 'sku.NameComplete',
						description:
							'Path of the value in the input item. For Join, paths separated by commas. For Specification, the path of the SKU context, such as sku.',
					},
					{
						displayName: 'Transform',
						name: 'transform',
						type: 'options',
						default: 'rename',
						options: [
							{
								name: 'Category',
								value: 'category',
								description:
									'Marketplace category of the VTEX category at the source, through the category map',
							},
							{
								name: 'Cents to Decimal',
								value: 'centsToDecimal',
								description: 'Divide an amount in cents by 100',
							},
							{
								name: 'Copy',
								value: 'rename',
								description: 'Copy the value unchanged under the offer field name',
							},
							{
								name: 'Images',
								value: 'images',
								description: 'List of image URLs, at most as many as the argument when it is set',
							},
							{
								name: 'Join',
								value: 'join',
								description: 'Join the values of several paths with the argument as separator',
							},
							{
								name: 'Specification',
								value: 'specification',
								description:
									'Value of the VTEX specification whose name is the argument, SKU specifications first',
							},
							{
								name: 'Title',
								value: 'title',
								description:
									"SKU context's NameComplete, or its SkuName alone when that already starts with the product name",
							},
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Required Fields',
		name: 'requiredFields',
		type: 'string',
		default: 'title, categoryId, price, stock',
		description:
			'Offer fields, separated by commas, without which the offer is not ready: the SKU gets an Alert log entry naming each missing field and stays pending',
	},
	{
		displayName: 'Category Map',
		name: 'categoryMap',
		type: 'json',
		default: '[]',
		placeholder: '={{ $("Read Category Map").all().map(item => item.json) }}',
		description:
			'Rows of the category map, read once for all items, usually with an expression over all items of the node that reads the table. Each row has vtexCategoryId and marketplaceCategoryId; an object from VTEX category ID to marketplace category ID also works.',
	},
	{
		displayName: 'Attribute Map',
		name: 'attributeMap',
		type: 'json',
		default: '[]',
		placeholder: '={{ $("Read Attribute Map").all().map(item => item.json) }}',
		description:
			'Rows of the attribute map, read once for all items. Each row has categoryId (empty for every category), attribute, specId, required and defaultValue. A specification value of the SKU, or else the default value, is set as attributes.ATTRIBUTE. An attribute without either is left out, and a required one keeps the SKU pending.',
	},
	{
		displayName: 'Default Category',
		name: 'defaultCategory',
		type: 'string',
		default: '',
		description:
			'Marketplace category ID used while the category map is empty. With a non-empty map, a VTEX category missing from it keeps the SKU pending with an E4 Error.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Alert on Default Values',
				name: 'alertOnDefaults',
				type: 'boolean',
				default: false,
				description:
					'Whether to add an Alert log entry with code A3 listing the fields that got a default value or the default category',
			},
		],
	},
];
