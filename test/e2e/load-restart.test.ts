import { listingRequests, restartTestSize, runLoadWithRestart } from '../helpers/load-restart.cjs';
import { verifyInitialLoad } from '../helpers/initial-load.cjs';

// 20,000 SKUs by default: 18 listing pages of 1,000 IDs and an empty 19th. n8n is killed when
// the middle page is requested, so the pages before it are finished and it is being read.
const { skuCount: SKU_COUNT, killAtPage: KILL_AT_PAGE } = restartTestSize();
const RUN_TIMEOUT_MS = 40 * 60 * 1000;

describe('initial load after an n8n crash', () => {
	it(
		'resumes and sends every SKU once',
		async () => {
			const result = await runLoadWithRestart({
				skuCount: SKU_COUNT,
				killAtPage: KILL_AT_PAGE,
				timeoutMs: RUN_TIMEOUT_MS,
			});
			const { eligibleCount, problems } = verifyInitialLoad(result.state, result.journal);
			const { summary } = result.resumed;

			// The killed run never sent its webhook response.
			expect(result.interrupted.status).toBeNull();
			expect(result.resumed.status).toBe(200);
			expect(problems.slice(0, 20)).toEqual([]);
			// About 79% of generated SKUs are eligible.
			expect(eligibleCount).toBeGreaterThan(SKU_COUNT * 0.75);
			expect(summary.status).toBe('finished');
			expect(summary.resumed).toBe(true);
			expect(summary.resumedAfterPage).toBe(KILL_AT_PAGE - 1);
			expect(summary.offersCreated).toBe(eligibleCount);
			expect(summary.errors).toBe(0);
			for (let page = 1; page < KILL_AT_PAGE; page++) {
				expect(`page ${page}: ${listingRequests(result.journal, page)}`).toBe(`page ${page}: 1`);
			}
			expect(listingRequests(result.journal, KILL_AT_PAGE)).toBe(2);
			expect(result.checkpointRows).toHaveLength(1);
			expect(result.checkpointRows[0]).toMatchObject({ status: 'finished', salesChannel: '2' });
		},
		2 * RUN_TIMEOUT_MS + 10 * 60 * 1000,
	);
});
