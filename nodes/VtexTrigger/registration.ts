import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { getVtexConnection, vtexRequest } from '../shared/transport';
import type { VtexConnection, VtexRoute } from '../shared/transport';
import { SECRET_QUERY_PARAMETER, buildNotificationUrl, isSameEndpoint, redactUrl } from './secret';
import type { SecretLocation } from './secret';

/**
 * Self-registration of the trigger on a VTEX affiliate. VTEX keeps one notification URL per
 * affiliate (`searchURIEndpoint`). The trigger reads the affiliate, changes that one field and
 * writes the object back, so every other field stays as it was. It never deletes an affiliate
 * and never clears the URL.
 */

const AFFILIATE_PERMISSION = 'Checkout > CheckoutResources > Save OrderForm Configuration';

function affiliateRoute(key: 'affiliateGet' | 'affiliatePut', affiliateId: string): VtexRoute {
	return {
		key,
		host: 'account',
		family: 'affiliate',
		path: `/api/fulfillment/pvt/affiliates/${encodeURIComponent(affiliateId)}`,
		permission: AFFILIATE_PERMISSION,
	};
}

/** Registration data kept in the node's static data between activation and deactivation. */
interface RegistrationState {
	affiliateId?: string;
	/** The URL this trigger wrote or found already registered. */
	registeredUrl?: string;
}

interface RegistrationSettings {
	enabled: boolean;
	affiliateId: string;
	notificationUrl: string;
	replaceExisting: boolean;
	/** The webhook secret in every form a VTEX response may echo it, to redact from errors. */
	secretForms: string[];
}

/**
 * Lists the webhook secret as set and URL-encoded. The notification URL carries it in its
 * query string, and VTEX may echo that URL in an error body.
 */
function webhookSecretForms(secret: string): string[] {
	const query = new URLSearchParams({ [SECRET_QUERY_PARAMETER]: secret }).toString();
	const queryValue = query.slice(SECRET_QUERY_PARAMETER.length + 1);
	return [...new Set([secret, encodeURIComponent(secret), queryValue])];
}

function readSettings(context: IHookFunctions): RegistrationSettings {
	const enabled = context.getNodeParameter('selfRegister', false) as boolean;
	if (!enabled) {
		return {
			enabled,
			affiliateId: '',
			notificationUrl: '',
			replaceExisting: false,
			secretForms: [],
		};
	}

	const affiliateId = String(context.getNodeParameter('affiliateId', '')).trim();
	if (affiliateId === '') {
		throw new NodeOperationError(context.getNode(), 'Affiliate ID is empty', {
			description: 'Set the affiliate whose notification URL the trigger registers, such as KTZ.',
		});
	}
	const webhookUrl = context.getNodeWebhookUrl('default');
	if (webhookUrl === undefined) {
		throw new NodeOperationError(context.getNode(), 'n8n returned no webhook URL for the trigger');
	}
	const location = context.getNodeParameter('secretLocation', 'query') as SecretLocation;
	const secret = context.getNodeParameter('secret', '') as string;
	return {
		enabled,
		affiliateId,
		notificationUrl: buildNotificationUrl(webhookUrl, location, secret),
		replaceExisting: context.getNodeParameter('replaceExistingUrl', false) as boolean,
		secretForms: webhookSecretForms(secret),
	};
}

/**
 * Reads the credential's connection and adds the webhook secret to the values it redacts, so
 * every VTEX error of the registration (message, description and response body) hides it.
 */
async function connect(
	context: IHookFunctions,
	settings: RegistrationSettings,
): Promise<VtexConnection> {
	const connection = await getVtexConnection.call(context);
	return { ...connection, secrets: [...connection.secrets, ...settings.secretForms] };
}

function currentUrlOf(affiliate: IDataObject): string | null {
	const value = affiliate.searchURIEndpoint;
	return typeof value === 'string' && value.trim() !== '' ? value : null;
}

async function readAffiliate(
	context: IHookFunctions,
	connection: VtexConnection,
	affiliateId: string,
): Promise<IDataObject | null> {
	const response = await vtexRequest.call(context, connection, {
		route: affiliateRoute('affiliateGet', affiliateId),
		subject: `affiliate ${affiliateId}`,
		passStatuses: [404],
	});
	if (response.status === 404) return null;
	const body = response.body;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new NodeOperationError(
			context.getNode(),
			`VTEX returned an affiliate ${affiliateId} that is not a JSON object`,
		);
	}
	return body as IDataObject;
}

async function writeNotificationUrl(
	context: IHookFunctions,
	connection: VtexConnection,
	affiliateId: string,
	affiliate: IDataObject,
	url: string | null,
): Promise<void> {
	await vtexRequest.call(context, connection, {
		route: affiliateRoute('affiliatePut', affiliateId),
		method: 'PUT',
		body: { ...affiliate, searchURIEndpoint: url },
		subject: `affiliate ${affiliateId}`,
	});
}

