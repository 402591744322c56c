import { RetryableError } from '@ghl-payments/core';
import { createCallCounters, createGhlClient, createSharedRateLimiter, RateLimiter, SharedBudget, sharedBudgetMarginMs } from '@ghl-payments/pipeline';
import { createFakeGhl } from '@ghl-payments/sandbox';
import type { BudgetSlot, BudgetSlotRequest } from '@ghl-payments/store';
import { createManualClock, ManualClock } from './support/manual-clock';

/** The store's takeBudgetSlot in memory (same rule: `requests` per sliding `perMs`), recording every request. */
function memoryBudget(): SharedBudget & { grants: Map<string, number[]>; requests: BudgetSlotRequest[] } {
  const grants = new Map<string, number[]>();
  const requests: BudgetSlotRequest[] = [];
  return {
    grants,
    requests,
    async takeBudgetSlot(request): Promise<BudgetSlot> {
      requests.push(request);
      const kept = (grants.get(request.locationId) ?? []).filter((g) => g > request.now - request.perMs).sort((a, b) => a - b);
      grants.set(request.locationId, kept);
      if (kept.length < request.requests) {
        kept.push(request.now);
        return { granted: true };
      }
      return { granted: false, retryAt: kept[kept.length - request.requests] + request.perMs };
    },
  };
}

