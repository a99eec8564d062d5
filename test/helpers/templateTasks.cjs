'use strict';

/**
 * Tasks of the case format that run the package's templates in the case environment's n8n
 * (caseEnvironment.cjs), keyed by task name. Each returns the template's last item.
 */

/** @typedef {import('./caseRunner.cjs').Task} Task */
/** @typedef {import('./caseRunner.cjs').TaskOutcome} TaskOutcome */
/** @typedef {import('./caseEnvironment.cjs').CaseEnvironment} CaseEnvironment */

/** Path of the mapper-mapping template's webhook that receives VTEX Mapper's pushes. */
const MAPPING_PUSH_PATH = 'vtex/mapper/mapping';

/**
 * @param {unknown} body
 * @returns {TaskOutcome}
 */
function outcomeOf(body) {
	const items = (Array.isArray(body) ? body : [body]).filter(
		(item) => item !== null && typeof item === 'object',
	);
	const errorItems = items.filter((item) => item.error !== undefined).length;
	return { status: 'success', items, errorItems, error: null, hints: [] };
}

/**
 * Wraps a template run: starts the environment for the step's sandbox and turns a failed run
 * into an `error` outcome.
 * @param {CaseEnvironment} environment
 * @param {(request: import('./caseRunner.cjs').TaskRequest) => Promise<unknown>} run
 * @returns {Task}
 */
function templateTask(environment, run) {
	return async (request) => {
		// TODO: abortWhen is ignored, so the run goes to its end. Honouring it needs an environment
		// that stops n8n and restarts it on the same database.
		await environment.ready(request.sandboxUrl);
		try {
			return outcomeOf(await run(request));
		} catch (error) {
			const message = /** @type {Error} */ (error).message;
			return { status: 'error', items: [], errorItems: 0, error: message, hints: [] };
		}
	};
}

/**
 * @param {Record<string, unknown>} parameters
 */
function salesChannelOf(parameters) {
	return String(parameters.salesChannel ?? 2);
}

/**
 * @param {CaseEnvironment} environment
 * @returns {Record<string, Task>}
 */
function createTemplateTasks(environment) {
	return {
		'initial-load': templateTask(environment, (request) =>
			environment.runTemplate('initialLoad', {
				...environment.marketplaceInputs(),
				salesChannel: salesChannelOf(request.parameters),
				force: request.parameters.force,
			}),
		),
		'retry-pending': templateTask(environment, (request) =>
			environment.runTemplate('retryPending', {
				...environment.marketplaceInputs(),
				salesChannel: salesChannelOf(request.parameters),
			}),
		),
		reconcile: templateTask(environment, (request) =>
			environment.runTemplate('reconcile', {
				...environment.marketplaceInputs(),
				salesChannel: salesChannelOf(request.parameters),
				scope: request.parameters.scope,
				pageSize: request.parameters.pageSize,
			}),
		),
		// A mapping push to the mapper-mapping template, as VTEX Mapper sends it once a seller has
		// mapped a category.
		'set-category-mapping': templateTask(environment, async (request) => {
			const { vtexCategoryId, marketplaceCategoryId } = request.parameters;
			if (vtexCategoryId === undefined || marketplaceCategoryId === undefined) {
				throw new Error('set-category-mapping needs vtexCategoryId and marketplaceCategoryId');
			}
			const response = await environment.api().callWebhook(MAPPING_PUSH_PATH, {
				[String(vtexCategoryId)]: String(marketplaceCategoryId),
			});
			if (response.status !== 200) {
				throw new Error(
					`The mapping push returned ${response.status}: ${JSON.stringify(response.body)}`,
				);
			}
			return response.body;
		}),
		// The package has no template that edits the attribute map: a seller edits the Data Table
		// in n8n, which this update through the public API does in the same way. The row must
		// exist (packageState.attributeMap), because a row without specId is invalid.
		'set-attribute-default': templateTask(environment, async (request) => {
			const { categoryId, attribute, value } = request.parameters;
			if (attribute === undefined || value === undefined) {
				throw new Error('set-attribute-default needs attribute and value (categoryId is optional)');
			}
			const category = categoryId === undefined || categoryId === null ? '' : String(categoryId);
			const tableId = await environment.tableId('vtex_attribute_map');
			const filters = [
				{ columnName: 'categoryId', condition: 'eq', value: category },
				{ columnName: 'attribute', condition: 'eq', value: String(attribute) },
			];
			const updated = await environment
				.api()
				.requestOk('PATCH', `/api/v1/data-tables/${tableId}/rows/update`, {
					auth: 'apiKey',
					body: {
						filter: { type: 'and', filters },
						data: { defaultValue: String(value) },
						returnData: true,
					},
				});
			if (!Array.isArray(updated) || updated.length === 0) {
				throw new Error(
					`vtex_attribute_map has no row for attribute ${attribute} of category "${category}": ` +
						'list it in packageState.attributeMap',
				);
			}
			return updated;
		}),
	};
}

module.exports = { createTemplateTasks };
