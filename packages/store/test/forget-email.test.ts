import { emailSha256, readBuyerEmail } from '@ghl-payments/store';
import { createTestDatabase, findTextEverywhere, seedBuyerEverywhere, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

const EMAIL = 'Ana.Perez+curso@Example.com';
const OTHER = 'otro.comprador@example.net';
const NOW = Date.UTC(2026, 11, 8, 3, 0, 0);

describe(`store: erasure of a buyer's email (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('reads an address: trimmed, lower-cased, one address only', () => {
    expect(readBuyerEmail('  Ana@Example.COM ')).toBe('ana@example.com');
    for (const bad of ['', 'ana', 'ana@', '@example.com', 'a@b@c', 'ana@example.com, bob@example.com', 42, undefined, `${'a'.repeat(320)}@x.io`]) {
      expect(readBuyerEmail(bad)).toBeNull();
    }
  });

  it('removes the address from every column of every table, keeps the rows and the other buyer, and audits without the address', async () => {
    const seeded = await seedBuyerEverywhere(t.db, EMAIL.toLowerCase(), OTHER);
    expect((await findTextEverywhere(t.db, EMAIL)).length).toBeGreaterThan(10);
    const rowsBefore = Number((await t.db.knex('webhook_events').count({ n: '*' }).first())?.n);

    const erasure = await t.db.forgetEmail({ email: EMAIL, now: NOW, actor: 'cli:ana@host', client: null });

    expect(await findTextEverywhere(t.db, EMAIL)).toEqual([]);
    expect(erasure.counts).toEqual({ payments: 2, subscriptions: 1, events: 4, contacts: 1, texts: 8 });
    expect(erasure.emailSha256).toBe(emailSha256(EMAIL));
    expect(erasure.compacted).toBe(true);
    // rows, statuses and amounts stay; the other buyer is untouched
    expect(Number((await t.db.knex('webhook_events').count({ n: '*' }).first())?.n)).toBe(rowsBefore);
    const payment = await t.db.knex('payments').where('id', seeded.paymentIds[0]).first();
    expect(payment).toMatchObject({ status: 'approved', mp_payment_id: '7100001', payer_email: null, raw: null });
    expect((await t.db.getEvent(seeded.eventIds[1]))!.lastError).toBe('GoHighLevel refused the contact [erased]: duplicate');
    expect((await findTextEverywhere(t.db, OTHER)).length).toBeGreaterThanOrEqual(3);
    expect((await t.db.getEvent(seeded.otherEventId))!.payload).not.toBeNull();
    expect(await t.db.findCachedContact('loc-1', OTHER)).toBe('contact-otro');

    const [entry] = (await t.db.listAudit({ actions: ['forget'] }, { limit: 5, offset: 0 })).data;
    expect(entry).toEqual({
      id: expect.any(Number), at: NOW, actor: 'cli:ana@host', action: 'forget', target: `sha256:${emailSha256(EMAIL)}`, client: null,
      detail: { payments: 2, subscriptions: 1, events: 4, contacts: 1, texts: 8 },
    });
  });

  it('an unknown address changes nothing and is still recorded', async () => {
    await seedBuyerEverywhere(t.db, EMAIL.toLowerCase(), OTHER);
    const erasure = await t.db.forgetEmail({ email: 'nadie@example.org', now: NOW, actor: 'admin', client: '203.0.113.5' });
    expect(erasure.counts).toEqual({ payments: 0, subscriptions: 0, events: 0, contacts: 0, texts: 0 });
    expect((await findTextEverywhere(t.db, EMAIL)).length).toBeGreaterThan(10);
    const [entry] = (await t.db.listAudit({}, { limit: 5, offset: 0 })).data;
    expect(entry).toMatchObject({ action: 'forget', actor: 'admin', client: '203.0.113.5', target: `sha256:${emailSha256('nadie@example.org')}` });
  });
});
