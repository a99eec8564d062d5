import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	simulation: 'getPrice';
};

export type VtexPriceType = AllEntities<NodeMap>;
