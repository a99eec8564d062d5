import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	simulation: 'getStock';
};

export type VtexStockType = AllEntities<NodeMap>;
