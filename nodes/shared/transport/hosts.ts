import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export type VtexHost = 'account' | 'pricing' | 'mapper';

export interface VtexHostUrls {
	accountName: string;
	account: string;
	pricing: string;
	mapper: string;
}

/** Account names and environments become part of a host name, so only these characters pass. */
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

const DEFAULT_ENVIRONMENT = 'vtexcommercestable';
const PRICING_HOST = 'https://api.vtex.com';
const MAPPER_HOST = 'https://portal.vtexcommercestable.com.br';

export function isValidHostLabel(value: string): boolean {
	return value.length <= 63 && HOST_LABEL.test(value);
}

/**
 * Builds the three VTEX base URLs from the credential, or returns the reason why the
 * credential cannot be used. A base URL override replaces every host, with Pricing
 * under `{baseUrl}/{accountName}` as on `api.vtex.com`.
 */
export function resolveHostUrls(
	credentials: ICredentialDataDecryptedObject,
): VtexHostUrls | { problem: string } {
	const accountName = String(credentials.accountName ?? '').trim();
	const environment = String(credentials.environment ?? '').trim() || DEFAULT_ENVIRONMENT;
	const baseUrl = String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');

	if (!isValidHostLabel(accountName)) {
		return {
			problem: `Invalid account name "${accountName}": use only letters, digits and hyphens, as in the store address {accountName}.myvtex.com`,
		};
	}

	if (baseUrl !== '') {
		if (!/^https?:\/\/[^/?#]+/i.test(baseUrl) || /[?#]/.test(baseUrl)) {
			return {
				problem: `Invalid base URL "${baseUrl}": use http:// or https:// followed by a host, without query or fragment`,
			};
		}
		return { accountName, account: baseUrl, pricing: `${baseUrl}/${accountName}`, mapper: baseUrl };
	}

	if (!isValidHostLabel(environment)) {
		return {
			problem: `Invalid environment "${environment}": use only letters, digits and hyphens, such as ${DEFAULT_ENVIRONMENT}`,
		};
	}

	return {
		accountName,
		account: `https://${accountName}.${environment}.com.br`,
		pricing: `${PRICING_HOST}/${accountName}`,
		mapper: MAPPER_HOST,
	};
}
