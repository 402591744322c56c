import type { SubscriptionRecord } from '@ghl-payments/store';
import { createTestDatabase, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

const subscription = (status: string, lastModified: string, over: Partial<SubscriptionRecord> = {}): SubscriptionRecord => ({
  mpPreapprovalId: '2c9380848f', status, reason: 'Plan mensual', externalReference: 'sub-7', payerEmail: 'sub@example.com',
  amount: 4900, currency: 'ARS', lastModified, raw: '{}', ...over,
});

describe(`store.recordSubscriptionState (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('stores the subscription with its status rounds, keeps its contact, and ignores an older read', async () => {
    const first = await t.db.recordSubscriptionState(subscription('authorized', '2026-12-01T10:00:00.000-03:00', { ghlContactId: 'c1' }), 1, 1000);
    expect(first).toMatchObject({ round: 1, stale: false, subscription: { status: 'authorized', ghlContactId: 'c1', amount: 4900, createdAt: 1000 } });
    expect((await t.db.recordSubscriptionState(subscription('paused', '2026-12-02T10:00:00.000-03:00'), 2, 2000))).toMatchObject({ round: 1, subscription: { status: 'paused', ghlContactId: 'c1' } });
    const late = await t.db.recordSubscriptionState(subscription('authorized', '2026-12-01T12:00:00.000-03:00'), 3, 3000);
    expect(late).toMatchObject({ stale: true, subscription: { status: 'paused', updatedAt: 2000 } });
    expect((await t.db.recordSubscriptionState(subscription('authorized', '2026-12-03T10:00:00.000-03:00'), 4, 4000)).round).toBe(2);
    await t.db.setSubscriptionContact(first.subscription.id, 'c2', 5000);
    expect((await t.db.recordSubscriptionState(subscription('authorized', '2026-12-03T10:00:00.000-03:00'), 5, 6000)).subscription.ghlContactId).toBe('c2');
    expect((await t.db.listStatusChanges('subscription:2c9380848f')).map((c) => `${c.status}#${c.round}`)).toEqual(['authorized#1', 'paused#1', 'authorized#2']);
  });
});
