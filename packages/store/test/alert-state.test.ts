import { loadConfig } from '@ghl-payments/core';
import { openStore } from '@ghl-payments/store';
import { createTestDatabase, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

describe(`alert state: the right to send, held-back counts (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('grants the first claim, counts the held-back ones, and reports them with the next granted claim', async () => {
    expect(await t.db.readAlertState('backlog-stuck')).toBeNull();
    expect(await t.db.claimAlert({ key: 'backlog-stuck', now: 1000, notSentSince: -1 })).toEqual({ sent: true, suppressed: 0, previousSentAt: null });
    expect(await t.db.claimAlert({ key: 'backlog-stuck', now: 2000, notSentSince: 999 })).toEqual({ sent: false, suppressed: 1 });
    expect(await t.db.claimAlert({ key: 'backlog-stuck', now: 3000, notSentSince: 999 })).toEqual({ sent: false, suppressed: 2 });
    expect(await t.db.readAlertState('backlog-stuck')).toEqual({ key: 'backlog-stuck', lastSentAt: 1000, suppressed: 2 });
    expect(await t.db.claimAlert({ key: 'backlog-stuck', now: 5000, notSentSince: 1000 })).toEqual({ sent: true, suppressed: 2, previousSentAt: 1000 });
    expect(await t.db.readAlertState('backlog-stuck')).toEqual({ key: 'backlog-stuck', lastSentAt: 5000, suppressed: 0 });
    // keys are independent
    expect(await t.db.claimAlert({ key: 'credentials-rejected:ghl', now: 5000, notSentSince: 4000 })).toMatchObject({ sent: true });
  });

  it('grants exactly one of many concurrent claims from two connections', async () => {
    const other = openStore(loadConfig({ DATABASE_URL: t.url }).database);
    try {
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : t.db).claimAlert({ key: 'signatures-rejected', now: 10_000, notSentSince: 0 })));
      expect(claims.filter((c) => c.sent)).toHaveLength(1);
      expect(claims.filter((c) => !c.sent).map((c) => c.suppressed).sort((a, b) => a - b)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    } finally {
      await other.close();
    }
  });

  it('counts the digest\'s figures over a period', async () => {
    await t.db.knex('payments').insert([{ mp_payment_id: '1', created_at: 100, updated_at: 100 }, { mp_payment_id: '2', created_at: 5000, updated_at: 5000 }]);
    await t.db.knex('rule_actions').insert([
      { subject: 'payment:1', status: 'approved', round: 1, rule: 'r', action_index: 0, kind: 'add_tags', contact_id: 'c', state: 'applied', created_at: 100, applied_at: 150 },
      { subject: 'payment:1', status: 'approved', round: 1, rule: 'r', action_index: 1, kind: 'add_tags', contact_id: 'c', state: 'applying', created_at: 100 },
    ]);
    expect(await t.db.countDigest(0, 1000)).toEqual({ paymentsReceived: 1, approved: 0, actionsApplied: 1, failed: 0, recovered: 0, waitingNow: 0 });
  });
});
