import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	mapper: 'register' | 'sendCategoryTree' | 'parseMapping';
	offer: 'build' | 'planAction';
};

export type VtexMappingType = AllEntities<NodeMap>;
