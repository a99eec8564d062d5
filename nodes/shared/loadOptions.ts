import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getVtexConnection, routes, vtexRequest } from './transport';

interface SalesChannel {
	Id: number;
	Name: string;
	IsActive?: boolean;
}

/** Lists the account's sales channels (trade policies) as options valued by their ID. */
export async function getSalesChannels(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const connection = await getVtexConnection.call(this);
	const response = await vtexRequest.call(this, connection, { route: routes.salesChannels() });
	const channels = Array.isArray(response.body) ? (response.body as SalesChannel[]) : [];

	return channels
		.map((channel) => ({
			name: `${channel.Name} (${channel.Id})${channel.IsActive === false ? ' - inactive' : ''}`,
			value: String(channel.Id),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
