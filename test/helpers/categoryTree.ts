/** A category of VTEX Mapper's marketplace tree, as the upload body nests it. */
export interface TreeCategory {
	id: string;
	name: string;
	children: TreeCategory[];
	specifications: Array<{
		attributeName: string;
		required: boolean;
		attributeValues: Array<{ valueName: string }>;
	}>;
}

/**
 * Builds a deterministic tree of exactly `nodeCount` categories: departments of `perLevel`
 * categories each, nested three levels deep, every leaf with two attributes.
 */
export function buildCategoryTree(
	nodeCount: number,
	perLevel = 22,
): { categories: TreeCategory[] } {
	let created = 0;

	const make = (id: string, depth: number): TreeCategory => {
		created++;
		const isLeaf = depth === 2;
		return {
			id,
			name: `Category ${id}`,
			children: [],
			specifications: isLeaf
				? [
						{
							attributeName: 'Color',
							required: true,
							attributeValues: [{ valueName: 'Black' }, { valueName: `Shade ${id}` }],
						},
						{
							attributeName: 'Voltage',
							required: false,
							attributeValues: [{ valueName: '110' }, { valueName: '220' }],
						},
					]
				: [],
		};
	};

	const categories: TreeCategory[] = [];
	for (let top = 0; created < nodeCount; top++) {
		const department = make(`D${top}`, 0);
		categories.push(department);
		for (let middle = 0; middle < perLevel && created < nodeCount; middle++) {
			const category = make(`D${top}-${middle}`, 1);
			department.children.push(category);
			for (let leaf = 0; leaf < perLevel && created < nodeCount; leaf++) {
				category.children.push(make(`D${top}-${middle}-${leaf}`, 2));
			}
		}
	}
	return { categories };
}

/** Counts the categories of a tree, children included. */
export function countCategories(categories: TreeCategory[]): number {
	return categories.reduce((sum, category) => sum + 1 + countCategories(category.children), 0);
}
