'use strict';

/**
 * The reconcile step of `npm run demo`: prices and stock that change in VTEX without a
 * notification, found and corrected by the reconcile template.
 */

const fs = require('node:fs');
const path = require('node:path');
const fixtures = require('../test/e2e/fixtures/index.cjs');
const notifications = require('../test/helpers/notifications-e2e.cjs');

const RECONCILE_ID = 'vtexReconcile01';
const RECONCILE_RUNNER_ID = 'vtexReconcileRunner01';
const RECONCILE_WEBHOOK_PATH = 'vtex-demo-reconcile';

/** SKUs whose price, and SKUs whose stock, the step changes. */
const DRIFTED_PRICES = 3;
const DRIFTED_STOCK = 3;

/**
 * Adds the reconcile template and a webhook runner for it to the start options of an n8n that
 * already imports the price and stock sub-workflow.
 * @param {{ workflows: unknown[], activate: string[] }} startOptions
 */
function withReconcileTemplate(startOptions) {
	const template = JSON.parse(
		fs.readFileSync(path.join(__dirname, '..', 'workflows', 'reconcile.json'), 'utf8'),
	);
	const runner = fixtures.runnerWorkflow({
		id: RECONCILE_RUNNER_ID,
		name: 'VTEX reconcile runner (demo)',
		path: RECONCILE_WEBHOOK_PATH,
		webhookId: '5c7e2a94-1d3b-4f86-9a0e-b4d8f6c2e105',
		workflowId: RECONCILE_ID,
		inputs: ['scope', 'salesChannel', 'affiliateId', 'marketplaceUrl'],
	});
	return {
		...startOptions,
		workflows: [...startOptions.workflows, template, runner],
		activate: [...startOptions.activate, RECONCILE_ID, RECONCILE_RUNNER_ID],
	};
}

/**
 * Changes SKU fields in the sandbox's catalog without sending a notification.
 * @param {string} sandboxUrl
 * @param {number} sku
 * @param {Record<string, unknown>} set
 */
async function changeSilently(sandboxUrl, sku, set) {
	const response = await fetch(`${sandboxUrl}/__sandbox/change`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ sku, set }),
		signal: AbortSignal.timeout(30000),
	});
	if (!response.ok) {
		throw new Error(`Changing SKU ${sku} in the sandbox failed with ${response.status}`);
	}
}

/**
 * Inserts a vtex_last_sent row for every active offer of the marketplace double that has none,
 * with the offer's values, because the initial load does not record vtex_last_sent.
 * @param {any} flow NotificationServers of the demo's n8n
 * @param {Array<{ skuId: string, price: number, listPrice: number | null, stock: number,
 *   active: boolean }>} offers
 */
async function recordLoadedValues(flow, offers) {
	const recorded = new Set((await flow.tableRows('vtex_last_sent')).map((row) => row.skuId));
	const sentAt = new Date().toISOString();
	const rows = offers
		.filter((offer) => offer.active && !recorded.has(offer.skuId))
		.map((offer) => ({
			skuId: offer.skuId,
			price: offer.price,
			listPrice: offer.listPrice ?? null,
			stock: offer.stock,
			active: true,
			sentAt,
		}));
	const tableId = await flow.tableId('vtex_last_sent');
	for (let start = 0; start < rows.length; start += 1000) {
		await flow.server.requestOk('POST', `/api/v1/data-tables/${tableId}/rows`, {
			auth: 'apiKey',
			body: { data: rows.slice(start, start + 1000), returnType: 'count' },
			timeoutMs: 60000,
		});
	}
	return rows.length;
}

/**
 * Changes the price or stock of a few published SKUs without a notification, runs the
 * reconcile template and checks that it sent exactly those SKUs, with the new values.
 * Returns one sentence per difference.
 * @param {any} sandbox
 * @param {any} server the demo's n8n
 * @param {(line: string) => void} say
 */
