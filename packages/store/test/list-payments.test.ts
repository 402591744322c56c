import { TestDatabase, createTestDatabase, seedEvent, seedPayment } from '@ghl-payments/test-support';

const page = { limit: 50, offset: 0 };

describe('listPayments, getPayment and findExpectedPayment', () => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await createTestDatabase();
    ids.approved = await seedPayment(t.db, { mpPaymentId: '1001', status: 'approved', payerEmail: 'Ana@Example.com', externalReference: 'order-1' });
    ids.rejected = await seedPayment(t.db, { mpPaymentId: '1002', status: 'rejected', payerEmail: 'bob@example.com' });
    ids.expected = (await t.db.registerExpectedPayment({ externalReference: 'order-9', ghlContactId: 'contact-9', amount: 10, currency: 'ARS' }, 5)).id;
  });
  afterAll(async () => { await t.destroy(); });

  it('lists newest first with filters on status, external reference and email (any case)', async () => {
    const all = await t.db.listPayments({}, page);
    expect(all.total).toBe(3);
    expect(all.data.map((p) => p.id)).toEqual([ids.expected, ids.rejected, ids.approved]);
    expect((await t.db.listPayments({ status: 'approved' }, page)).data.map((p) => p.id)).toEqual([ids.approved]);
    expect((await t.db.listPayments({ externalReference: 'order-9' }, page)).data.map((p) => p.id)).toEqual([ids.expected]);
    expect((await t.db.listPayments({ email: 'ana@EXAMPLE.com' }, page)).data.map((p) => p.id)).toEqual([ids.approved]);
    expect((await t.db.listPayments({ email: "' OR 1=1 --" }, page)).total).toBe(0);
    expect((await t.db.listPayments({}, { limit: 1, offset: 1 })).data.map((p) => p.id)).toEqual([ids.rejected]);
  });

  it('finds a registration MercadoPago has not reported yet', async () => {
    expect(await t.db.findExpectedPayment('order-9')).toMatchObject({ id: ids.expected, ghlContactId: 'contact-9', mpPaymentId: null });
    expect(await t.db.findExpectedPayment('order-1')).toBeNull();
  });

  it('returns a payment with its events, status changes, rule actions and raw JSON', async () => {
    const linked = await seedEvent(t.db, { status: 'success', topic: 'merchant_order', resourceId: '5', paymentId: ids.approved });
    const byResource = await seedEvent(t.db, { status: 'failed', topic: 'payment', resourceId: '1001' });
    await seedEvent(t.db, { status: 'failed', topic: 'payment', resourceId: '1002' });
    const key = { subject: 'payment:1001', status: 'approved', round: 1, rule: 'aprobado', actionIndex: 0 };
    await t.db.reserveAction({ ...key, kind: 'addTags', contactId: 'c1', eventId: linked, leaseMs: 1000, now: 10 });
    await t.db.markActionApplied({ ...key, detail: '{"tags":["pago-aprobado"]}' }, 20);
    const detail = await t.db.getPayment(ids.approved);
    expect(detail).toMatchObject({ id: ids.approved, mpPaymentId: '1001', status: 'approved', raw: expect.stringContaining('1001') });
    expect(detail!.events.map((e) => e.id).sort()).toEqual([linked, byResource].sort());
    expect(detail!.actions).toEqual([{ ...key, kind: 'addTags', contactId: 'c1', state: 'applied', eventId: linked, detail: '{"tags":["pago-aprobado"]}', createdAt: 10, appliedAt: 20 }]);
    expect(await t.db.getPayment(424242)).toBeNull();
    expect(await t.db.getPayment(ids.expected)).toMatchObject({ raw: null, events: [], actions: [], statusChanges: [] });
  });
});
