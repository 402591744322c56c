import { createTestDatabase, seedEvent, seedEvents, seedPayment, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 8, 3, 0, 0);
const OLD = NOW - 200 * DAY;
const RECENT = NOW - 10 * DAY;
const BEFORE = NOW - 180 * DAY;

/** Counts and figures that retention must leave as they are. */
async function figures(t: TestDatabase) {
  const count = async (table: string) => Number((await t.db.knex(table).count({ n: '*' }).first())?.n);
  const events = await t.db.knex('webhook_events').select('id', 'status', 'attempts', 'failures', 'duplicates', 'resource_id', 'received_at').orderBy('id');
  const payments = await t.db.knex('payments').select('id', 'status', 'amount', 'currency', 'mp_payment_id').orderBy('id');
  return { events, payments, counts: { events: await count('webhook_events'), attempts: await count('webhook_attempts'), payments: await count('payments') } };
}

describe(`store: retention (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await createTestDatabase();
    ids.oldPayment = await seedPayment(t.db, { mpPaymentId: '8001', payerEmail: 'ana@example.com', raw: JSON.stringify({ payer: { email: 'ana@example.com', first_name: 'Ana' } }) }, OLD);
    ids.recentPayment = await seedPayment(t.db, { mpPaymentId: '8002', payerEmail: 'bob@example.com', raw: JSON.stringify({ payer: { first_name: 'Bob' } }) }, RECENT);
    [ids.oldSuccess, ids.oldFailed, ids.oldIgnored, ids.oldPending, ids.oldProcessing, ids.recentSuccess] = await seedEvents(t.db, [
      { status: 'success', resourceId: '8001', paymentId: ids.oldPayment, receivedAt: OLD },
      {
        status: 'failed', resourceId: '8003', receivedAt: OLD, lastError: 'GoHighLevel answered 422 for ana@example.com',
        history: [{ outcome: 'retry', startedAt: OLD, error: 'timeout' }, { outcome: 'failed', startedAt: OLD + 1, error: 'duplicate contact ana@example.com' }],
      },
      { status: 'ignored', topic: 'merchant_order', resourceId: '9001', receivedAt: OLD },
      { status: 'pending', resourceId: '8004', receivedAt: OLD },
      { status: 'processing', resourceId: '8005', receivedAt: OLD },
      { status: 'success', resourceId: '8002', paymentId: ids.recentPayment, receivedAt: RECENT },
    ]);
  });
  afterAll(async () => { await t.destroy(); });

  it('a dry run counts what would be cleared and changes nothing', async () => {
    const before = await t.db.knex('webhook_events').select('*').orderBy('id');
    const counts = await t.db.purgeExpiredData({ before: BEFORE, now: NOW, dryRun: true, actor: 'cli:ana@host' });
    expect(counts).toEqual({ events: 3, payments: 1, texts: 0 });
    expect(await t.db.knex('webhook_events').select('*').orderBy('id')).toEqual(before);
    expect((await t.db.listAudit({}, { limit: 10, offset: 0 })).total).toBe(0);
  });

  it('clears the stored request of old final events and the raw data of old payments, keeping rows, statuses, amounts and counts', async () => {
    const kept = await figures(t);
    const counts = await t.db.purgeExpiredData({ before: BEFORE, now: NOW, actor: 'cli:ana@host', batchSize: 2 });
    expect(counts).toEqual({ events: 3, payments: 1, texts: 2 });
    expect(await figures(t)).toEqual(kept);

    for (const id of [ids.oldSuccess, ids.oldFailed, ids.oldIgnored]) {
      const event = await t.db.getEvent(id);
      expect(event).toMatchObject({ payload: null, headers: {}, query: {} });
    }
    const failed = (await t.db.getEvent(ids.oldFailed))!;
    expect(failed.lastError).toBe('GoHighLevel answered 422 for [email removed]');
    expect(failed.history.map((h) => h.error)).toEqual(['timeout', 'duplicate contact [email removed]']);
    // pending, processing and recent events keep everything
    for (const id of [ids.oldPending, ids.oldProcessing, ids.recentSuccess]) expect((await t.db.getEvent(id))!.payload).not.toBeNull();
    expect((await t.db.getEvent(ids.recentSuccess))!.headers).toMatchObject({ 'x-request-id': expect.any(String) });

    const old = await t.db.knex('payments').where('id', ids.oldPayment).first();
    expect(old).toMatchObject({ raw: null, payer_email: null, status: 'approved', mp_payment_id: '8001' });
    expect(Number(old.amount)).toBe(150.5);
    const recent = await t.db.knex('payments').where('id', ids.recentPayment).first();
    expect(recent).toMatchObject({ payer_email: 'bob@example.com', raw: expect.stringContaining('Bob') });

    const [entry] = (await t.db.listAudit({ actions: ['purge'] }, { limit: 10, offset: 0 })).data;
    expect(entry).toMatchObject({ actor: 'cli:ana@host', action: 'purge', at: NOW, detail: { events: 3, payments: 1, texts: 2, before: new Date(BEFORE).toISOString() } });
  });

  it('is idempotent: a second run clears nothing more', async () => {
    expect(await t.db.purgeExpiredData({ before: BEFORE, now: NOW + 1, actor: 'worker' })).toEqual({ events: 0, payments: 0, texts: 0 });
  });

  it('never touches an event that went back to pending (or is being processed)', async () => {
    const id = await seedEvent(t.db, { status: 'pending', resourceId: '8010', receivedAt: OLD });
    await t.db.purgeExpiredData({ before: NOW, now: NOW, actor: 'worker' });
    expect((await t.db.getEvent(id))!.payload).not.toBeNull();
  });
});
