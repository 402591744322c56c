import { Database, insertEvent, InsertResult, NewEvent } from '@ghl-payments/store';
import { openDatabase } from '../../../test/support/open-database';
import { paymentEvent } from '../../../test/support/payment-event';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';

/** Counts the prepared statements a database handle runs, by name (runPrepared emits Knex's `query` event). */
function countStatements(db: Database): Map<string, number> {
  const counts = new Map<string, number>();
  db.knex.on('query', (q: { prepared?: string }) => {
    if (q.prepared) counts.set(q.prepared, (counts.get(q.prepared) ?? 0) + 1);
  });
  return counts;
}

async function storedRows(db: Database): Promise<Array<{ id: number; dedup_key: string; received_at: number; duplicates: number }>> {
  const rows = await db.knex('webhook_events').orderBy('id').select('id', 'dedup_key', 'received_at', 'duplicates');
  return rows.map((r) => ({ id: Number(r.id), dedup_key: r.dedup_key, received_at: Number(r.received_at), duplicates: Number(r.duplicates) }));
}

// PostgreSQL only (the .postgres.test.ts suffix): notifications inserted in the same turn share one multi-row INSERT.
describe('insertEvent on PostgreSQL: one multi-row INSERT per turn of the event loop', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('stores notifications arriving together with one statement, each caller getting its own row id', async () => {
    const statements = countStatements(t.db);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => insertEvent(t.db, paymentEvent(`b${i}`, 70_000 + i), 5000 + i)));
    expect(statements.get('ghlp_insert_events')).toBe(1);
    expect(statements.get('ghlp_insert_event')).toBeUndefined();
    const rows = await storedRows(t.db);
    expect(rows).toHaveLength(50);
    const byKey = new Map(rows.map((r) => [r.dedup_key, r]));
    results.forEach((r, i) => {
      expect(r.duplicate).toBe(false);
      expect(r.id).toBe(byKey.get(`webhook:payment:b${i}`)!.id);
      expect(byKey.get(`webhook:payment:b${i}`)!.received_at).toBe(5000 + i);
    });
  });

  it('a caller alone still uses the single-row statement', async () => {
    const statements = countStatements(t.db);
    await insertEvent(t.db, paymentEvent('alone', 1), 1000);
    expect(statements.get('ghlp_insert_event')).toBe(1);
    expect(statements.get('ghlp_insert_events')).toBeUndefined();
  });

  it('splits a very large batch into statements of at most 500 rows', async () => {
    const statements = countStatements(t.db);
    const results = await Promise.all(Array.from({ length: 1_100 }, (_, i) => insertEvent(t.db, paymentEvent(`l${i}`, i), 1000)));
    expect(statements.get('ghlp_insert_events')).toBe(3);
    expect(new Set(results.map((r) => r.id)).size).toBe(1_100);
    expect(await storedRows(t.db)).toHaveLength(1_100);
  });

  it('stores the first of two copies arriving in the same batch and counts the second as its duplicate', async () => {
    const [first, second, other] = await Promise.all([
      insertEvent(t.db, paymentEvent('same', 9), 1001), insertEvent(t.db, paymentEvent('same', 9), 1002), insertEvent(t.db, paymentEvent('x', 8), 1003),
    ]);
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ id: first.id, duplicate: true });
    expect(other.duplicate).toBe(false);
    const stored = (await storedRows(t.db)).find((r) => r.dedup_key === 'webhook:payment:same')!;
    expect(stored).toMatchObject({ id: first.id, received_at: 1001, duplicates: 1 });
  });

  it('counts the copies of one notification arriving together with one statement', async () => {
    const statements = countStatements(t.db);
    const first = await insertEvent(t.db, paymentEvent('storm', 5), 1000);
    const storm = await Promise.all(Array.from({ length: 100 }, () => insertEvent(t.db, paymentEvent('storm', 5), 2000)));
    expect(storm.every((r) => r.duplicate && r.id === first.id)).toBe(true);
    expect(statements.get('ghlp_count_duplicates')).toBe(1);
    expect((await storedRows(t.db)).map((r) => [r.id, r.duplicates])).toEqual([[first.id, 100]]);
  });

  it('when one row cannot be stored, the others of its batch are stored and only its caller sees the error', async () => {
    const statements = countStatements(t.db);
    const tooLong: NewEvent = { ...paymentEvent('long', 1), resourceId: 'x'.repeat(200) }; // resource_id is varchar(128)
    const outcomes = await Promise.allSettled([
      insertEvent(t.db, paymentEvent('ok1', 2), 1000), insertEvent(t.db, tooLong, 1000), insertEvent(t.db, paymentEvent('ok2', 3), 1000),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/too long/);
    expect(statements.get('ghlp_insert_events')).toBe(1); // tried together first, then each on its own
    expect(statements.get('ghlp_insert_event')).toBe(3);
    expect((await storedRows(t.db)).map((r) => r.dedup_key).sort()).toEqual(['webhook:payment:ok1', 'webhook:payment:ok2']);
  });

  it('two receivers inserting the same notifications in opposite orders at once neither deadlock nor double-store', async () => {
    const a = openDatabase(t, { poolMax: 4 });
    const b = openDatabase(t, { poolMax: 4 });
    const singles = [countStatements(a), countStatements(b)];
    try {
      for (let round = 0; round < 3; round += 1) {
        const keys = Array.from({ length: 300 }, (_, i) => `r${round}-${i}`);
        const [fromA, fromB] = await Promise.all([
          Promise.all(keys.map((k, i) => insertEvent(a, paymentEvent(k, i), 1000))),
          Promise.all([...keys].reverse().map((k, i) => insertEvent(b, paymentEvent(k, i), 2000))),
        ]);
        const fromBInKeyOrder: InsertResult[] = [...fromB].reverse();
        keys.forEach((_, i) => {
          expect(fromA[i].id).toBe(fromBInKeyOrder[i].id); // one row per notification, whoever stored it
          expect(fromA[i].duplicate).not.toBe(fromBInKeyOrder[i].duplicate);
        });
      }
      // a failed multi-row statement (a deadlock) would have sent its rows again one by one
      expect(singles.map((s) => s.get('ghlp_insert_event') ?? 0)).toEqual([0, 0]);
      const rows = await storedRows(t.db);
      expect(rows).toHaveLength(900);
      expect(rows.every((r) => r.duplicates === 1)).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