function affiliateNotFound(context: IHookFunctions, affiliateId: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Affiliate ${affiliateId} not found`, {
		description:
			'Create the affiliate in VTEX (Orders > Settings > Affiliates) or correct Affiliate ID, then activate the workflow again.',
	});
}

/** Returns true when registration is off, or when the affiliate already sends to this URL. */
export async function checkRegistration(this: IHookFunctions): Promise<boolean> {
	const settings = readSettings(this);
	if (!settings.enabled) return true;

	const connection = await connect(this, settings);
	const affiliate = await readAffiliate(this, connection, settings.affiliateId);
	if (affiliate === null) throw affiliateNotFound(this, settings.affiliateId);
	if (currentUrlOf(affiliate) !== settings.notificationUrl) return false;

	// n8n skips create when the registration exists, so record it here for delete's log.
	const state = this.getWorkflowStaticData('node') as RegistrationState;
	state.affiliateId = settings.affiliateId;
	state.registeredUrl = settings.notificationUrl;
	return true;
}

/**
 * Points the affiliate's notification URL at this trigger. An affiliate that already sends to
 * another endpoint is left alone unless Replace Existing URL is on, because that endpoint may
 * belong to another workflow or connector that would go quiet without a message.
 */
export async function createRegistration(this: IHookFunctions): Promise<boolean> {
	const settings = readSettings(this);
	if (!settings.enabled) return true;

	const connection = await connect(this, settings);
	const { affiliateId, notificationUrl } = settings;
	const affiliate = await readAffiliate(this, connection, affiliateId);
	if (affiliate === null) throw affiliateNotFound(this, affiliateId);

	const currentUrl = currentUrlOf(affiliate);
	const state = this.getWorkflowStaticData('node') as RegistrationState;
	// An endpoint with this trigger's path is this trigger's, with an older secret perhaps.
	const ownsCurrent = currentUrl !== null && isSameEndpoint(currentUrl, notificationUrl);
	if (currentUrl !== null && !ownsCurrent && !settings.replaceExisting) {
		throw new NodeOperationError(
			this.getNode(),
			`Affiliate ${affiliateId} already sends notifications to ${redactUrl(currentUrl)}`,
			{
				description:
					'The trigger does not replace another endpoint. Clear the notification URL of the affiliate in VTEX, or switch on Replace Existing URL to take it over.',
			},
		);
	}

	if (currentUrl !== notificationUrl) {
		await writeNotificationUrl(this, connection, affiliateId, affiliate, notificationUrl);
	}
	state.affiliateId = affiliateId;
	state.registeredUrl = notificationUrl;
	this.logger.info('Registered the VTEX notification URL', {
		affiliateId,
		url: redactUrl(notificationUrl),
	});
	return true;
}

/**
 * Leaves the affiliate's notification URL as it is and logs whether it still points at this
 * trigger. n8n 2.40.7 calls delete and then create when a publish re-registers the trigger (a
 * changed trigger node, or any publish with N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false), and
 * delete receives nothing that shows whether create follows. Clearing the URL here would leave
 * the affiliate without an endpoint between the two calls, and VTEX would drop the
 * notifications of that gap.
 */
export async function deleteRegistration(this: IHookFunctions): Promise<boolean> {
	const settings = readSettings(this);
	const state = this.getWorkflowStaticData('node') as RegistrationState;
	if (!settings.enabled) return true;

	const connection = await connect(this, settings);
	const { affiliateId, notificationUrl } = settings;
	const affiliate = await readAffiliate(this, connection, affiliateId);
	const currentUrl = affiliate === null ? null : currentUrlOf(affiliate);
	const ours =
		currentUrl !== null &&
		(isSameEndpoint(currentUrl, notificationUrl) || currentUrl === state.registeredUrl);

	if (ours) {
		this.logger.info(
			`Left the VTEX notification URL of affiliate ${affiliateId} pointing at this trigger; clear it in VTEX to stop the notifications`,
			{ affiliateId, url: redactUrl(currentUrl) },
		);
	} else if (state.registeredUrl !== undefined) {
		this.logger.warn(
			`The VTEX notification URL of affiliate ${affiliateId} was changed by someone else since this trigger registered it; left it unchanged`,
			{
				affiliateId,
				currentUrl: currentUrl === null ? null : redactUrl(currentUrl),
				affiliateFound: affiliate !== null,
			},
		);
	} else {
		this.logger.info(
			`Left the VTEX notification URL of affiliate ${affiliateId} unchanged: it does not point at this trigger`,
			{ affiliateId, currentUrl: currentUrl === null ? null : redactUrl(currentUrl) },
		);
	}
	return true;
}
