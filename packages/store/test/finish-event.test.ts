import type { Store } from '@ghl-payments/store';
import { createTestDatabase, paymentEvent, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

async function claimOne(db: Store, owner: string, now: number) {
  const [event] = await db.claimDueEvents({ owner, limit: 1, leaseMs: 1000, now });
  return { event, lease: { eventId: event.id, owner, attempt: event.attempts } };
}

describe(`finishing an attempt: the event and its attempt row in one transaction (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });
  const attemptsOf = async (id: number) => (await t.db.getEvent(id))!.history.map((h) => [h.attempt, h.outcome, h.error]);

  it('a retry counts a failure, a deferral and a release do not; each leaves its attempt row', async () => {
    await t.db.insertEvent(paymentEvent('f1', 1), 0);
    const first = await claimOne(t.db, 'w', 0);
    const { event } = first;
    let { lease } = first;
    expect(await t.db.retryEventLater(lease, { outcome: 'retry', error: 'MercadoPago 500', nextRetryAt: 10 }, { worker: 'w', startedAt: 0, finishedAt: 5 })).toBe(true);
    ({ lease } = await claimOne(t.db, 'w', 10));
    expect(await t.db.retryEventLater(lease, { outcome: 'deferred', error: '429', nextRetryAt: 20 }, { worker: 'w', startedAt: 10, finishedAt: 11 })).toBe(true);
    ({ lease } = await claimOne(t.db, 'w', 20));
    expect(await t.db.retryEventLater(lease, { outcome: 'released', error: 'released: stopping', nextRetryAt: 20 }, { worker: 'w', startedAt: 20, finishedAt: 20 })).toBe(true);
    ({ lease } = await claimOne(t.db, 'w', 30));
    expect(await t.db.failEvent(lease, { error: 'payment 1 not found' }, { worker: 'w', startedAt: 30, finishedAt: 31 })).toBe(true);
    const detail = (await t.db.getEvent(event.id))!;
    expect(detail).toMatchObject({ status: 'failed', attempts: 4, failures: 2, lastError: 'payment 1 not found', processedAt: 31 });
    expect(await attemptsOf(event.id)).toEqual([
      [1, 'retry', 'MercadoPago 500'], [2, 'deferred', '429'], [3, 'released', 'released: stopping'], [4, 'failed', 'payment 1 not found'],
    ]);
  });

  it('writes neither the state nor the attempt row when the lease was lost', async () => {
    await t.db.insertEvent(paymentEvent('f2', 2), 0);
    const { event, lease } = await claimOne(t.db, 'w1', 0);
    await t.db.rescueExpiredLeases({ now: 2000, maxFailures: 5 });
    const stale = { worker: 'w1', startedAt: 0, finishedAt: 2100 };
    expect(await t.db.completeEvent(lease, { status: 'success', paymentId: null }, stale)).toBe(false);
    expect(await t.db.failEvent(lease, { error: 'late' }, stale)).toBe(false);
    expect(await t.db.retryEventLater(lease, { outcome: 'retry', error: 'late', nextRetryAt: 0 }, stale)).toBe(false);
    expect((await t.db.getEvent(event.id))!.status).toBe('pending');
    expect(await attemptsOf(event.id)).toEqual([[1, 'lost', expect.stringMatching(/lease expired/)]]);
  });

  it('rolls the state back when the attempt row cannot be written', async () => {
    await t.db.insertEvent(paymentEvent('f3', 3), 0);
    const { event, lease } = await claimOne(t.db, 'w', 0);
    await t.db.knex.schema.renameTable('webhook_attempts', 'webhook_attempts_away'); // the attempt row's INSERT fails
    try {
      const outcome = await t.db.completeEvent(lease, { status: 'success' }, { worker: 'w', startedAt: 0, finishedAt: 1 })
        .then((held) => ({ held }), (error: Error) => ({ error: error.message }));
      expect(outcome).toEqual({ error: expect.stringMatching(/webhook_attempts/) });
    } finally {
      await t.db.knex.schema.renameTable('webhook_attempts_away', 'webhook_attempts');
    }
    expect((await t.db.getEvent(event.id))!).toMatchObject({ status: 'processing', history: [] });
  });

  it('marks the rule actions an attempt performed in the same transaction, even when its lease was lost', async () => {
    await t.db.insertEvent(paymentEvent('f4', 4), 0);
    await t.db.insertEvent(paymentEvent('f5', 5), 0);
    const a = await claimOne(t.db, 'w', 0);
    const b = await claimOne(t.db, 'w', 0);
    const keyA = { subject: 'payment:4', status: 'approved', round: 1, rule: 'r', actionIndex: 0 };
    const keyB = { ...keyA, subject: 'payment:5' };
    for (const [key, eventId] of [[keyA, a.event.id], [keyB, b.event.id]] as const) {
      expect(await t.db.reserveAction({ ...key, kind: 'addTags', contactId: 'c', eventId, leaseMs: 1000, now: 1 })).toEqual({ state: 'reserved' });
    }
    const done = (key: typeof keyA) => [{ ...key, detail: '{"tags":["x"]}' }];
    expect(await t.db.completeEvent(a.lease, { status: 'success' }, { worker: 'w', startedAt: 1, finishedAt: 10, actionsApplied: done(keyA) })).toBe(true);
    const stale = { ...b.lease, owner: 'someone-else' };
    expect(await t.db.completeEvent(stale, { status: 'success' }, { worker: 'w', startedAt: 1, finishedAt: 20, actionsApplied: done(keyB) })).toBe(false);
    expect((await t.db.listActions('payment:4'))[0]).toMatchObject({ state: 'applied', appliedAt: 10, detail: '{"tags":["x"]}' });
    expect((await t.db.listActions('payment:5'))[0]).toMatchObject({ state: 'applied', appliedAt: 20 });
    expect((await t.db.getEvent(b.event.id))!).toMatchObject({ status: 'processing', history: [] });
  });
});
