import type { PaymentRecord, ReconciliationRecord, Store } from '@ghl-payments/store';
import { createTestDatabase, openDatabase, paymentEvent, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

const T0 = 1_800_000_000_000;
const LEASE = 10_000;

function sweep(overrides: Partial<ReconciliationRecord> = {}): ReconciliationRecord {
  return {
    startedAt: T0, finishedAt: T0 + 500, windowStart: T0 - 72 * 3_600_000, windowEnd: T0, pages: 3, checked: 120, missing: 2,
    changed: 1, queued: 3, errors: 0, dryRun: false, runBy: 'host:1:abc', error: null, ...overrides,
  };
}

function payment(mpPaymentId: string, status: string): PaymentRecord {
  return {
    mpPaymentId, status, statusDetail: null, amount: 10, currency: 'ARS', description: null, externalReference: null, payerEmail: null,
    dateCreated: null, dateApproved: null, dateLastUpdated: null, raw: '{}',
  };
}

describe(`store: reconciliation sweeps and their lease (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  let other: Store;
  beforeEach(async () => {
    t = await createTestDatabase();
    other = openDatabase(t);
  });
  afterEach(async () => {
    await other.close();
    await t.destroy();
  });

  it('records sweeps and lists them newest first', async () => {
    const first = await t.db.recordReconciliation(sweep());
    const second = await t.db.recordReconciliation(sweep({ startedAt: T0 + 60_000, dryRun: true, errors: 1, error: 'MercadoPago refused MP_ACCESS_TOKEN (HTTP 401)' }));
    const listed = await t.db.listReconciliations(10);
    expect(listed.map((r) => r.id)).toEqual([second, first]);
    expect(listed[0]).toEqual({ id: second, account: 'default', ...sweep({ startedAt: T0 + 60_000, dryRun: true, errors: 1, error: 'MercadoPago refused MP_ACCESS_TOKEN (HTTP 401)' }) });
    expect(listed[1]).toEqual({ id: first, account: 'default', ...sweep() });
    expect(await t.db.listReconciliations(1)).toHaveLength(1);
  });

  it('schedules the first sweep for firstDueAt: nobody sweeps before, one store wins the race after', async () => {
    const early = await t.db.claimReconcileLease({ owner: 'a', leaseMs: LEASE, now: T0, firstDueAt: T0 + 3_600_000 });
    expect(early).toEqual({ claimed: false, owner: null, expiresAt: 0, dueAt: T0 + 3_600_000 });

    const due = T0 + 3_600_000;
    const claims = await Promise.all([
      t.db.claimReconcileLease({ owner: 'a', leaseMs: LEASE, now: due, firstDueAt: due }),
      other.claimReconcileLease({ owner: 'b', leaseMs: LEASE, now: due, firstDueAt: due }),
      other.claimReconcileLease({ owner: 'c', leaseMs: LEASE, now: due, firstDueAt: due }),
    ]);
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    const winner = ['a', 'b', 'c'][claims.findIndex((c) => c.claimed)];
    const loser = claims.find((c) => !c.claimed);
    expect(loser).toEqual({ claimed: false, owner: winner, expiresAt: due + LEASE, dueAt: due });
  });

  it('lets another store take over an expired lease (its holder crashed), and the crashed holder can neither renew nor release it', async () => {
    expect(await t.db.claimReconcileLease({ owner: 'crashed', leaseMs: LEASE, now: T0, firstDueAt: T0 })).toEqual({ claimed: true });
    expect((await other.claimReconcileLease({ owner: 'b', leaseMs: LEASE, now: T0 + LEASE - 1, firstDueAt: T0 })).claimed).toBe(false);
    expect(await other.claimReconcileLease({ owner: 'b', leaseMs: LEASE, now: T0 + LEASE, firstDueAt: T0 })).toEqual({ claimed: true });
    expect(await t.db.renewReconcileLease('crashed', LEASE, T0 + LEASE + 1)).toBe(false);
    await t.db.releaseReconcileLease('crashed', T0 + 99_000_000); // not the holder: changes nothing
    expect(await other.renewReconcileLease('b', LEASE, T0 + LEASE + 5)).toBe(true);
    const row = await t.db.knex('reconcile_leases').first();
    expect(row).toMatchObject({ owner: 'b' });
    expect(Number(row.expires_at)).toBe(T0 + 2 * LEASE + 5);
    expect(Number(row.due_at)).toBe(T0);
  });

  it('schedules the next sweep on release; ignoreSchedule takes a free lease before then but never a held one', async () => {
    await t.db.claimReconcileLease({ owner: 'a', leaseMs: LEASE, now: T0, firstDueAt: T0 });
    await t.db.releaseReconcileLease('a', T0 + 3_600_000);
    expect((await other.claimReconcileLease({ owner: 'b', leaseMs: LEASE, now: T0 + 1000, firstDueAt: T0 })).claimed).toBe(false);
    expect((await other.claimReconcileLease({ owner: 'cli', leaseMs: LEASE, now: T0 + 1000, firstDueAt: T0, ignoreSchedule: true })).claimed).toBe(true);
    expect((await t.db.claimReconcileLease({ owner: 'cli2', leaseMs: LEASE, now: T0 + 2000, firstDueAt: T0, ignoreSchedule: true })).claimed).toBe(false);
    await other.releaseReconcileLease('cli', null); // the command leaves the schedule alone
    const row = await t.db.knex('reconcile_leases').first();
    expect(row.owner).toBeNull();
    expect(Number(row.due_at)).toBe(T0 + 3_600_000);
    expect((await t.db.claimReconcileLease({ owner: 'a', leaseMs: LEASE, now: T0 + 3_600_000, firstDueAt: T0 })).claimed).toBe(true);
  });

  it('reads the recorded status of a page of payments in one call (absent: never recorded)', async () => {
    await t.db.recordPayment(payment('501', 'approved'), T0);
    await t.db.recordPayment(payment('502', 'refunded'), T0);
    const statuses = await t.db.findPaymentStatuses(['501', '502', '503']);
    expect([...statuses.entries()].sort()).toEqual([['501', 'approved'], ['502', 'refunded']]);
    expect((await t.db.findPaymentStatuses([])).size).toBe(0);
  });

  it('tells which payments have a waiting event, which a notification announced, and which dedup keys exist', async () => {
    await t.db.insertEvent(paymentEvent('n1', 601), T0); // pending webhook
    const done = await t.db.insertEvent(paymentEvent('n2', 602), T0);
    await t.db.knex('webhook_events').where('id', done.id).update({ status: 'success', pending_key: null });
    await t.db.insertEvent({ ...paymentEvent('r3', 603), dedupKey: 'reconcile:payment:603:approved:x', pendingKey: 'reconcile:payment:603', source: 'reconcile', notificationId: null }, T0);
    const state = await t.db.findPaymentEventState(['601', '602', '603', '604'], ['reconcile:payment:603:approved:x', 'reconcile:payment:604:approved:y']);
    expect([...state.pending].sort()).toEqual(['601', '603']);
    expect([...state.notified].sort()).toEqual(['601', '602']);
    expect([...state.storedKeys]).toEqual(['reconcile:payment:603:approved:x']);
  });
});
