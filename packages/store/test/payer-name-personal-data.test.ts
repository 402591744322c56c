import { createTestDatabase, seedPayment, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 8, 3, 0, 0);

const payerNames = async (t: TestDatabase) =>
  Object.fromEntries((await t.db.knex('payments').select('mp_payment_id', 'payer_name', 'payer_email')).map((r: Record<string, unknown>) => [String(r.mp_payment_id), r.payer_name]));

describe(`store: the payer name is personal data (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('is written and updated with each reading of the payment', async () => {
    await seedPayment(t.db, { mpPaymentId: '9001', payerName: 'Ana Pérez' }, NOW);
    expect(await payerNames(t)).toEqual({ 9001: 'Ana Pérez' });
    await seedPayment(t.db, { mpPaymentId: '9001', payerName: 'Ana M. Pérez', dateLastUpdated: '2026-12-08T00:00:00.000-03:00' }, NOW + 1);
    expect(await payerNames(t)).toEqual({ 9001: 'Ana M. Pérez' });
  });

  it('completes a payment registered in advance with the name', async () => {
    const expected = await t.db.registerExpectedPayment({ externalReference: 'ref-1', ghlContactId: 'c-1' }, NOW);
    await seedPayment(t.db, { mpPaymentId: '9002', externalReference: 'ref-1', payerName: 'Bia Souza' }, NOW);
    expect(await t.db.getPayment(expected.id)).toMatchObject({ mpPaymentId: '9002', payerName: 'Bia Souza' });
  });

  it('is removed by retention with the email, from old payments only (a dry run counts a payment that has only a name)', async () => {
    await seedPayment(t.db, { mpPaymentId: '9003', payerName: 'Old Buyer', payerEmail: 'old@example.com' }, NOW - 200 * DAY);
    await seedPayment(t.db, { mpPaymentId: '9004', payerName: 'Only A Name', payerEmail: null }, NOW - 200 * DAY);
    await seedPayment(t.db, { mpPaymentId: '9005', payerName: 'New Buyer', payerEmail: 'new@example.com' }, NOW - DAY);
    await t.db.knex('payments').where('mp_payment_id', '9004').update({ raw: null });

    const dry = await t.db.purgeExpiredData({ before: NOW - 180 * DAY, now: NOW, dryRun: true, actor: 'test' });
    expect(dry.payments).toBe(2);
    const counts = await t.db.purgeExpiredData({ before: NOW - 180 * DAY, now: NOW, actor: 'test' });
    expect(counts.payments).toBe(2);
    expect(await payerNames(t)).toEqual({ 9003: null, 9004: null, 9005: 'New Buyer' });
    expect((await t.db.purgeExpiredData({ before: NOW - 180 * DAY, now: NOW, dryRun: true, actor: 'test' })).payments).toBe(0);
  });

  it("is removed by the erasure of the buyer's email, and nobody else's", async () => {
    await seedPayment(t.db, { mpPaymentId: '9006', payerName: 'Ana Pérez', payerEmail: 'Ana@Example.com' }, NOW);
    await seedPayment(t.db, { mpPaymentId: '9007', payerName: 'Ana Pérez', payerEmail: null, raw: JSON.stringify({ payer: { email: 'ana@example.com', first_name: 'Ana' } }) }, NOW);
    await seedPayment(t.db, { mpPaymentId: '9008', payerName: 'Bob Stone', payerEmail: 'bob@example.com' }, NOW);
    const erasure = await t.db.forgetEmail({ email: 'ana@example.com', now: NOW, actor: 'test' });
    expect(erasure.counts.payments).toBe(2);
    expect(await payerNames(t)).toEqual({ 9006: null, 9007: null, 9008: 'Bob Stone' });
    expect((await t.db.listPayments({ search: 'pérez' }, { limit: 50, offset: 0 })).total).toBe(0);
  });
});
