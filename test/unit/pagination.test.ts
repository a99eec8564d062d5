import type { INode } from 'n8n-workflow';

import { mapConcurrent, walkPages } from '../../nodes/shared/transport/pagination';

const node: INode = {
	id: '1',
	name: 'VTEX Catalog',
	type: 'n8n-nodes-vtex-marketplace.vtexCatalog',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function pagesFrom(pages: string[][]): {
	fetchPage: (page: number) => Promise<string[]>;
	calls: number[];
} {
	const calls: number[] = [];
	return {
		calls,
		fetchPage: async (page) => {
			calls.push(page);
			return pages[page - 1] ?? [];
		},
	};
}

describe('walkPages', () => {
	it('stops on the first empty page', async () => {
		const source = pagesFrom([['1', '2'], ['3']]);

		const items = await walkPages(node, {
			firstPage: 1,
			maxPages: 100,
			label: 'test listing',
			idOf: (id) => id,
			fetchPage: source.fetchPage,
		});

		expect(items).toEqual([
			{ item: '1', page: 1 },
			{ item: '2', page: 1 },
			{ item: '3', page: 2 },
		]);
		expect(source.calls).toEqual([1, 2, 3]);
	});

	it('stops at the item limit without reading further', async () => {
		const source = pagesFrom([
			['1', '2'],
			['3', '4'],
		]);

		const items = await walkPages(node, {
			firstPage: 1,
			maxItems: 3,
			maxPages: 100,
			label: 'test listing',
			idOf: (id) => id,
			fetchPage: source.fetchPage,
		});

		expect(items.map((entry) => entry.item)).toEqual(['1', '2', '3']);
		expect(source.calls).toEqual([1, 2]);
	});

	it('rejects a page that repeats the previous one', async () => {
		const source = { fetchPage: async () => ['1', '2'] };

		await expect(
			walkPages(node, {
				firstPage: 1,
				maxPages: 100,
				label: 'test listing',
				idOf: (id) => id,
				fetchPage: source.fetchPage,
			}),
		).rejects.toThrow('Page 2 of the test listing contains only IDs already read');
	});

	it('drops repeated IDs on a page that also brings new ones', async () => {
		const source = pagesFrom([
			['1', '2'],
			['2', '3'],
		]);

		const items = await walkPages(node, {
			firstPage: 1,
			maxPages: 100,
			label: 'test listing',
			idOf: (id) => id,
			fetchPage: source.fetchPage,
		});

		expect(items.map((entry) => entry.item)).toEqual(['1', '2', '3']);
	});

	it('raises after the page bound', async () => {
		let next = 0;
		const fetchPage = async () => [String(next++)];

		await expect(
			walkPages(node, {
				firstPage: 1,
				maxPages: 3,
				label: 'test listing',
				idOf: (id) => id,
				fetchPage,
			}),
		).rejects.toThrow('did not end after 3 pages');
	});
});

describe('mapConcurrent', () => {
	it('keeps order and never exceeds the limit', async () => {
		let running = 0;
		let maxRunning = 0;

		const results = await mapConcurrent([1, 2, 3, 4, 5, 6], 2, async (value) => {
			running++;
			maxRunning = Math.max(maxRunning, running);
			await Promise.resolve();
			await Promise.resolve();
			running--;
			return value * 10;
		});

		expect(results).toEqual([10, 20, 30, 40, 50, 60]);
		expect(maxRunning).toBe(2);
	});
});
