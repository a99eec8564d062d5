import { TABLES } from '../../scripts/setup-tables.js';
import { readTemplate } from '../helpers/templates.cjs';

const TEMPLATES = [
	'initial-load.json',
	'initial-load-page.json',
	'retry-pending.json',
	'logs-endpoint.json',
	'mapper-mapping.json',
	'marketplace-publish.json',
];

const tableNames = TABLES.map((table) => table.name);

describe.each(TEMPLATES)('template %s', (fileName) => {
	const workflow = readTemplate(fileName);

	it('finds Data Tables by name', () => {
		const rowNodes = workflow.nodes.filter(
			(node) => node.type === 'n8n-nodes-base.dataTable' && node.parameters.resource === 'row',
		);
		for (const node of rowNodes) {
			expect(node.parameters.dataTableId.mode).toBe('name');
			expect(tableNames).toContain(node.parameters.dataTableId.value);
		}
	});

	it('connects only nodes it has', () => {
		const names = new Set(workflow.nodes.map((node) => node.name));
		for (const [source, outputs] of Object.entries(workflow.connections)) {
			expect(names).toContain(source);
			for (const output of (outputs as { main: Array<Array<{ node: string }>> }).main) {
				for (const link of output) expect(names).toContain(link.node);
			}
		}
	});

	it('has unique node names and ids', () => {
		const names = workflow.nodes.map((node) => node.name);
		const ids = workflow.nodes.map((node) => node.id);

		expect(new Set(names).size).toBe(names.length);
		expect(new Set(ids).size).toBe(ids.length);
	});
});

describe('load templates', () => {
	it('upsert the id map by SKU ID', () => {
		for (const fileName of ['initial-load-page.json', 'retry-pending.json']) {
			const upsert = readTemplate(fileName).nodes.find((node) => node.name === 'Update ID map');

			expect(upsert?.parameters.operation).toBe('upsert');
			expect(upsert?.parameters.filters.conditions).toEqual([
				{ keyName: 'skuId', keyValue: '={{ $json.skuId }}' },
			]);
		}
	});

	it('run Summary after the load branch', () => {
		// Execution order v1 runs the children of a node from top to bottom on the canvas.
		const workflow = readTemplate('initial-load-page.json');
		const position = (name: string) => workflow.nodes.find((node) => node.name === name)!.position;

		expect(position('Read ID map')[1]).toBeLessThan(position('Summary')[1]);
		expect(position('Eligible?')[1]).toBeLessThan(position('Join skipped SKUs')[1]);
		expect(position('Actions to send')[1]).toBeLessThan(position('Record outcomes')[1]);
	});
});
