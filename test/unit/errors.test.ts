import type { INode } from 'n8n-workflow';

import { createApiError, describeFailure, readBodyMessage } from '../../nodes/shared/errors';
import { REDACTED, redactText, redactValue } from '../../nodes/shared/redact';
import { routes } from '../../nodes/shared/transport/routes';

const node: INode = {
	id: '1',
	name: 'VTEX Catalog',
	type: 'n8n-nodes-vtex-marketplace.vtexCatalog',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** An invented key pair, the values the sandbox of the credential test case expects. */
const invented = ['vtexappkey-acmestore-QJXWPL', 'tok-4c1e9a-invented-only'];
const [appKey, appToken] = invented;

describe('redact', () => {
	it('replaces secrets in text', () => {
		expect(redactText(`key ${appKey} token ${appToken}`, [appKey, appToken])).toBe(
			`key ${REDACTED} token ${REDACTED}`,
		);
	});

	it('drops secret headers and secret values in nested data', () => {
		const value = redactValue(
			{
				headers: { 'X-VTEX-API-AppToken': appToken, accept: 'application/json' },
				list: [`echo ${appKey}`],
			},
			[appKey, appToken],
		);

		expect(value).toEqual({
			headers: { 'X-VTEX-API-AppToken': REDACTED, accept: 'application/json' },
			list: [`echo ${REDACTED}`],
		});
	});

	it('leaves very short secrets alone', () => {
		expect(redactText('a key', ['k'])).toBe('a key');
	});
});

describe('describeFailure', () => {
	const base = { route: routes.skuContext('1001'), baseUrl: 'http://127.0.0.1', attempts: 1 };

	it('names the credential fields on 401', () => {
		const { message, description } = describeFailure({ ...base, status: 401, subject: 'SKU 1001' });

		expect(message).toContain('refused the app key or app token (HTTP 401)');
		expect(description).toContain('App Key and App Token');
	});

	it('names the missing permission on 403', () => {
		const { message, description } = describeFailure({ ...base, status: 403 });

		expect(message).toContain('lacks permission');
		expect(message).toContain('HTTP 403');
		expect(description).toContain('Product and SKU Management');
	});

	it('names the SKU and the remedy after repeated 429', () => {
		const { message, description } = describeFailure({
			...base,
			status: 429,
			attempts: 5,
			subject: 'SKU 1001',
		});

		expect(message).toBe('VTEX kept throttling requests for SKU 1001 after 5 attempts (HTTP 429)');
		expect(description).toContain('Requests per Second');
	});

	it('says which host could not be reached', () => {
		const { message } = describeFailure({ ...base, networkCode: 'ECONNREFUSED' });

		expect(message).toContain('Could not reach VTEX at http://127.0.0.1');
		expect(message).toContain('ECONNREFUSED');
	});
});

describe('readBodyMessage', () => {
	it('reads the Catalog, Checkout and text shapes', () => {
		expect(readBodyMessage({ Message: 'ProductAssortment not found.' })).toBe(
			'ProductAssortment not found.',
		);
		expect(readBodyMessage({ error: { code: 'CHK0032', message: 'Invalid item' } })).toBe(
			'CHK0032: Invalid item',
		);
		expect(readBodyMessage("Parameter _from can't be greater than 2500.")).toBe(
			"Parameter _from can't be greater than 2500.",
		);
	});
});

describe('createApiError', () => {
	it('keeps the host in a network failure message', () => {
		const error = createApiError(
			node,
			{
				route: routes.skuContext('1001'),
				baseUrl: 'http://127.0.0.1:9',
				attempts: 1,
				networkCode: 'ECONNREFUSED',
			},
			[appKey, appToken],
		);

		expect(error.message).toContain('Could not reach VTEX at http://127.0.0.1:9');
		expect(error.message).toContain('ECONNREFUSED');
	});

	it('shows no part of a token cut by the text limit', () => {
		// The token starts 5 characters before the 300-character limit of the shown VTEX text.
		const text = `${'x'.repeat(295)}${appToken} is not valid`;

		const error = createApiError(
			node,
			{
				route: routes.skuContext('1001'),
				baseUrl: 'http://127.0.0.1',
				attempts: 1,
				status: 400,
				body: text,
			},
			[appKey, appToken],
		);

		expect(error.description).not.toContain(appToken.slice(0, 5));
	});

	it('removes the key and token from message, description and cause', () => {
		const error = createApiError(
			node,
			{
				route: routes.simulation(),
				baseUrl: 'http://127.0.0.1',
				attempts: 1,
				status: 400,
				body: { Message: `Token ${appToken} rejected for key ${appKey}` },
				subject: `SKU ${appKey}`,
			},
			[appKey, appToken],
			3,
		);
		const shown = JSON.stringify({
			message: error.message,
			description: error.description,
			messages: error.messages,
			cause: error.cause,
			context: error.context,
		});

		expect(shown).not.toContain(appToken);
		expect(shown).not.toContain(appKey);
		expect(error.description).toContain(REDACTED);
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(3);
	});
});
