import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	sku: 'getManyIds' | 'get' | 'downloadImages';
	product: 'search';
};

export type VtexCatalogType = AllEntities<NodeMap>;
