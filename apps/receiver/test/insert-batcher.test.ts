import type { InsertResult, NewEvent, Store } from '@ghl-payments/store';
import { createTestDatabase, openDatabase, paymentEvent, TestDatabase } from '@ghl-payments/test-support';
import { chooseInsertNotification, createInsertBatcher } from '../src/insert-batcher';

/** The real store, with its insertEvents calls counted. */
function counting(store: Store): { store: Store; batches: number[] } {
  const batches: number[] = [];
  return {
    batches,
    store: { ...store, insertEvents: (items) => { batches.push(items.length); return store.insertEvents(items); } },
  };
}

describe('the receiver\'s insert batcher', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('stores the notifications of one turn with one call; each resolves once its row is visible to another connection', async () => {
    const { store, batches } = counting(t.db);
    const insert = createInsertBatcher(store);
    const other = openDatabase(t);
    try {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => insert(paymentEvent(`b${i}`, i), 1000 + i)));
      expect(batches).toEqual([40]);
      expect(new Set(results.map((r) => r.id)).size).toBe(40);
      const rows = await other.knex('webhook_events').select('id', 'dedup_key', 'received_at');
      expect(rows).toHaveLength(40);
      const byKey = new Map(rows.map((r) => [r.dedup_key, r]));
      results.forEach((r, i) => {
        expect(Number(byKey.get(`webhook:payment:b${i}`)!.id)).toBe(r.id);
        expect(Number(byKey.get(`webhook:payment:b${i}`)!.received_at)).toBe(1000 + i);
      });
    } finally {
      await other.close();
    }
  });

  it('a notification arriving after the turn goes into a batch of its own; copies in one batch are one event', async () => {
    const { store, batches } = counting(t.db);
    const insert = createInsertBatcher(store);
    const [a, b] = await Promise.all([insert(paymentEvent('x', 1), 1), insert(paymentEvent('x', 1), 2)]);
    const c = await insert(paymentEvent('y', 2), 3);
    expect(batches).toEqual([2, 1]);
    expect([a.duplicate, b.duplicate]).toEqual([false, true]);
    expect(b.id).toBe(a.id);
    expect(c.duplicate).toBe(false);
  });

  it('fails only the notification the schema refuses', async () => {
    const insert = createInsertBatcher(t.db);
    const bad: NewEvent = { ...paymentEvent('bad', 3), source: null as unknown as NewEvent['source'] };
    const outcomes = await Promise.allSettled([insert(paymentEvent('ok1', 1), 1), insert(bad, 1), insert(paymentEvent('ok2', 2), 1)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('is what the receiver uses on SQLite only; on PostgreSQL each notification is inserted on its own', async () => {
    const { store, batches } = counting(t.db);
    const insert = chooseInsertNotification(store);
    const results: InsertResult[] = await Promise.all([insert(paymentEvent('z1', 9), 1), insert(paymentEvent('z2', 9), 1)]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false]);
    expect(batches).toEqual(t.db.dialect === 'sqlite' ? [2] : []);
  });
});
