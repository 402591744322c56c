import type { NewPaymentLink, Store } from '@ghl-payments/store';
import { createTestDatabase, openDatabase, TestDatabase } from '@ghl-payments/test-support';

const STALE_MS = 120_000;

const link = (overrides: Partial<NewPaymentLink> = {}): NewPaymentLink => ({
  account: 'default', contactId: 'c-ana', title: 'Curso', amount: 1500.5, currency: 'ARS', quantity: 2, externalReference: 'ref-1',
  source: 'api', expiresAt: null, idempotencyKey: null, ...overrides,
});

const expected = (ref: string, account = 'default') => ({ externalReference: ref, ghlContactId: 'c-ana', amount: 3001, currency: 'ARS', description: 'Curso', account });

/** Claims and completes a link; returns it. */
async function createLink(db: Store, overrides: Partial<NewPaymentLink> = {}, now = 1000) {
  const claim = await db.claimPaymentLink(link(overrides), now, STALE_MS);
  if (claim.state !== 'claimed') throw new Error(`expected a claim, got ${claim.state}`);
  return db.completePaymentLink(claim.id, { preferenceId: `pref-${claim.id}`, initPoint: `https://mp.example/checkout?pref_id=pref-${claim.id}` },
    expected(overrides.externalReference ?? 'ref-1', overrides.account), now);
}

