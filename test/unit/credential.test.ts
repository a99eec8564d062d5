import { Workflow } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { VtexApi } from '../../credentials/VtexApi.credentials';
import { nodeTypes } from '../harness';

const credential = new VtexApi();

const node: INode = {
	id: '1',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

function testBaseUrl(data: ICredentialDataDecryptedObject): string {
	const expression = credential.test.request.baseURL as string;
	return String(
		workflow.expression.getSimpleParameterValue(
			node,
			expression,
			'internal',
			{ $credentials: data },
			undefined,
			'',
		),
	);
}

describe('VtexApi credential', () => {
	it('tests against the account host', () => {
		expect(testBaseUrl({ accountName: 'acmestore', environment: 'vtexcommercestable' })).toBe(
			'https://acmestore.vtexcommercestable.com.br',
		);
		expect(credential.test.request.url).toBe('/api/catalog_system/pvt/saleschannel/list');
	});

	it('prefers the base URL override', () => {
		expect(testBaseUrl({ accountName: 'acmestore', baseUrl: 'http://127.0.0.1:4000/' })).toBe(
			'http://127.0.0.1:4000',
		);
	});

	it('sends an invalid account name to a reserved host', () => {
		expect(testBaseUrl({ accountName: 'evil.example.com/x', environment: '' })).toBe(
			'https://account-name-must-use-letters-digits-hyphens.invalid',
		);
	});

	it('turns 401 and 403 into sentences', () => {
		const rules = credential.test.rules ?? [];
		const byStatus = new Map(
			rules.map((rule) => [(rule.properties as { value: number }).value, rule.properties.message]),
		);

		expect(byStatus.get(401)).toContain('refused the app key or app token (HTTP 401)');
		expect(byStatus.get(403)).toContain('lacks a permission (HTTP 403)');
	});

	it('sends the key pair as VTEX headers', () => {
		expect(credential.authenticate.properties.headers).toEqual({
			'X-VTEX-API-AppKey': '={{$credentials.appKey}}',
			'X-VTEX-API-AppToken': '={{$credentials.appToken}}',
		});
	});
});
