import { NewEvent, Store, openStore } from '@ghl-payments/store';
import { TEST_DIALECT, TestDatabase, createTestDatabase } from '@ghl-payments/test-support';

function makeEvent(n: number, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    dedupKey: `webhook:payment:g${n}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment',
    action: 'payment.created', resourceId: String(2000 + n), notificationId: `g${n}`, requestId: null,
    signature: 'valid', payload: '{}', headers: { 'x-request-id': `r${n}` }, query: { 'data.id': String(2000 + n) }, ...overrides,
  };
}

async function countRows(db: Store): Promise<number> {
  const row = await db.knex('webhook_events').count({ n: '*' }).first() as { n: number | string };
  return Number(row.n);
}

// Many notifications arriving at once: each is committed on its own before its caller hears back.
describe(`store.insertEvent called concurrently (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('stores notifications arriving together; each promise resolves once its row is visible to other connections', async () => {
    const other = TEST_DIALECT === 'sqlite'
      ? openStore({ client: 'sqlite', filename: t.url, synchronous: 'normal', busyTimeoutMs: 5000 })
      : openStore({ client: 'postgres', connectionString: t.url, poolMax: 2 });
    try {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => t.db.insertEvent(makeEvent(i), 1000 + i)));
      expect(await countRows(other)).toBe(40);
      expect(results.every((r) => !r.duplicate)).toBe(true);
      expect(new Set(results.map((r) => r.id)).size).toBe(40);
      const rows = await t.db.knex('webhook_events').select('id', 'dedup_key', 'received_at', 'headers', 'status');
      const byKey = new Map(rows.map((r) => [r.dedup_key, r]));
      results.forEach((r, i) => {
        const row = byKey.get(`webhook:payment:g${i}`)!;
        expect(Number(row.id)).toBe(r.id);
        expect(Number(row.received_at)).toBe(1000 + i);
        expect(JSON.parse(row.headers)).toEqual({ 'x-request-id': `r${i}` });
        expect(row.status).toBe('pending');
      });
    } finally {
      await other.close();
    }
  });

  it('counts redeliveries arriving together and against earlier rows', async () => {
    const first = await t.db.insertEvent(makeEvent(1), 1000);
    const results = await Promise.all([
      t.db.insertEvent(makeEvent(1), 1001), t.db.insertEvent(makeEvent(2), 1002), t.db.insertEvent(makeEvent(2), 1003), t.db.insertEvent(makeEvent(1), 1004),
    ]);
    expect(results[0]).toEqual({ id: first.id, duplicate: true });
    expect(results[3]).toEqual({ id: first.id, duplicate: true });
    const second = results[1].duplicate ? results[2] : results[1];
    expect([results[1], results[2]]).toEqual(expect.arrayContaining([{ id: second.id, duplicate: false }, { id: second.id, duplicate: true }]));
    const rows = await t.db.knex('webhook_events').orderBy('id').select('id', 'duplicates');
    expect(rows.map((r) => [Number(r.id), Number(r.duplicates)])).toEqual([[first.id, 2], [second.id, 1]]);
  });

  it('counts every copy of one notification arriving together', async () => {
    const first = await t.db.insertEvent(makeEvent(5), 1000);
    const storm = await Promise.all(Array.from({ length: 100 }, (_, i) => t.db.insertEvent(makeEvent(5), 2000 + i)));
    expect(storm.every((r) => r.duplicate && r.id === first.id)).toBe(true);
    const rows = await t.db.knex('webhook_events').select('id', 'duplicates');
    expect(rows.map((r) => [Number(r.id), Number(r.duplicates)])).toEqual([[first.id, 100]]);
  });

  it('coalesces keyless notifications arriving together while the first is pending', async () => {
    const ipn = (n: number) => makeEvent(n, { dedupKey: `ipn:payment:77:${n}`, pendingKey: 'ipn:payment:77', source: 'ipn', notificationId: null });
    const [a, b] = await Promise.all([t.db.insertEvent(ipn(1), 1000), t.db.insertEvent(ipn(2), 1000)]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(a.id).toBe(b.id);
  });

  it('fails only the notification that cannot be stored; the others arriving with it are stored', async () => {
    const bad = makeEvent(3, { source: null as unknown as NewEvent['source'] }); // NOT NULL violation
    const outcomes = await Promise.allSettled([t.db.insertEvent(makeEvent(1), 1000), t.db.insertEvent(bad, 1000), t.db.insertEvent(makeEvent(2), 1000)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await countRows(t.db)).toBe(2);
  });

  it('rejects every notification when the database cannot be used', async () => {
    await t.db.close();
    const outcomes = await Promise.allSettled([t.db.insertEvent(makeEvent(1), 1000), t.db.insertEvent(makeEvent(2), 1000)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });

  it('insertEvents stores notifications with one commit, each with its own outcome; a refused one fails alone', async () => {
    const first = await t.db.insertEvent(makeEvent(1), 1000);
    const bad = makeEvent(3, { source: null as unknown as NewEvent['source'] }); // NOT NULL violation
    const outcomes = await t.db.insertEvents([
      { event: makeEvent(1), now: 2000 }, { event: makeEvent(2), now: 2001 }, { event: bad, now: 2002 }, { event: makeEvent(2), now: 2003 },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const values = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null));
    expect(values[0]).toEqual({ id: first.id, duplicate: true });
    expect(values[1]!.duplicate).toBe(false);
    expect(values[3]).toEqual({ id: values[1]!.id, duplicate: true });
    const rows = await t.db.knex('webhook_events').orderBy('id').select('dedup_key', 'received_at', 'duplicates');
    expect(rows.map((r) => [r.dedup_key, Number(r.received_at), Number(r.duplicates)])).toEqual([
      ['webhook:payment:g1', 1000, 1], ['webhook:payment:g2', 2001, 1],
    ]);
  });

  it('insertEvents rejects every notification when the database cannot be used', async () => {
    await t.db.close();
    await expect(t.db.insertEvents([{ event: makeEvent(1), now: 1 }, { event: makeEvent(2), now: 1 }]))
      .resolves.toEqual([expect.objectContaining({ status: 'rejected' }), expect.objectContaining({ status: 'rejected' })]);
  });
});
