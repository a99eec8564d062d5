import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getVtexConnection, routes, vtexRequest } from '../../shared/transport';

export { getSalesChannels } from '../../shared/loadOptions';

interface Warehouse {
	id: string;
	name?: string;
	isActive?: boolean;
}

/** Lists the account's warehouses as options valued by their ID. */
export async function getWarehouses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connection = await getVtexConnection.call(this);
	const response = await vtexRequest.call(this, connection, { route: routes.warehouses() });
	const warehouses = Array.isArray(response.body) ? (response.body as Warehouse[]) : [];

	return warehouses
		.map((warehouse) => ({
			name: `${warehouse.name ?? warehouse.id} (${warehouse.id})${warehouse.isActive === false ? ' - inactive' : ''}`,
			value: String(warehouse.id),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
