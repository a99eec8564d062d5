import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { triggerProperties } from './description';
import { matchesFilters, parseNotifications, splitList } from './notification';
import type { ChangeKind, NotificationFilters } from './notification';
import { checkRegistration, createRegistration, deleteRegistration } from './registration';
import { SECRET_HEADER, SECRET_QUERY_PARAMETER, isSecretValid } from './secret';
import type { SecretLocation } from './secret';

/**
 * Ends the request with an error status and a JSON body, and starts no execution.
 */
function reject(context: IWebhookFunctions, status: number, error: string): IWebhookResponseData {
	context.getResponseObject().status(status).json({ error });
	return { noWebhookResponse: true };
}

function readFilters(context: IWebhookFunctions): NotificationFilters {
	return {
		changes: context.getNodeParameter('filters.changes', []) as ChangeKind[],
		accounts: splitList(context.getNodeParameter('filters.accounts', '') as string),
		affiliates: splitList(context.getNodeParameter('filters.affiliates', '') as string),
	};
}

function readReceivedSecret(context: IWebhookFunctions, location: SecretLocation): unknown {
	if (location === 'header') return context.getHeaderData()[SECRET_HEADER.toLowerCase()];
	return (context.getQueryData() as Record<string, unknown>)[SECRET_QUERY_PARAMETER];
}

export class VtexTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'VTEX Trigger',
		name: 'vtexTrigger',
		icon: { light: 'file:vtex.svg', dark: 'file:vtex.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "SKU change notifications" }}',
		description: 'Starts the workflow when VTEX notifies a change of an SKU of an affiliate',
		defaults: { name: 'VTEX Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'vtexApi',
				required: true,
				displayOptions: { show: { selfRegister: [true] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'notification',
			},
		],
		properties: triggerProperties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkRegistration.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createRegistration.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteRegistration.call(this);
			},
		},
	};

	/**
	 * Checks the secret, then normalises the body; makes no VTEX call, so n8n responds with 200
	 * at once. A rejected request gets 401 or 400 and starts no execution.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const receivedAt = new Date().toISOString();
		const location = this.getNodeParameter('secretLocation', 'query') as SecretLocation;
		const secret = this.getNodeParameter('secret', '') as string;
		if (secret === '') {
			this.logger.error('VTEX Trigger rejected a notification: the node has no secret set');
			return reject(this, 500, 'The VTEX Trigger has no secret set; set one in the node');
		}
		if (!isSecretValid(secret, readReceivedSecret(this, location))) {
			const where =
				location === 'header'
					? `the header ${SECRET_HEADER}`
					: `the query parameter ${SECRET_QUERY_PARAMETER}`;
			this.logger.warn('VTEX Trigger rejected a notification without a valid secret', {
				secretLocation: location,
			});
			return reject(this, 401, `Missing or wrong secret in ${where}`);
		}

		const parsed = parseNotifications(this.getBodyData(), receivedAt);
		if (!parsed.valid) {
			this.logger.warn('VTEX Trigger rejected an invalid notification body', {
				error: parsed.error,
			});
			return reject(this, 400, parsed.error);
		}

		const filters = readFilters(this);
		const kept = parsed.notifications.filter((notification) =>
			matchesFilters(notification, filters),
		);
		if (kept.length === 0) {
			return {
				webhookResponse: { received: parsed.notifications.length, emitted: 0 },
			};
		}
		return { workflowData: [this.helpers.returnJsonArray(kept)] };
	}
}
