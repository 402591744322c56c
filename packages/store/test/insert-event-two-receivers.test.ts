import type { InsertResult, NewEvent, Store } from '@ghl-payments/store';
import { createTestDatabase, openDatabase, paymentEvent, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

async function storedRows(db: Store): Promise<Array<{ id: number; dedup_key: string; received_at: number; duplicates: number }>> {
  const rows = await db.knex('webhook_events').orderBy('id').select('id', 'dedup_key', 'received_at', 'duplicates');
  return rows.map((r) => ({ id: Number(r.id), dedup_key: r.dedup_key, received_at: Number(r.received_at), duplicates: Number(r.duplicates) }));
}

// Two receivers (two stores, as two processes would have) storing the same notifications at once.
describe(`store.insertEvent from two receivers at once (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('stores the first of two copies and counts the second as its duplicate', async () => {
    const first = await t.db.insertEvent(paymentEvent('same', 9), 1001);
    const [second, other] = await Promise.all([t.db.insertEvent(paymentEvent('same', 9), 1002), t.db.insertEvent(paymentEvent('x', 8), 1003)]);
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ id: first.id, duplicate: true });
    expect(other.duplicate).toBe(false);
    const stored = (await storedRows(t.db)).find((r) => r.dedup_key === 'webhook:payment:same')!;
    expect(stored).toMatchObject({ id: first.id, received_at: 1001, duplicates: 1 });
  });

  it('when one notification cannot be stored, only its caller sees the error', async () => {
    const tooLong: NewEvent = { ...paymentEvent('long', 1), resourceId: 'x'.repeat(200) }; // resource_id is varchar(128)
    const outcomes = await Promise.allSettled([
      t.db.insertEvent(paymentEvent('ok1', 2), 1000), t.db.insertEvent(tooLong, 1000), t.db.insertEvent(paymentEvent('ok2', 3), 1000),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(TEST_DIALECT === 'postgres' ? ['fulfilled', 'rejected', 'fulfilled'] : ['fulfilled', 'fulfilled', 'fulfilled']);
    // SQLite does not enforce varchar lengths: the long one is stored there
    expect((await storedRows(t.db)).map((r) => r.dedup_key)).toEqual(expect.arrayContaining(['webhook:payment:ok1', 'webhook:payment:ok2']));
  });

  it('the same notifications inserted in opposite orders by two receivers are stored once each, neither failing', async () => {
    const a = openDatabase(t, { poolMax: 4 });
    const b = openDatabase(t, { poolMax: 4 });
    try {
      for (let round = 0; round < 2; round += 1) {
        const keys = Array.from({ length: 150 }, (_, i) => `r${round}-${i}`);
        const [fromA, fromB] = await Promise.all([
          Promise.all(keys.map((k, i) => a.insertEvent(paymentEvent(k, i), 1000))),
          Promise.all([...keys].reverse().map((k, i) => b.insertEvent(paymentEvent(k, i), 2000))),
        ]);
        const fromBInKeyOrder: InsertResult[] = [...fromB].reverse();
        keys.forEach((_, i) => {
          expect(fromA[i].id).toBe(fromBInKeyOrder[i].id); // one row per notification, whoever stored it
          expect(fromA[i].duplicate).not.toBe(fromBInKeyOrder[i].duplicate);
        });
      }
      const rows = await storedRows(t.db);
      expect(rows).toHaveLength(300);
      expect(rows.every((r) => r.duplicates === 1)).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
