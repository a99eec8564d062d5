import { jsonParse } from 'n8n-workflow';

/** A marketplace category in the shape of VTEX Mapper's upload body. */
export interface MapperCategory {
	id: string;
	name: string;
	children: MapperCategory[];
	specifications: MapperSpecification[];
}

export interface MapperSpecification {
	attributeName: string;
	required: boolean;
	attributeValues: Array<{ valueName: string }>;
}

export interface NormalizedTree {
	categories: MapperCategory[];
	/** Categories at every level. */
	categoryCount: number;
}

/** Nesting deeper than this is treated as an error, so a malformed input cannot recurse forever. */
const MAX_DEPTH = 32;
/** Problems listed in one error message; the count of the others follows them. */
const MAX_LISTED_PROBLEMS = 10;

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readText(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

class TreeReader {
	problems: string[] = [];
	categoryCount = 0;

	/** Path of the first category with each id. The Mapper maps categories by id, so ids must be unique. */
	pathById = new Map<string, string>();

	readSpecification(raw: unknown, path: string): MapperSpecification | undefined {
		if (!isRecord(raw)) {
			this.problems.push(`${path} is not an object`);
			return undefined;
		}
		const attributeName = readText(raw.attributeName);
		if (attributeName === undefined) {
			this.problems.push(`${path}.attributeName is missing`);
			return undefined;
		}
		const values = Array.isArray(raw.attributeValues) ? raw.attributeValues : [];
		const attributeValues: Array<{ valueName: string }> = [];
		values.forEach((value, index) => {
			const valueName = readText(isRecord(value) ? value.valueName : value);
			if (valueName === undefined) {
				this.problems.push(`${path}.attributeValues[${index}].valueName is missing`);
			} else {
				attributeValues.push({ valueName });
			}
		});
		return { attributeName, required: raw.required === true, attributeValues };
	}

	readCategory(raw: unknown, path: string, depth: number): MapperCategory | undefined {
		if (!isRecord(raw)) {
			this.problems.push(`${path} is not an object`);
			return undefined;
		}
		if (depth > MAX_DEPTH) {
			this.problems.push(`${path} is nested deeper than ${MAX_DEPTH} levels`);
			return undefined;
		}
		this.categoryCount++;
		const id = readText(raw.id);
		const name = readText(raw.name);
		if (id === undefined) this.problems.push(`${path}.id is missing`);
		if (name === undefined) this.problems.push(`${path}.name is missing`);

		const firstPath = id === undefined ? undefined : this.pathById.get(id);
		if (firstPath !== undefined) {
			this.problems.push(`${path}.id "${id}" is already the id of ${firstPath}`);
		} else if (id !== undefined) {
			this.pathById.set(id, path);
		}

		const children = this.readList(raw.children, `${path}.children`, (child, childPath) =>
			this.readCategory(child, childPath, depth + 1),
		);
		const specifications = this.readList(
			raw.specifications,
			`${path}.specifications`,
			(spec, specPath) => this.readSpecification(spec, specPath),
		);
		return { id: id ?? '', name: name ?? '', children, specifications };
	}

	/** Reads an optional list, where null or absent means empty, as the Mapper spec allows. */
	readList<T>(
		raw: unknown,
		path: string,
		read: (entry: unknown, path: string) => T | undefined,
	): T[] {
		if (raw === undefined || raw === null) return [];
		if (!Array.isArray(raw)) {
			this.problems.push(`${path} is not an array`);
			return [];
		}
		const result: T[] = [];
		raw.forEach((entry, index) => {
			const value = read(entry, `${path}[${index}]`);
			if (value !== undefined) result.push(value);
		});
		return result;
	}
}

/**
 * Reads a category tree given as `{categories: [...]}`, as an array of categories or as JSON
 * text of either, and returns it in the Mapper's upload shape: ids and names as text, absent
 * children and specifications as empty arrays. Returns the list of problems when the tree
 * cannot be sent.
 */
export function normalizeTree(input: unknown): NormalizedTree | { problems: string[] } {
	let value = input;
	if (typeof value === 'string') {
		try {
			value = jsonParse(value);
		} catch {
			return { problems: ['the tree is text but not valid JSON'] };
		}
	}
	const list = Array.isArray(value) ? value : isRecord(value) ? value.categories : undefined;
	if (!Array.isArray(list)) {
		return { problems: ['the tree has no "categories" array'] };
	}

	const reader = new TreeReader();
	const categories = reader.readList(list, 'categories', (entry, path) =>
		reader.readCategory(entry, path, 1),
	);
	if (reader.problems.length > 0) return { problems: reader.problems };
	return { categories, categoryCount: reader.categoryCount };
}

export function describeProblems(problems: string[]): string {
	const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
	const rest = problems.length - MAX_LISTED_PROBLEMS;
	return rest > 0 ? `${listed}; and ${rest} more` : listed;
}