describe('payment links in the store', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('completes a reserved link and registers its payment in advance, in the link\'s account', async () => {
    const created = await createLink(t.db, { account: 'acme', externalReference: 'ref-acme' });
    expect(created).toMatchObject({
      account: 'acme', preferenceId: `pref-${created.id}`, contactId: 'c-ana', amount: 1500.5, quantity: 2, currency: 'ARS',
      externalReference: 'ref-acme', source: 'api', state: 'created', paidAt: null, expiresAt: null,
    });
    const registered = await t.db.findExpectedPayment('ref-acme');
    expect(registered).toMatchObject({ account: 'acme', ghlContactId: 'c-ana', amount: 3001, currency: 'ARS', mpPaymentId: null });
    expect(await t.db.findContactIdByExternalReference('ref-acme')).toBe('c-ana');
  });

  it('lists links newest first with their state, filtered by account, contact and state; reservations are not listed', async () => {
    const a = await createLink(t.db, { externalReference: 'r-a' });
    const b = await createLink(t.db, { externalReference: 'r-b', contactId: 'c-bia', expiresAt: 5000 });
    const c = await createLink(t.db, { externalReference: 'r-c', account: 'acme' });
    await t.db.claimPaymentLink(link({ externalReference: 'r-d' }), 1000, STALE_MS); // a reservation: never listed
    expect(await t.db.markPaymentLinkPaid({ account: 'default', externalReference: 'r-a', mpPaymentId: '1320000001', now: 2000 })).toBe(1);

    const all = await t.db.listPaymentLinks({}, { limit: 50, offset: 0 }, 6000);
    expect(all.total).toBe(3);
    expect(all.data.map((l) => [l.id, l.state])).toEqual([[c.id, 'created'], [b.id, 'expired'], [a.id, 'paid']]);
    expect((await t.db.listPaymentLinks({}, { limit: 50, offset: 0 }, 4000)).data.find((l) => l.id === b.id)?.state).toBe('created');
    const ids = async (filter: Parameters<Store['listPaymentLinks']>[0], now = 6000) => (await t.db.listPaymentLinks(filter, { limit: 50, offset: 0 }, now)).data.map((l) => l.id);
    expect(await ids({ account: 'acme' })).toEqual([c.id]);
    expect(await ids({ contactId: 'c-bia' })).toEqual([b.id]);
    expect(await ids({ state: 'paid' })).toEqual([a.id]);
    expect(await ids({ state: 'expired' })).toEqual([b.id]);
    expect(await ids({ state: 'created' })).toEqual([c.id]);
    expect(await ids({ state: 'created' }, 4000)).toEqual([c.id, b.id]);
    const page = await t.db.listPaymentLinks({}, { limit: 1, offset: 1 }, 6000);
    expect(page).toMatchObject({ total: 3, data: [{ id: b.id }] });
    expect((await t.db.getPaymentLink(a.id, 6000))).toMatchObject({ state: 'paid', paidAt: 2000, mpPaymentId: '1320000001' });
  });

  it('marks a link paid once, only in its own account', async () => {
    const mine = await createLink(t.db, { externalReference: 'shared-ref' });
    expect(await t.db.markPaymentLinkPaid({ account: 'acme', externalReference: 'shared-ref', mpPaymentId: '9', now: 2000 })).toBe(0);
    expect(await t.db.markPaymentLinkPaid({ account: 'default', externalReference: 'shared-ref', mpPaymentId: '10', now: 3000 })).toBe(1);
    expect(await t.db.markPaymentLinkPaid({ account: 'default', externalReference: 'shared-ref', mpPaymentId: '11', now: 4000 })).toBe(0);
    expect(await t.db.getPaymentLink(mine.id, 5000)).toMatchObject({ state: 'paid', paidAt: 3000, mpPaymentId: '10' });
  });

  it('answers the live link of an idempotency key, lets the key go once it is paid or expired, and takes over a dead reservation', async () => {
    const first = await createLink(t.db, { idempotencyKey: 'default:h:abc', source: 'workflow', expiresAt: 10_000 });
    const again = await t.db.claimPaymentLink(link({ idempotencyKey: 'default:h:abc', externalReference: 'ref-other' }), 2000, STALE_MS);
    expect(again).toMatchObject({ state: 'exists', link: { id: first.id, externalReference: 'ref-1' } });

    // expired: a new run of the workflow gets a new link; the old one keeps its row
    const later = await t.db.claimPaymentLink(link({ idempotencyKey: 'default:h:abc', externalReference: 'ref-2' }), 20_000, STALE_MS);
    expect(later.state).toBe('claimed');
    expect(await t.db.getPaymentLink(first.id, 20_000)).toMatchObject({ idempotencyKey: null, state: 'expired' });

    // a reservation being created: busy for others until it is stale, then taken over by one caller
    const busy = await t.db.claimPaymentLink(link({ idempotencyKey: 'default:h:abc' }), 20_500, STALE_MS);
    expect(busy).toEqual({ state: 'busy' });
    const [x, y] = await Promise.all([
      t.db.claimPaymentLink(link({ idempotencyKey: 'default:h:abc' }), 20_000 + STALE_MS + 1, STALE_MS),
      t.db.claimPaymentLink(link({ idempotencyKey: 'default:h:abc' }), 20_000 + STALE_MS + 1, STALE_MS),
    ]);
    expect([x.state, y.state].sort()).toEqual(['busy', 'claimed']);
    expect(x.state === 'claimed' ? x.id : (y as { id: number }).id).toBe((later as { id: number }).id);
  });

  it('lets exactly one of several concurrent callers claim a new idempotency key', async () => {
    const other = openDatabase(t);
    try {
      const claims = await Promise.all([
        ...Array.from({ length: 3 }, () => t.db.claimPaymentLink(link({ idempotencyKey: 'default:k:once' }), 1000, STALE_MS)),
        ...Array.from({ length: 3 }, () => other.claimPaymentLink(link({ idempotencyKey: 'default:k:once' }), 1000, STALE_MS)),
      ]);
      expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.state === 'busy')).toHaveLength(5);
      expect(Number((await t.db.knex('payment_links').count({ n: '*' }).first())?.n)).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('abandons a reservation without touching a completed link, and refuses to complete it twice', async () => {
    const claim = await t.db.claimPaymentLink(link({ externalReference: 'r-x' }), 1000, STALE_MS);
    if (claim.state !== 'claimed') throw new Error('claim expected');
    expect(await t.db.paymentLinkReferenceTaken('default', 'r-x')).toBe(true);
    expect(await t.db.paymentLinkReferenceTaken('default', 'r-x', claim.id)).toBe(false);
    await t.db.abandonPaymentLink(claim.id);
    expect(await t.db.getPaymentLink(claim.id, 1000)).toBeNull();
    await expect(t.db.completePaymentLink(claim.id, { preferenceId: 'p', initPoint: 'https://x' }, expected('r-x'), 1000)).rejects.toThrow(/no longer reserved/);
    expect(await t.db.findExpectedPayment('r-x')).toBeNull();

    const done = await createLink(t.db, { externalReference: 'r-y' });
    await t.db.abandonPaymentLink(done.id);
    expect(await t.db.getPaymentLink(done.id, 1000)).not.toBeNull();
    // a payment registered in advance holds its reference too
    await t.db.registerExpectedPayment({ externalReference: 'r-z', ghlContactId: 'c-ana' }, 1000);
    expect(await t.db.paymentLinkReferenceTaken('default', 'r-z')).toBe(true);
  });
});
