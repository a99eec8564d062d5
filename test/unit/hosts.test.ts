import { resolveHostUrls } from '../../nodes/shared/transport/hosts';

describe('resolveHostUrls', () => {
	it('builds the three VTEX hosts from the account', () => {
		const hosts = resolveHostUrls({ accountName: 'acmestore', environment: 'vtexcommercestable' });

		expect(hosts).toEqual({
			accountName: 'acmestore',
			account: 'https://acmestore.vtexcommercestable.com.br',
			pricing: 'https://api.vtex.com/acmestore',
			mapper: 'https://portal.vtexcommercestable.com.br',
		});
	});

	it('uses the default environment when it is empty', () => {
		const hosts = resolveHostUrls({ accountName: 'acme-store2', environment: '' });

		expect(hosts).toMatchObject({ account: 'https://acme-store2.vtexcommercestable.com.br' });
	});

	it('points every host at the base URL override', () => {
		const hosts = resolveHostUrls({ accountName: 'acmestore', baseUrl: 'http://127.0.0.1:4000/' });

		expect(hosts).toEqual({
			accountName: 'acmestore',
			account: 'http://127.0.0.1:4000',
			pricing: 'http://127.0.0.1:4000/acmestore',
			mapper: 'http://127.0.0.1:4000',
		});
	});

	it.each([
		['evil.example.com/x'],
		['acme#'],
		['acme store'],
		['acme@evil.example.com'],
		['-acme'],
		[''],
	])('rejects the account name %p', (accountName) => {
		const hosts = resolveHostUrls({ accountName, environment: 'vtexcommercestable' });

		expect(hosts).toHaveProperty('problem');
		expect((hosts as { problem: string }).problem).toContain('letters, digits and hyphens');
	});

	it('rejects an account name that would change the pricing path', () => {
		const hosts = resolveHostUrls({ accountName: '../admin', baseUrl: 'http://127.0.0.1:4000' });

		expect(hosts).toHaveProperty('problem');
	});

	it('rejects an environment with a path', () => {
		const hosts = resolveHostUrls({ accountName: 'acme', environment: 'evil.example.com/x' });

		expect(hosts).toHaveProperty('problem');
	});

	it('rejects a base URL without scheme', () => {
		const hosts = resolveHostUrls({ accountName: 'acme', baseUrl: '127.0.0.1:4000' });

		expect(hosts).toHaveProperty('problem');
	});
});
