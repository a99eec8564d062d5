import { TABLES } from '../../scripts/setup-tables.js';
import { readTemplate } from '../helpers/templates.cjs';

const TEMPLATES = [
	'initial-load.json',
	'initial-load-page.json',
	'retry-pending.json',
	'logs-endpoint.json',
	'mapper-mapping.json',
	'marketplace-publish.json',
	'notifications-receive.json',
	'notifications-apply.json',
	'price-stock-apply.json',
	'reconcile.json',
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

describe('settings table', () => {
	it.each(['price-stock-apply.json', 'reconcile.json', 'notifications-apply.json'])(
		'%s reads vtex_settings before Settings',
		(fileName) => {
			const workflow = readTemplate(fileName);
			const read = workflow.nodes.find((node) => node.name === 'Read settings');

			expect(read?.parameters.dataTableId.value).toBe('vtex_settings');
			expect(read?.alwaysOutputData).toBe(true);
			expect(workflow.connections['Read settings'].main[0][0].node).toBe('Settings');
			for (const trigger of workflow.nodes.filter((node) => /Trigger$/.test(node.type))) {
				expect(workflow.connections[trigger.name].main[0][0].node).toBe('Read settings');
			}
		},
	);
});

describe('notification apply template', () => {
	const workflow = readTemplate('notifications-apply.json');
	const nodeNamed = (name: string) => workflow.nodes.find((node) => node.name === name);

	it('calls the price and stock sub-workflow', () => {
		const call = nodeNamed('Apply prices and stock');

		expect(call?.type).toBe('n8n-nodes-base.executeWorkflow');
		expect(call?.parameters.workflowId.value).toBe('vtexPriceStockApply01');
		expect(workflow.connections['Price and stock SKUs'].main[0][0].node).toBe(
			'Apply prices and stock',
		);
	});

	it('routes price and stock changes', () => {
		const outputs = workflow.connections['Price or stock only?'].main;

		expect(workflow.connections['Eligible?'].main[0][0].node).toBe('Price or stock only?');
		expect(outputs[0][0].node).toBe('Price and stock SKUs');
		expect(outputs[1][0].node).toBe('Get price and stock');
	});

	it('runs Summary after the queue branch', () => {
		// Execution order v1 runs the children of a node from top to bottom on the canvas.
		const position = (name: string) => nodeNamed(name)!.position;
		const children = workflow.connections.Settings.main[0].map(
			(link: { node: string }) => link.node,
		);

		expect(children).toEqual(['Read pending', 'Plan input', 'Queue outcomes', 'Summary']);
		for (let i = 0; i + 1 < children.length; i++) {
			expect(position(children[i])[1]).toBeLessThan(position(children[i + 1])[1]);
		}
	});
});
