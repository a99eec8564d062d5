import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	simulation: 'getPrice';
	pricing: 'getRecord';
};

export type VtexPriceType = AllEntities<NodeMap>;
