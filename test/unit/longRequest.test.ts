import { longRequest } from '../../scripts/runtime/longRequest';
import { startBrokenServer } from '../helpers/brokenResponses.cjs';

describe('longRequest', () => {
	let server: Awaited<ReturnType<typeof startBrokenServer>>;

	beforeAll(async () => {
		server = await startBrokenServer();
	});

	afterAll(async () => {
		await server.close();
	});

	it('names URL and timeout when aborted', async () => {
		const url = `${server.baseUrl}/stall`;
		const request = longRequest(url, { method: 'GET', headers: {}, timeoutMs: 200 });

		await expect(request).rejects.toThrow(`GET ${url} got no complete response within 0.2 s`);
	});

	it('names URL on a reset connection', async () => {
		const url = `${server.baseUrl}/reset`;
		const request = longRequest(url, { method: 'POST', headers: {}, body: '{}', timeoutMs: 10000 });

		await expect(request).rejects.toThrow(`POST ${url} failed: aborted`);
	});

	it('reads a chunked non-JSON body', async () => {
		const url = `${server.baseUrl}/chunked`;
		const response = await longRequest(url, { method: 'GET', headers: {}, timeoutMs: 10000 });

		expect(response.status).toBe(502);
		expect(response.text).toBe('<html>bad gateway</html>');
		expect(response.headers.get('content-type')).toBe('text/html');
	});
});
