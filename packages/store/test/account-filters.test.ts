import type { ReconciliationRecord } from '@ghl-payments/store';
import { TEST_DIALECT, TestDatabase, createTestDatabase, seedEvent, seedPayment } from '@ghl-payments/test-support';

const MIN = 60_000;
const NOW = Date.UTC(2026, 11, 9, 12, 30, 30);
const page = { limit: 50, offset: 0 };

function sweep(overrides: Partial<ReconciliationRecord> = {}): ReconciliationRecord {
  return {
    startedAt: NOW - 10 * MIN, finishedAt: NOW - 9 * MIN, windowStart: NOW - 72 * 3_600_000, windowEnd: NOW, pages: 1, checked: 5, missing: 0,
    changed: 0, queued: 0, errors: 0, dryRun: false, runBy: 'host:1:abc', error: null, ...overrides,
  };
}

/** Events, payments and sweeps of three accounts: `default` (the environment's shop), `acme` and `globex`. */
describe(`store: every operator read narrows to one account (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};
  const setAccount = (table: string, id: number, account: string) => t.db.knex(table).where('id', id).update({ account });

  beforeAll(async () => {
    t = await createTestDatabase();
    ids.defaultPayment = await seedPayment(t.db, { mpPaymentId: '5001' });
    ids.acmePayment = await seedPayment(t.db, { mpPaymentId: '5002', payerEmail: 'bob@acme.test' });
    ids.globexPayment = await seedPayment(t.db, { mpPaymentId: '5003' });
    await setAccount('payments', ids.acmePayment, 'acme');
    await setAccount('payments', ids.globexPayment, 'globex');

    ids.defaultEvent = await seedEvent(t.db, { status: 'failed', resourceId: '5001', receivedAt: NOW - 5 * MIN, paymentId: ids.defaultPayment });
    ids.acmeFailed = await seedEvent(t.db, {
      status: 'failed', resourceId: '5002', receivedAt: NOW - 4 * MIN, paymentId: ids.acmePayment, processedAt: NOW - 3 * MIN,
      history: [{ outcome: 'failed', startedAt: NOW - 3 * MIN, error: 'x' }],
    });
    ids.acmePending = await seedEvent(t.db, { status: 'pending', topic: 'merchant_order', resourceId: '9', receivedAt: NOW - 2 * MIN });
    ids.globexFailed = await seedEvent(t.db, { status: 'failed', resourceId: '5003', receivedAt: NOW - MIN, paymentId: ids.globexPayment });
    // a notification to globex's URL naming acme's payment: it is globex's, never part of acme's payment
    ids.globexAboutAcme = await seedEvent(t.db, { status: 'ignored', resourceId: '5002', receivedAt: NOW - MIN });
    for (const id of [ids.acmeFailed, ids.acmePending]) await setAccount('webhook_events', id, 'acme');
    for (const id of [ids.globexFailed, ids.globexAboutAcme]) await setAccount('webhook_events', id, 'globex');

    await t.db.recordReconciliation(sweep());
    await t.db.recordReconciliation(sweep({ account: 'acme', startedAt: NOW - 8 * MIN }));
    await t.db.recordReconciliation(sweep({ account: 'globex', startedAt: NOW - 7 * MIN }));
  });
  afterAll(async () => { await t.destroy(); });

  it('lists one account\'s events, each saying its account; no filter lists all', async () => {
    const acme = await t.db.listEvents({ account: 'acme' }, page);
    expect(acme.total).toBe(2);
    expect(acme.data.map((e) => [e.id, e.account])).toEqual([[ids.acmePending, 'acme'], [ids.acmeFailed, 'acme']]);
    expect((await t.db.listEvents({ account: 'default' }, page)).data.map((e) => e.id)).toEqual([ids.defaultEvent]);
    expect((await t.db.listEvents({ account: 'nobody' }, page)).total).toBe(0);
    const all = await t.db.listEvents({}, page);
    expect(all.total).toBe(5);
    expect(new Set(all.data.map((e) => e.account))).toEqual(new Set(['default', 'acme', 'globex']));
  });

  it('combines the account with the other filters', async () => {
    expect((await t.db.listEvents({ account: 'acme', statuses: ['failed'] }, page)).data.map((e) => e.id)).toEqual([ids.acmeFailed]);
    expect((await t.db.listEvents({ account: 'acme', mpPaymentId: '5002' }, page)).data.map((e) => e.id)).toEqual([ids.acmeFailed]);
    expect((await t.db.listEvents({ account: 'globex', mpPaymentId: '5002' }, page)).data.map((e) => e.id)).toEqual([ids.globexAboutAcme]);
  });

  it('gives the account in an event\'s and a payment\'s details', async () => {
    expect((await t.db.getEvent(ids.acmeFailed))?.account).toBe('acme');
    expect((await t.db.getEvent(ids.defaultEvent))?.account).toBe('default');
    const payment = await t.db.getPayment(ids.acmePayment);
    expect(payment?.account).toBe('acme');
    // the payment's events are its account's only
    expect(payment?.events.map((e) => [e.id, e.account])).toEqual([[ids.acmeFailed, 'acme']]);
  });

  it('lists one account\'s payments, each saying its account', async () => {
    const acme = await t.db.listPayments({ account: 'acme' }, page);
    expect(acme.total).toBe(1);
    expect(acme.data[0]).toMatchObject({ id: ids.acmePayment, account: 'acme', mpPaymentId: '5002' });
    expect((await t.db.listPayments({ account: 'acme', email: 'BOB@acme.test' }, page)).total).toBe(1);
    expect((await t.db.listPayments({ account: 'globex', email: 'bob@acme.test' }, page)).total).toBe(0);
    const all = await t.db.listPayments({}, page);
    expect(all.data.map((p) => p.account).sort()).toEqual(['acme', 'default', 'globex']);
  });

  it('counts one account\'s events in the stats', async () => {
    const acme = await t.db.getStats(NOW, 'acme');
    expect(acme.byStatus).toEqual({ pending: 1, processing: 0, success: 0, failed: 1, ignored: 0 });
    expect(acme.byType).toEqual({ merchant_order: 1, payment: 1 });
    expect(acme.dueNow).toBe(1);
    expect(acme.lastHour.received).toBe(2);
    expect(acme.perMinute.reduce((sum, m) => sum + m.received, 0)).toBe(2);
    // attempts count toward their event's account
    expect(acme.perMinute.reduce((sum, m) => sum + m.failed, 0)).toBe(1);
    expect((await t.db.getStats(NOW, 'globex')).perMinute.reduce((sum, m) => sum + m.failed, 0)).toBe(0);
    const all = await t.db.getStats(NOW);
    expect(all.lastHour.received).toBe(5);
    expect(Object.values(all.byStatus).reduce((a, b) => a + b, 0)).toBe(5);
    expect((await t.db.getStats(NOW, 'nobody')).lastHour.received).toBe(0);
  });

  it('lists one account\'s reconciliation sweeps, each saying its account', async () => {
    expect((await t.db.listReconciliations(10, 'acme')).map((r) => r.account)).toEqual(['acme']);
    expect((await t.db.listReconciliations(10, 'default')).map((r) => r.account)).toEqual(['default']);
    expect((await t.db.listReconciliations(10)).map((r) => r.account)).toEqual(['globex', 'acme', 'default']);
  });

  it('retries in bulk only the account\'s failed events', async () => {
    expect(await t.db.retryEvents({ account: 'acme' }, { now: NOW, dryRun: true })).toBe(1);
    expect(await t.db.retryEvents({ account: 'acme', statuses: ['failed'] }, { now: NOW })).toBe(1);
    expect((await t.db.getEvent(ids.acmeFailed))?.status).toBe('pending');
    expect((await t.db.getEvent(ids.globexFailed))?.status).toBe('failed');
    expect((await t.db.getEvent(ids.defaultEvent))?.status).toBe('failed');
  });
});

describe(`store: a viewer's dashboard session keeps its account (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t.destroy(); });

  it('stores the account of a viewer session and none for the operator\'s', async () => {
    await t.db.createAdminSession({ idHash: 'a'.repeat(64), client: null, createdAt: NOW, expiresAt: NOW + MIN });
    await t.db.createAdminSession({ idHash: 'b'.repeat(64), client: '10.0.0.1', createdAt: NOW, expiresAt: NOW + MIN, account: 'acme' });
    expect(await t.db.findAdminSession('a'.repeat(64), NOW)).not.toHaveProperty('account');
    expect(await t.db.findAdminSession('b'.repeat(64), NOW)).toMatchObject({ account: 'acme', client: '10.0.0.1' });
  });

  it('ends every session of one account at once, and only those', async () => {
    await t.db.createAdminSession({ idHash: 'c'.repeat(64), client: null, createdAt: NOW, expiresAt: NOW + MIN, account: 'acme' });
    await t.db.createAdminSession({ idHash: 'd'.repeat(64), client: null, createdAt: NOW, expiresAt: NOW + MIN, account: 'globex' });
    await t.db.revokeAccountSessions('acme', NOW);
    expect(await t.db.findAdminSession('b'.repeat(64), NOW)).toBeNull();
    expect(await t.db.findAdminSession('c'.repeat(64), NOW)).toBeNull();
    expect(await t.db.findAdminSession('d'.repeat(64), NOW)).not.toBeNull();
    expect(await t.db.findAdminSession('a'.repeat(64), NOW)).not.toBeNull();
  });
});
