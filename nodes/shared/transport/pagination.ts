import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

export interface PagedItem<T> {
	item: T;
	page: number;
}

export interface PageWalk<T> {
	firstPage: number;
	/** Stops once this many items were collected; undefined reads until the empty page. */
	maxItems?: number;
	/** Bound on the number of pages read, so a server that never returns an empty page ends the walk. */
	maxPages: number;
	/** Last page to read, so that a caller can read one page at a time. */
	stopAfterPage?: number;
	fetchPage: (page: number) => Promise<T[]>;
	idOf: (item: T) => string;
	/** Name of the listing in error messages, such as "SKU ID listing of sales channel 2". */
	label: string;
}

/**
 * Reads numbered pages until an empty page, the item limit or `stopAfterPage`. Items whose id was
 * already read are dropped. A page that brings no new id means the server repeats itself, so the
 * walk raises an error instead of looping.
 */
export async function walkPages<T>(node: INode, walk: PageWalk<T>): Promise<Array<PagedItem<T>>> {
	const seen = new Set<string>();
	const collected: Array<PagedItem<T>> = [];
	const lastPage = walk.firstPage + walk.maxPages - 1;

	for (let page = walk.firstPage; page <= lastPage; page++) {
		const items = await walk.fetchPage(page);
		if (items.length === 0) return collected;

		let newIds = 0;
		for (const item of items) {
			const id = walk.idOf(item);
			if (seen.has(id)) continue;
			seen.add(id);
			newIds++;
			collected.push({ item, page });
			if (walk.maxItems !== undefined && collected.length >= walk.maxItems) return collected;
		}

		if (page === walk.stopAfterPage) return collected;

		if (newIds === 0) {
			throw new NodeOperationError(
				node,
				`Page ${page} of the ${walk.label} contains only IDs already read, so VTEX repeats a page`,
				{
					description:
						'Reading stopped to avoid an endless loop. Check the page size, or read the listing again later.',
				},
			);
		}
	}

	throw new NodeOperationError(node, `The ${walk.label} did not end after ${walk.maxPages} pages`, {
		description: 'Use a larger page size, or set Return All off and read page by page.',
	});
}

/** Runs the task for every input with at most `limit` tasks in flight, keeping result order. */
export async function mapConcurrent<I, O>(
	inputs: I[],
	limit: number,
	task: (input: I, index: number) => Promise<O>,
): Promise<O[]> {
	const results = new Array<O>(inputs.length);
	let next = 0;

	async function worker(): Promise<void> {
		while (next < inputs.length) {
			const index = next++;
			results[index] = await task(inputs[index], index);
		}
	}

	const workers = Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, () =>
		worker(),
	);
	await Promise.all(workers);
	return results;
}