describe('createSharedRateLimiter (the budget kept in the database)', () => {
  let clock: ManualClock;
  beforeEach(() => { clock = createManualClock(0); });

  function acquireMany(limiter: RateLimiter, n: number): { granted: number[]; errors: unknown[] } {
    const granted: number[] = [];
    const errors: unknown[] = [];
    for (let i = 0; i < n; i += 1) void limiter.acquire().then(() => { granted.push(clock.now()); }, (err: unknown) => { errors.push(err); });
    return { granted, errors };
  }

  it('adds a margin to the window: 500 ms at 100/10s and above, 5 % of smaller windows', () => {
    expect(sharedBudgetMarginMs(10_000)).toBe(500);
    expect(sharedBudgetMarginMs(60_000)).toBe(500);
    expect(sharedBudgetMarginMs(2000)).toBe(100);
  });

  it('takes slots from the shared budget, and sleeps until the retryAt it is given when the window is full', async () => {
    const budget = memoryBudget();
    const limiter = createSharedRateLimiter({
      budget, key: 'loc-1', limit: { requests: 3, perMs: 1000 }, marginMs: 100, maxWaitMs: 60_000, clock, service: 'ghl',
    });
    const { granted } = acquireMany(limiter, 7);
    await clock.advance(0);
    expect(granted).toEqual([0, 0, 0]);
    expect(budget.requests.every((r) => r.locationId === 'loc-1' && r.requests === 3 && r.perMs === 1100)).toBe(true);
    await clock.advance(1099);
    expect(granted).toHaveLength(3);
    await clock.advance(1);
    expect(granted).toEqual([0, 0, 0, 1100, 1100, 1100]);
    await clock.advance(1100);
    expect(granted).toEqual([0, 0, 0, 1100, 1100, 1100, 2200]);
  });

  it('shares one budget between limiters (processes) of one location, and none with another location', async () => {
    const budget = memoryBudget();
    const make = (key: string) => createSharedRateLimiter({
      budget, key, limit: { requests: 2, perMs: 1000 }, marginMs: 0, maxWaitMs: 60_000, clock, service: 'ghl',
    });
    const [a, b, other] = [make('loc-1'), make('loc-1'), make('loc-2')];
    const fromA = acquireMany(a, 2);
    const fromB = acquireMany(b, 2);
    const fromOther = acquireMany(other, 2);
    await clock.advance(0);
    expect([...fromA.granted, ...fromB.granted]).toEqual([0, 0]); // two for the location, whichever process
    expect(fromOther.granted).toEqual([0, 0]);
    await clock.advance(1000);
    expect([...fromA.granted, ...fromB.granted].sort((x, y) => x - y)).toEqual([0, 0, 1000, 1000]);
  });

  it('asks the database once per process when a slot frees, not once per waiting call', async () => {
    const budget = memoryBudget();
    const limiter = createSharedRateLimiter({
      budget, key: 'loc-1', limit: { requests: 1, perMs: 1000 }, marginMs: 0, maxWaitMs: 60_000, clock, service: 'ghl',
    });
    const { granted } = acquireMany(limiter, 10);
    await clock.advance(0);
    expect(granted).toEqual([0]);
    expect(budget.requests).toHaveLength(2); // the grant, then one refusal; the 8 others wait for its retryAt
    await clock.advance(1000);
    expect(granted).toEqual([0, 1000]);
    expect(budget.requests).toHaveLength(4);
  });

  it('defers instead of waiting longer than maxWaitMs, without counting the attempt', async () => {
    const counters = createCallCounters();
    const limiter = createSharedRateLimiter({
      budget: memoryBudget(), key: 'loc-1', limit: { requests: 1, perMs: 10_000 }, marginMs: 500, maxWaitMs: 2000, clock, service: 'ghl', hooks: counters.hooks,
    });
    await limiter.acquire();
    const error = await limiter.acquire().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ countsAsAttempt: false, notBefore: 10_500, service: 'ghl' });
    expect(counters.rateLimitWaits.ghl).toMatchObject({ deferred: 1, waited: 0 });
  });

  it('counts the whole wait against maxWaitMs: a call that keeps losing the race is deferred', async () => {
    const budget = memoryBudget();
    const limiter = createSharedRateLimiter({
      budget, key: 'loc-1', limit: { requests: 1, perMs: 1000 }, marginMs: 0, maxWaitMs: 1500, clock, service: 'ghl',
    });
    await limiter.acquire();
    const waiting = acquireMany(limiter, 1);
    await clock.advance(999);
    await budget.takeBudgetSlot({ locationId: 'loc-1', requests: 1, perMs: 1000, now: 1000 }); // another process wins the slot of 1000
    await clock.advance(1);
    expect(waiting.granted).toEqual([]);
    expect(waiting.errors).toHaveLength(1);
    expect(waiting.errors[0]).toMatchObject({ countsAsAttempt: false, notBefore: 2000 });
  });

  it('holds every call until an upstream-imposed pause ends, and moves callers already waiting', async () => {
    const budget = memoryBudget();
    const limiter = createSharedRateLimiter({
      budget, key: 'loc-1', limit: { requests: 1, perMs: 1000 }, marginMs: 0, maxWaitMs: 60_000, clock, service: 'ghl',
    });
    const { granted } = acquireMany(limiter, 2);
    await clock.advance(500);
    expect(granted).toEqual([0]);
    limiter.holdUntil(3000);
    expect(limiter.heldUntil()).toBe(3000);
    const taken = budget.requests.length;
    await clock.advance(2499);
    expect(granted).toEqual([0]);
    expect(budget.requests.length).toBe(taken); // no slot was taken (and wasted) during the hold
    await clock.advance(1);
    expect(granted).toEqual([0, 3000]);
  });

  it('defers the event, not counted, when the database cannot be reached', async () => {
    const limiter = createSharedRateLimiter({
      budget: { takeBudgetSlot: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) },
      key: 'loc-1', limit: { requests: 100, perMs: 10_000 }, maxWaitMs: 15_000, clock, service: 'ghl',
    });
    const error = await limiter.acquire().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ countsAsAttempt: false });
    expect((error as Error).message).toMatch(/shared request budget unavailable \(connect ECONNREFUSED/);
    // the next call tries the database again
    const again = await limiter.acquire().catch((err: unknown) => err);
    expect(again).toBeInstanceOf(RetryableError);
  });

  it('is what the GHL client uses when given the store and a limit, keyed by its location; the in-process limiter otherwise', async () => {
    const ghl = await createFakeGhl({ token: 'TEST-ghl-token', locationId: 'loc-test' });
    const budget = memoryBudget();
    const options = { apiUrl: ghl.url, token: 'TEST-ghl-token', locationId: 'loc-test', apiVersion: '2021-07-28', timeoutMs: 2000, now: Date.now };
    const shared = createGhlClient({ ...options, rateLimit: { requests: 100, perMs: 10_000 }, budget });
    const unlimited = createGhlClient({ ...options, rateLimit: null, budget });
    const alone = createGhlClient({ ...options, rateLimit: { requests: 100, perMs: 10_000 } });
    try {
      await shared.getLocation();
      expect(budget.requests).toEqual([expect.objectContaining({ locationId: 'loc-test', requests: 100, perMs: 10_500 })]);
      await unlimited.getLocation();
      await alone.getLocation();
      expect(budget.requests).toHaveLength(1);
    } finally {
      [shared, unlimited, alone].forEach((c) => c.close());
      await ghl.close();
    }
  });
});
