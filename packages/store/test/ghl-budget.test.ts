import type { BudgetSlot, Store } from '@ghl-payments/store';
import { createTestDatabase, openDatabase, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

describe(`takeBudgetSlot: GoHighLevel's budget shared through the database (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  const take = (db: Store, now: number, locationId = 'loc-a', requests = 3, perMs = 1000): Promise<BudgetSlot> =>
    db.takeBudgetSlot({ locationId, requests, perMs, now });

  it('grants `requests` slots within the window, then refuses with the instant the oldest of them leaves it', async () => {
    expect(await take(t.db, 1000)).toEqual({ granted: true });
    expect(await take(t.db, 1200)).toEqual({ granted: true });
    expect(await take(t.db, 1500)).toEqual({ granted: true });
    expect(await take(t.db, 1600)).toEqual({ granted: false, retryAt: 2000 });
    expect(await take(t.db, 1999)).toEqual({ granted: false, retryAt: 2000 });
    // a refusal records nothing: the slot of 1000 frees exactly one window later
    expect(await take(t.db, 2000)).toEqual({ granted: true });
    expect(await take(t.db, 2000)).toEqual({ granted: false, retryAt: 2200 });
    expect(await take(t.db, 2200)).toEqual({ granted: true });
    expect(await take(t.db, 2300)).toEqual({ granted: false, retryAt: 2500 });
  });

  it('forgets grants older than the window: the table holds about one window per location', async () => {
    for (const now of [1000, 1100, 1200]) expect(await take(t.db, now)).toEqual({ granted: true });
    expect(await take(t.db, 5000)).toEqual({ granted: true }); // every earlier grant has expired
    expect(await take(t.db, 5001)).toEqual({ granted: true });
    const rows = await t.db.knex('ghl_budget_grants').where('location_id', 'loc-a').orderBy('granted_at').pluck('granted_at');
    expect(rows.map(Number)).toEqual([5000, 5001]);
  });

  it('keeps each location\'s budget apart', async () => {
    for (let i = 0; i < 3; i += 1) expect(await take(t.db, 1000 + i, 'loc-a')).toEqual({ granted: true });
    expect(await take(t.db, 1010, 'loc-a')).toEqual({ granted: false, retryAt: 2000 });
    for (let i = 0; i < 3; i += 1) expect(await take(t.db, 1010 + i, 'loc-b')).toEqual({ granted: true });
    expect(await take(t.db, 1020, 'loc-b')).toEqual({ granted: false, retryAt: 2010 });
    expect(await take(t.db, 2000, 'loc-a')).toEqual({ granted: true });
    expect(await take(t.db, 2001, 'loc-b')).toEqual({ granted: false, retryAt: 2010 });
  });

  it('grants exactly `requests` of 20 concurrent calls from two connection pools, whatever order their times arrive in', async () => {
    const other = openDatabase(t);
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : t.db).takeBudgetSlot({
        locationId: 'loc-race', requests: 5, perMs: 10_000, now: 50_000 + ((i * 7) % 20), // out of order, like callers delayed by the lock
      })));
      expect(answers.filter((a) => a.granted)).toHaveLength(5);
      const grants = (await t.db.knex('ghl_budget_grants').where('location_id', 'loc-race').pluck('granted_at')).map(Number).sort((a, b) => a - b);
      expect(grants).toHaveLength(5);
      // every refusal names an instant no earlier than the window after the oldest of the 5 granted
      for (const a of answers) if (!a.granted) expect(a.retryAt).toBeGreaterThanOrEqual(grants[0] + 10_000);
    } finally {
      await other.close();
    }
  });
});
