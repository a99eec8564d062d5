import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Base URL of the account host for the Test button. An invalid account name yields a host on
 * the reserved .invalid domain, so the test fails instead of reaching a host the name injects.
 */
const accountHostExpression =
	'={{ $credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : ' +
	'(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test($credentials.accountName) && ' +
	'/^[A-Za-z0-9-]+$/.test($credentials.environment || "vtexcommercestable") ? ' +
	'"https://" + $credentials.accountName + "." + ($credentials.environment || "vtexcommercestable") + ".com.br" : ' +
	'"https://account-name-must-use-letters-digits-hyphens.invalid") }}';

export class VtexApi implements ICredentialType {
	name = 'vtexApi';

	displayName = 'VTEX API';

	icon: Icon = { light: 'file:vtex.svg', dark: 'file:vtex.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-vtex-marketplace/n8n-nodes-vtex-marketplace#vtex-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Account Name',
			name: 'accountName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acmestore',
			description:
				'Name of the VTEX account, as in {accountName}.myvtex.com. Letters, digits and hyphens only.',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'string',
			default: 'vtexcommercestable',
			description:
				'Environment part of the account host {accountName}.{environment}.com.br. Letters, digits and hyphens only.',
		},
		{
			displayName: 'App Key',
			name: 'appKey',
			type: 'string',
			default: '',
			required: true,
			description: 'Key from VTEX Admin > Account settings > App keys',
		},
		{
			displayName: 'App Token',
			name: 'appToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Token shown once when the app key was created',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8080',
			description:
				'Replaces every VTEX host, for a test server. Leave empty to use VTEX. Pricing is then read under {baseUrl}/{accountName}.',
		},
		{
			displayName: 'Processes Sharing the Rate Limits',
			name: 'processCount',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 1,
			description:
				"Number of n8n processes that call VTEX with this account at the same time, such as the main process and every worker in queue mode. Each process paces its requests at this fraction of every rate, so that together they stay within VTEX's limits.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-VTEX-API-AppKey': '={{$credentials.appKey}}',
				'X-VTEX-API-AppToken': '={{$credentials.appToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: accountHostExpression,
			url: '/api/catalog_system/pvt/saleschannel/list',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'VTEX refused the app key or app token (HTTP 401). Check that the key exists under Account settings > App keys and that the token belongs to it.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The app key is valid but lacks a permission (HTTP 403). Give it a role with Catalog API > General > View Product, as described in the package documentation.',
				},
			},
		],
	};
}