async function checkReconcile(sandbox, server, say) {
	const flow = new notifications.NotificationServers(sandbox, server, server.userFolder);
	const integrated = new Set(
		(await flow.tableRows('vtex_id_map'))
			.filter((row) => row.status === 'integrated')
			.map((row) => String(row.skuId)),
	);
	const offers = sandbox
		.state()
		.offers.filter(
			(/** @type {{ skuId: string, active: boolean }} */ offer) =>
				offer.active && integrated.has(offer.skuId),
		);
	// NOTE: the initial load does not write vtex_last_sent, so without these rows the first
	// reconcile run after a load sends every offer again.
	const recorded = await recordLoadedValues(flow, offers);

	// The last offers of the list, away from the SKUs that the notification step changed.
	const drifted = offers.slice(-(DRIFTED_PRICES + DRIFTED_STOCK));
	const skus = new Map(
		sandbox.state().catalog.skus.map((/** @type {{ id: number }} */ sku) => [String(sku.id), sku]),
	);
	/** @type {Map<string, { price?: number, stock?: number }>} */
	const expected = new Map();
	for (const [index, offer] of drifted.entries()) {
		const sku = skus.get(offer.skuId);
		if (index < DRIFTED_PRICES) {
			// 5.00 more, with the list price kept at or above the price.
			const price = sku.price + 500;
			await changeSilently(sandbox.url, sku.id, {
				price,
				listPrice: Math.max(sku.listPrice, price),
			});
			expected.set(offer.skuId, { price: price / 100 });
		} else {
			await changeSilently(sandbox.url, sku.id, { stock: sku.stock + 4 });
			expected.set(offer.skuId, { stock: sku.stock + 4 });
		}
	}

	say('');
	say(
		`Reconcile: ${recorded} loaded offers recorded in vtex_last_sent, ${DRIFTED_PRICES} prices ` +
			`and ${DRIFTED_STOCK} stock levels changed in VTEX without a notification`,
	);
	const lastSeq = sandbox.journal().at(-1)?.seq ?? 0;
	const response = await server.callWebhook(
		RECONCILE_WEBHOOK_PATH,
		{ scope: 'all', salesChannel: '2', affiliateId: 'KTZ', marketplaceUrl: `${sandbox.url}/mkt` },
		{ timeoutMs: 5 * 60 * 1000 },
	);
	if (response.status !== 200) {
		return [`The reconcile runner returned ${response.status}: ${JSON.stringify(response.body)}`];
	}
	const summary = response.body;
	say(
		`  reconcile: ${summary.listed} SKUs listed, ${summary.published} read, ` +
			`${summary.sent} sent, ${summary.unchanged} unchanged, ${summary.seconds} s`,
	);

	const problems = [];
	const sent = sandbox
		.journal()
		.filter((/** @type {{ seq: number, route: string }} */ entry) => entry.seq > lastSeq)
		.filter((/** @type {{ route: string }} */ entry) => entry.route.startsWith('mkt.'))
		.map((/** @type {{ skus: string[] }} */ entry) => entry.skus[0]);
	for (const skuId of sent) {
		if (!expected.has(skuId)) problems.push(`SKU ${skuId} was sent but did not change`);
	}
	const offersNow = new Map(
		sandbox.state().offers.map((/** @type {{ skuId: string }} */ offer) => [offer.skuId, offer]),
	);
	for (const [skuId, values] of expected) {
		const count = sent.filter((entry) => entry === skuId).length;
		if (count !== 1) problems.push(`SKU ${skuId} changed and was sent ${count} times`);
		const offer = offersNow.get(skuId);
		if (values.price !== undefined && Math.abs(offer.price - values.price) > 0.005) {
			problems.push(`SKU ${skuId}: offer price ${offer.price}, VTEX ${values.price}`);
		}
		if (values.stock !== undefined && offer.stock !== values.stock) {
			problems.push(`SKU ${skuId}: offer stock ${offer.stock}, VTEX ${values.stock}`);
		}
	}
	return problems;
}

/**
 * Runs the reconcile check and prints its result. Sets the exit code to 1 on a difference.
 * @param {any} sandbox
 * @param {any} server the demo's n8n
 * @param {(line: string) => void} say
 */
async function runReconcileStep(sandbox, server, say) {
	const problems = await checkReconcile(sandbox, server, say);
	if (problems.length > 0) {
		say(`Reconcile check FAILED: ${problems.length} problems, for example:`);
		for (const problem of problems.slice(0, 20)) say(`  ${problem}`);
		process.exitCode = 1;
	} else {
		say('Reconcile check passed: exactly the changed SKUs were sent, with the values of VTEX.');
	}
}

module.exports = { withReconcileTemplate, runReconcileStep };
