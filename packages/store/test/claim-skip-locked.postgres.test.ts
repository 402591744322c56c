import { Store } from '@ghl-payments/store';
import { TestDatabase, createTestDatabase, openDatabase, paymentEvent } from '@ghl-payments/test-support';

// PostgreSQL only (the .postgres.test.ts suffix): row locks and SKIP LOCKED do not exist on SQLite.
describe('the PostgreSQL claim skips rows locked by another transaction', () => {
  let t: TestDatabase;
  let other: Store;
  beforeEach(async () => {
    t = await createTestDatabase();
    other = openDatabase(t);
    for (let i = 0; i < 10; i += 1) await t.db.insertEvent(paymentEvent(`s${i}`, 50_000 + i), 1000 + i);
  });
  afterEach(async () => {
    await other.close();
    await t.destroy();
  });

  it('takes the next due rows at once instead of waiting for the lock holder', async () => {
    const trx = await other.knex.transaction();
    try {
      const locked = (await trx('webhook_events').orderBy('id').limit(4).forUpdate().pluck('id')).map(Number);
      const started = Date.now();
      const batch = await t.db.claimDueEvents({ owner: 'w1', limit: 4, leaseMs: 60_000, now: 5000 });
      expect(Date.now() - started).toBeLessThan(1000); // did not block on the locked rows
      expect(batch).toHaveLength(4);
      batch.forEach((e) => expect(locked).not.toContain(e.id));
      // the lock holder's rows are still pending; once released, the next claim takes them
      await trx.rollback();
      const rest = await t.db.claimDueEvents({ owner: 'w2', limit: 10, leaseMs: 60_000, now: 5000 });
      expect(rest.map((e) => e.id).sort((a, b) => a - b)).toEqual(expect.arrayContaining(locked));
      expect(rest).toHaveLength(6);
    } finally {
      if (!trx.isCompleted()) await trx.rollback();
    }
  });

  it('gives each row to exactly one of many concurrent claims from two pools', async () => {
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? t.db : other).claimDueEvents({ owner: `w${i}`, limit: 1, leaseMs: 60_000, now: 5000 })));
    const ids = claims.flat().map((e) => e.id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });
});
