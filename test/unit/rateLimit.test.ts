import {
	DEFAULT_REQUESTS_PER_SECOND,
	RequestPacer,
	getPacer,
	resetPacers,
} from '../../nodes/shared/transport/rateLimit';
import { catalogRateOption, simulationRateOption } from '../../nodes/shared/descriptions';

function pacerAt(rate: number): { pacer: RequestPacer; clock: { now: number } } {
	const clock = { now: 1_000_000 };
	return { pacer: new RequestPacer(rate, () => clock.now), clock };
}

describe('RequestPacer', () => {
	it('spaces requests evenly at the rate', () => {
		const { pacer } = pacerAt(20);

		const delays = [pacer.reserve(), pacer.reserve(), pacer.reserve(), pacer.reserve()];

		expect(delays).toEqual([0, 50, 100, 150]);
	});

	it('does not save up unused time as a burst', () => {
		const { pacer, clock } = pacerAt(10);
		pacer.reserve();

		clock.now += 10_000;

		expect(pacer.reserve()).toBe(0);
		expect(pacer.reserve()).toBe(100);
	});

	it('holds every request for Retry-After and halves the rate after a 429', () => {
		const { pacer } = pacerAt(10);

		pacer.onThrottled(2000);

		expect(pacer.currentRate()).toBe(5);
		expect(pacer.reserve()).toBe(2000);
		expect(pacer.reserve()).toBe(2200);
	});

	it('halves once for 429s of one episode', () => {
		const { pacer, clock } = pacerAt(40);

		pacer.onThrottled(0);
		pacer.onThrottled(0);
		pacer.onThrottled(0);
		expect(pacer.currentRate()).toBe(20);

		clock.now += 1000;
		pacer.onThrottled(0);
		expect(pacer.currentRate()).toBe(10);
	});

	it('caps the Retry-After delay at 120 s', () => {
		const { pacer } = pacerAt(10);

		pacer.onThrottled(3_600_000);

		expect(pacer.reserve()).toBe(120_000);
	});

	it('recovers the rate after successes', () => {
		const { pacer } = pacerAt(10);
		pacer.onThrottled(0);

		for (let i = 0; i < 100; i++) pacer.onSuccess();

		expect(pacer.currentRate()).toBe(10);
	});

	it('follows the refill rate when Ratelimit-Remaining is low', () => {
		const { pacer } = pacerAt(100);

		pacer.onRateLimitHeaders({ limit: 20, remaining: 2, resetSeconds: 2 });

		expect(pacer.currentRate()).toBeCloseTo(8.1, 5);
	});

	it('ignores Ratelimit headers while the budget is high', () => {
		const { pacer } = pacerAt(100);

		pacer.onRateLimitHeaders({ limit: 20, remaining: 15, resetSeconds: 1 });

		expect(pacer.currentRate()).toBe(100);
	});

	it('returns to its rate once the Ratelimit-Reset time passed', () => {
		const { pacer, clock } = pacerAt(100);
		pacer.onRateLimitHeaders({ limit: 20, remaining: 0, resetSeconds: 2 });

		clock.now += 2001;

		expect(pacer.currentRate()).toBe(100);
	});
});

describe('getPacer', () => {
	beforeEach(() => resetPacers());

	it('shares one pacer per account and family', () => {
		expect(getPacer('acme', 'catalog')).toBe(getPacer('ACME', 'catalog'));
		expect(getPacer('acme', 'catalog')).not.toBe(getPacer('acme', 'simulation'));
		expect(getPacer('acme', 'catalog')).not.toBe(getPacer('other', 'catalog'));
	});

	it('applies the family default and an override', () => {
		expect(getPacer('acme', 'simulation').currentRate()).toBe(20);
		expect(getPacer('acme', 'simulation', 5).currentRate()).toBe(5);
	});

	it('divides the rate among sharing processes', () => {
		expect(getPacer('acme', 'simulation', undefined, 4).currentRate()).toBe(5);
		expect(getPacer('acme', 'simulation', 30, 3).currentRate()).toBe(10);
		expect(getPacer('acme', 'simulation', undefined, 0).currentRate()).toBe(20);
	});

	it('matches the defaults shown in the node options', () => {
		expect(catalogRateOption.default).toBe(DEFAULT_REQUESTS_PER_SECOND.catalog);
		expect(simulationRateOption.default).toBe(DEFAULT_REQUESTS_PER_SECOND.simulation);
	});
});
