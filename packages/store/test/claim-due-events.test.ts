import { NewEvent } from '@ghl-payments/store';
import { TestDatabase, createTestDatabase } from '@ghl-payments/test-support';

function makeEvent(n: number, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    dedupKey: `webhook:payment:n${n}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment',
    action: 'payment.created', resourceId: String(1000 + n), notificationId: `n${n}`, requestId: null,
    signature: 'unchecked', payload: '{}', headers: {}, query: {}, ...overrides,
  };
}

describe('claimDueEvents', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('claims due pending events once, leases them and counts the attempt', async () => {
    for (let i = 0; i < 5; i += 1) await t.db.insertEvent(makeEvent(i), 1000);
    await t.db.insertEvent(makeEvent(99), 5000); // not due yet at now=2000
    const first = await t.db.claimDueEvents({ owner: 'w1', limit: 3, leaseMs: 1000, now: 2000 });
    const second = await t.db.claimDueEvents({ owner: 'w2', limit: 10, leaseMs: 1000, now: 2000 });
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(2);
    const ids = new Set([...first, ...second].map((e) => e.id));
    expect(ids.size).toBe(5);
    expect(first[0]).toMatchObject({ status: 'processing', attempts: 1, leaseOwner: 'w1', leaseExpiresAt: 3000 });
  });

  it('recognises a redelivery by its dedup key and counts it', async () => {
    const a = await t.db.insertEvent(makeEvent(1), 1000);
    const b = await t.db.insertEvent(makeEvent(1), 1001);
    expect(b).toEqual({ id: a.id, duplicate: true });
    const row = await t.db.knex('webhook_events').where('id', a.id).first();
    expect(Number(row.duplicates)).toBe(1);
  });

  it('coalesces keyless notifications only while the first is still pending', async () => {
    const ipn = (n: number) => makeEvent(n, { dedupKey: `ipn:payment:77:${n}`, pendingKey: 'ipn:payment:77', source: 'ipn', notificationId: null });
    const a = await t.db.insertEvent(ipn(1), 1000);
    const b = await t.db.insertEvent(ipn(2), 1000);
    expect(b).toEqual({ id: a.id, duplicate: true });
    await t.db.claimDueEvents({ owner: 'w1', limit: 10, leaseMs: 1000, now: 1000 });
    const c = await t.db.insertEvent(ipn(3), 1500);
    expect(c.duplicate).toBe(false);
    expect(c.id).not.toBe(a.id);
  });

  it('fences finishing on the lease and rescues expired leases', async () => {
    await t.db.insertEvent(makeEvent(1), 0);
    const [ev] = await t.db.claimDueEvents({ owner: 'w1', limit: 1, leaseMs: 1000, now: 0 });
    const rescued = await t.db.rescueExpiredLeases({ now: 1001, maxFailures: 4 });
    expect(rescued.requeued).toEqual([ev.id]);
    const [again] = await t.db.claimDueEvents({ owner: 'w2', limit: 1, leaseMs: 1000, now: 1002 });
    expect(again).toMatchObject({ id: ev.id, attempts: 2, failures: 1, leaseOwner: 'w2' });
    expect(await t.db.completeEvent({ eventId: ev.id, owner: 'w1', attempt: 1 }, { status: 'success' }, { worker: 'w1', startedAt: 0, finishedAt: 1003 })).toBe(false);
    expect(await t.db.retryEventLater({ eventId: ev.id, owner: 'w2', attempt: 2 }, { outcome: 'retry', error: 'x', nextRetryAt: 5000 }, { worker: 'w2', startedAt: 1002, finishedAt: 1003 })).toBe(true);
    const row = await t.db.knex('webhook_events').where('id', ev.id).first();
    expect(row).toMatchObject({ status: 'pending', failures: 2, last_error: 'x' });
    expect(Number(row.next_retry_at)).toBe(5000);
    const history = await t.db.knex('webhook_attempts').where('event_id', ev.id).orderBy('id');
    expect(history.map((h) => [h.outcome, h.worker, Number(h.attempt)])).toEqual([['lost', 'w1', 1], ['retry', 'w2', 2]]);
  });

  it('completes an event and records its attempt together, and neither with a lease another worker took over', async () => {
    await t.db.insertEvent(makeEvent(1), 0);
    await t.db.insertEvent(makeEvent(2), 0);
    const [a, b] = await t.db.claimDueEvents({ owner: 'w1', limit: 2, leaseMs: 1000, now: 0 });
    await t.db.rescueExpiredLeases({ now: 1001, maxFailures: 4 }); // both leases expired
    const [bAgain] = await t.db.claimDueEvents({ owner: 'w2', limit: 1, leaseMs: 1000, now: 1002 });
    expect(bAgain.id).toBe(a.id);
    const [held, stale] = await Promise.all([
      t.db.completeEvent({ eventId: a.id, owner: 'w2', attempt: 2 }, { status: 'success', paymentId: null }, { worker: 'w2', startedAt: 1002, finishedAt: 1010 }),
      t.db.completeEvent({ eventId: b.id, owner: 'w1', attempt: 1 }, { status: 'ignored', note: 'late' }, { worker: 'w1', startedAt: 0, finishedAt: 1010 }),
    ]);
    expect([held, stale]).toEqual([true, false]);
    const rows = await t.db.knex('webhook_events').orderBy('id');
    expect(rows.map((r) => r.status)).toEqual(['success', 'pending']);
    expect(Number(rows[0].processed_at)).toBe(1010);
    const history = await t.db.knex('webhook_attempts').orderBy('id');
    expect(history.map((h) => [Number(h.event_id), h.outcome, h.worker])).toEqual(expect.arrayContaining([
      [a.id, 'success', 'w2'], [a.id, 'lost', 'w1'], [b.id, 'lost', 'w1'],
    ]));
    expect(history).toHaveLength(3); // no row for the stale completion
    expect(history.find((h) => h.outcome === 'success')).toMatchObject({ attempt: 2, started_at: expect.anything(), duration_ms: 8 });
  });

  it('fails an event whose worker keeps dying once its failures reach the limit', async () => {
    await t.db.insertEvent(makeEvent(1), 0);
    for (let i = 0; i < 2; i += 1) {
      await t.db.claimDueEvents({ owner: 'w', limit: 1, leaseMs: 10, now: i * 100 });
      await t.db.rescueExpiredLeases({ now: i * 100 + 50, maxFailures: 2 });
    }
    const row = await t.db.knex('webhook_events').first();
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(/lease expired/);
  });
});
