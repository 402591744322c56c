import { RetryableError } from '@ghl-payments/core';
import { createCallCounters, createRateLimiter, RateLimiter } from '@ghl-payments/pipeline';
import { createManualClock, ManualClock } from './support/manual-clock';

describe('createRateLimiter', () => {
  let clock: ManualClock;
  beforeEach(() => { clock = createManualClock(0); });

  /** Starts n acquires at once and records the (virtual) time each was granted. */
  function acquireMany(limiter: RateLimiter, n: number): number[] {
    const granted: number[] = [];
    for (let i = 0; i < n; i += 1) void limiter.acquire().then(() => { granted.push(clock.now()); });
    return granted;
  }

  it('lets `requests` calls through per window and queues the rest in arrival order', async () => {
    const limiter = createRateLimiter({ limit: { requests: 3, perMs: 1000 }, maxWaitMs: 60_000, clock, service: 'ghl' });
    const granted = acquireMany(limiter, 7);
    await clock.advance(0);
    expect(granted).toEqual([0, 0, 0]);
    await clock.advance(999);
    expect(granted).toHaveLength(3);
    await clock.advance(1);
    expect(granted).toEqual([0, 0, 0, 1000, 1000, 1000]);
    await clock.advance(1000);
    expect(granted).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('is a sliding window: a slot frees exactly perMs after the call that used it', async () => {
    const limiter = createRateLimiter({ limit: { requests: 3, perMs: 1000 }, maxWaitMs: 60_000, clock, service: 'ghl' });
    const granted: number[] = [];
    for (const gap of [0, 400, 400]) {
      await clock.advance(gap);
      await limiter.acquire();
      granted.push(clock.now());
    }
    void limiter.acquire().then(() => granted.push(clock.now()));
    void limiter.acquire().then(() => granted.push(clock.now()));
    await clock.advance(1000);
    expect(granted).toEqual([0, 400, 800, 1000, 1400]);
  });

  it('defers instead of waiting longer than maxWaitMs, without counting the attempt', async () => {
    const counters = createCallCounters();
    const limiter = createRateLimiter({ limit: { requests: 1, perMs: 10_000 }, maxWaitMs: 2000, clock, service: 'ghl', hooks: counters.hooks });
    await limiter.acquire();
    const error = await limiter.acquire().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ countsAsAttempt: false, notBefore: 10_000, service: 'ghl' });
    expect(counters.rateLimitWaits.ghl).toMatchObject({ deferred: 1, waited: 0 });
  });

  it('counts waits through the hooks', async () => {
    const counters = createCallCounters();
    const limiter = createRateLimiter({ limit: { requests: 1, perMs: 500 }, maxWaitMs: 5000, clock, service: 'ghl', hooks: counters.hooks });
    acquireMany(limiter, 3);
    await clock.advance(1000);
    expect(counters.rateLimitWaits.ghl).toEqual({ waited: 2, deferred: 0, waitedMs: 1500 });
  });

  it('holds every call until an upstream-imposed pause ends, even with no client-side limit', async () => {
    const limiter = createRateLimiter({ limit: null, maxWaitMs: 60_000, clock, service: 'ghl' });
    const free = acquireMany(limiter, 2);
    await clock.advance(0);
    expect(free).toEqual([0, 0]);
    limiter.holdUntil(5000);
    const held = acquireMany(limiter, 2);
    await clock.advance(4999);
    expect(held).toHaveLength(0);
    await clock.advance(1);
    expect(held).toEqual([5000, 5000]);
  });

  it('moves callers already waiting when a pause is announced while they sleep', async () => {
    const limiter = createRateLimiter({ limit: { requests: 1, perMs: 1000 }, maxWaitMs: 60_000, clock, service: 'ghl' });
    const granted = acquireMany(limiter, 2);
    await clock.advance(500);
    expect(granted).toEqual([0]);
    limiter.holdUntil(3000);
    await clock.advance(1000);
    expect(granted).toEqual([0]);
    await clock.advance(1500);
    expect(granted).toEqual([0, 3000]);
    expect(clock.sleepers()).toBe(0);
  });

  it('never lets more than `requests` through in any window under a steady overload', async () => {
    const limiter = createRateLimiter({ limit: { requests: 5, perMs: 1000 }, maxWaitMs: 60_000, clock, service: 'ghl' });
    const granted = acquireMany(limiter, 40);
    await clock.advance(10_000);
    expect(granted).toHaveLength(40);
    for (const t of granted) expect(granted.filter((g) => g > t - 1000 && g <= t).length).toBeLessThanOrEqual(5);
  });
});
