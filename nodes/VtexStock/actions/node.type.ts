import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	simulation: 'getStock';
	inventory: 'getInventory';
};

export type VtexStockType = AllEntities<NodeMap>;
