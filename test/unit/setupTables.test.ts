import {
	TABLES,
	describeColumnDifferences,
	findMissingColumns,
} from '../../scripts/setup-tables.js';
import { readTemplate } from '../helpers/templates.cjs';

describe('Data Table setup', () => {
	const workflow = readTemplate('setup-tables.json');
	const createNodes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.dataTable');

	it('template creates every table of the script', () => {
		const fromTemplate = createNodes.map((node) => ({
			name: node.parameters.tableName,
			columns: node.parameters.columns.column,
		}));

		expect(fromTemplate).toEqual(TABLES);
	});

	it('template reuses existing tables', () => {
		for (const node of createNodes) {
			expect(node.typeVersion).toBe(1.1);
			expect(node.parameters.resource).toBe('table');
			expect(node.parameters.operation).toBe('create');
			expect(node.parameters.options.createIfNotExists).toBe(true);
		}
	});

	it('template chains the create nodes', () => {
		const names = createNodes.map((node) => node.name);
		for (let i = 0; i + 1 < names.length; i++) {
			expect(workflow.connections[names[i]].main[0][0].node).toBe(names[i + 1]);
		}
	});

	it('columns avoid names n8n reserves', () => {
		const reserved = ['id', 'createdat', 'updatedat', 'dryrunstate'];
		for (const table of TABLES) {
			for (const column of table.columns) {
				expect(reserved).not.toContain(column.name.toLowerCase());
			}
		}
	});

	it('reports missing columns and other types', () => {
		const definition = TABLES.find((table) => table.name === 'vtex_mapper');

		const differences = describeColumnDifferences(definition!, [{ name: 'key', type: 'number' }]);

		expect(differences).toEqual([
			'column key is number, expected string',
			'column value (string) is missing',
		]);
	});

	it('finds columns an old table lacks', () => {
		const definition = TABLES.find((table) => table.name === 'vtex_last_sent')!;
		const oldColumns = definition.columns.filter((column) => column.name !== 'catalogHash');

		const missing = findMissingColumns(definition, oldColumns);

		expect(missing).toEqual([{ name: 'catalogHash', type: 'string' }]);
		expect(findMissingColumns(definition, definition.columns)).toEqual([]);
	});
});
