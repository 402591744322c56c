import type { Store } from '@ghl-payments/store';
import { createTestDatabase, paymentEvent, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

const MP_WAIT = 'credentials:mercadopago';

async function claimAll(db: Store, now: number) {
  const events = await db.claimDueEvents({ owner: 'w', limit: 100, leaseMs: 60_000, now });
  return events.map((event) => ({ event, lease: { eventId: event.id, owner: 'w', attempt: event.attempts } }));
}

const attempt = (at: number) => ({ worker: 'w', startedAt: at, finishedAt: at + 1 });

// Why an event waits for the operator (credentials missing or refused): set by a deferral, cleared by a claim or an end.
describe(`webhook_events.waiting_reason and the stats' count of events waiting for credentials (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });
  const reasonOf = async (id: number) => (await t.db.knex('webhook_events').where({ id }).first('waiting_reason')).waiting_reason as string | null;

  it('a deferral for credentials records its reason and the stats count it per service and account', async () => {
    for (const [n, account] of [[1, 'default'], [2, 'default'], [3, 'shop-b'], [4, 'default']] as const) {
      await t.db.insertEvent({ ...paymentEvent(`w${n}`, n), account }, 0);
    }
    const claimed = await claimAll(t.db, 0);
    expect(claimed).toHaveLength(4);
    const [one, two, three, four] = claimed;
    const defer = (c: typeof one, waitingReason: string | null) =>
      t.db.retryEventLater(c.lease, { outcome: 'deferred', error: 'MercadoPago refused the credentials', nextRetryAt: 100, waitingReason }, attempt(0));
    expect(await defer(one, MP_WAIT)).toBe(true);
    expect(await defer(two, 'credentials:ghl')).toBe(true);
    expect(await defer(three, MP_WAIT)).toBe(true);
    expect(await defer(four, null)).toBe(true); // a rate limit: waits too, for no reason of the operator's
    expect(await reasonOf(one.event.id)).toBe(MP_WAIT);
    expect(await reasonOf(four.event.id)).toBeNull();

    expect((await t.db.getStats(10)).waitingForCredentials).toEqual({ mercadopago: 2, ghl: 1 });
    expect((await t.db.getStats(10, 'default')).waitingForCredentials).toEqual({ mercadopago: 1, ghl: 1 });
    expect((await t.db.getStats(10, 'shop-b')).waitingForCredentials).toEqual({ mercadopago: 1 });
    expect((await t.db.getStats(10, 'shop-c')).waitingForCredentials).toEqual({});

    // the list the overview's banner links to: the events waiting for one service's credentials, nothing else
    const page = { limit: 50, offset: 0 };
    const listed = async (filter: Parameters<Store['listEvents']>[0]) => (await t.db.listEvents(filter, page)).data.map((e) => e.id).sort((a, b) => a - b);
    expect(await listed({ waitingReason: MP_WAIT })).toEqual([one.event.id, three.event.id]);
    expect(await listed({ waitingReason: MP_WAIT, account: 'default' })).toEqual([one.event.id]);
    expect(await listed({ waitingReason: 'credentials:ghl' })).toEqual([two.event.id]);
  });

  it('is cleared when the event is claimed again, and stays cleared when it then succeeds, fails or is retried on schedule', async () => {
    for (let n = 1; n <= 4; n += 1) await t.db.insertEvent(paymentEvent(`c${n}`, n), 0);
    for (const c of await claimAll(t.db, 0)) {
      await t.db.retryEventLater(c.lease, { outcome: 'deferred', error: 'MP_ACCESS_TOKEN is not set', nextRetryAt: 100, waitingReason: MP_WAIT }, attempt(0));
    }
    expect((await t.db.getStats(50)).waitingForCredentials).toEqual({ mercadopago: 4 });

    const [done, failed, retried, released] = await claimAll(t.db, 100);
    for (const c of [done, failed, retried, released]) expect(await reasonOf(c.event.id)).toBeNull();
    expect((await t.db.getStats(100)).waitingForCredentials).toEqual({});

    await t.db.completeEvent(done.lease, { status: 'success' }, attempt(100));
    await t.db.failEvent(failed.lease, { error: 'payment not found' }, attempt(100));
    await t.db.retryEventLater(retried.lease, { outcome: 'retry', error: 'HTTP 500', nextRetryAt: 200, waitingReason: MP_WAIT }, attempt(100));
    await t.db.retryEventLater(released.lease, { outcome: 'released', error: 'released: stopping', nextRetryAt: 100, waitingReason: MP_WAIT }, attempt(100));
    for (const c of [done, failed, retried, released]) expect(await reasonOf(c.event.id)).toBeNull(); // only a deferral names a wait
    expect((await t.db.getStats(150)).waitingForCredentials).toEqual({});
  });

  it('is left alone when the lease was lost', async () => {
    await t.db.insertEvent(paymentEvent('l1', 1), 0);
    const [c] = await claimAll(t.db, 0);
    await t.db.rescueExpiredLeases({ now: 120_000, maxFailures: 5 });
    expect(await t.db.retryEventLater(c.lease, { outcome: 'deferred', error: 'late', nextRetryAt: 0, waitingReason: MP_WAIT }, attempt(0))).toBe(false);
    expect(await reasonOf(c.event.id)).toBeNull();
  });
});
