import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	entry: 'collect' | 'query' | 'pruneCutoff';
};

export type VtexLogsType = AllEntities<NodeMap>;
