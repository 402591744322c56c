import type { PaymentRecord } from '@ghl-payments/store';
import { createTestDatabase, openDatabase, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

function payment(mpPaymentId: string, overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    mpPaymentId, status: 'approved', statusDetail: 'accredited', amount: 150.5, currency: 'ARS', description: 'Curso', externalReference: null,
    payerEmail: 'ana@example.com', dateCreated: '2026-12-01T10:00:00.000-03:00', dateApproved: null, dateLastUpdated: null, raw: `{"id":${mpPaymentId}}`,
    ...overrides,
  };
}

describe(`store.recordPayment (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('inserts a payment, then updates it in place, keeping its contact unless a new one is given', async () => {
    const first = await t.db.recordPayment(payment('501', { status: 'pending', ghlContactId: 'contact-a' }), 1000);
    const second = await t.db.recordPayment(payment('501', { status: 'approved' }), 2000);
    expect(second).toMatchObject({ id: first.id, status: 'approved', ghlContactId: 'contact-a', amount: 150.5, createdAt: 1000, updatedAt: 2000 });
    const third = await t.db.recordPayment(payment('501', { status: 'refunded', ghlContactId: 'contact-b' }), 3000);
    expect(third).toMatchObject({ id: first.id, status: 'refunded', ghlContactId: 'contact-b' });
    expect(await t.db.knex('payments').count({ n: '*' }).first()).toMatchObject({ n: expect.anything() });
    expect(Number((await t.db.knex('payments').count({ n: '*' }).first())!.n)).toBe(1);
  });

  it('completes a payment registered in advance with the same external reference instead of adding one', async () => {
    const expected = await t.db.registerExpectedPayment({ externalReference: 'order-7', ghlContactId: 'contact-x', amount: 99 }, 500);
    const recorded = await t.db.recordPayment(payment('777', { externalReference: 'order-7' }), 1000);
    expect(recorded).toMatchObject({ id: expected.id, mpPaymentId: '777', ghlContactId: 'contact-x', status: 'approved', createdAt: 500 });
    expect(await t.db.findExpectedPayment('order-7')).toBeNull();
    expect(await t.db.findContactIdByExternalReference('order-7')).toBe('contact-x');
  });

  it('a second payment with the same external reference gets a row of its own', async () => {
    await t.db.registerExpectedPayment({ externalReference: 'order-8', ghlContactId: 'contact-y' }, 500);
    const a = await t.db.recordPayment(payment('801', { externalReference: 'order-8' }), 1000);
    const b = await t.db.recordPayment(payment('802', { externalReference: 'order-8' }), 1001);
    expect(b.id).not.toBe(a.id);
    expect(a.ghlContactId).toBe('contact-y');
  });

  it('two stores recording the same payment at once end with one row (a unique violation is recognised by its code)', async () => {
    await t.db.registerExpectedPayment({ externalReference: 'order-9', ghlContactId: 'contact-z' }, 500);
    const other = openDatabase(t);
    try {
      for (let round = 0; round < 5; round += 1) {
        const id = `90${round}`;
        const results = await Promise.all([
          t.db.recordPayment(payment(id, { externalReference: 'order-9' }), 1000),
          other.recordPayment(payment(id, { externalReference: 'order-9' }), 1000),
        ]);
        expect(results[0].id).toBe(results[1].id);
      }
      const rows = await t.db.knex('payments').whereNotNull('mp_payment_id').select('mp_payment_id');
      expect(rows.map((r) => r.mp_payment_id).sort()).toEqual(['900', '901', '902', '903', '904']);
    } finally {
      await other.close();
    }
  });

  it('records a payment with no amount or email', async () => {
    const recorded = await t.db.recordPayment(payment('601', { amount: null, payerEmail: null, currency: null }), 1000);
    expect(recorded).toMatchObject({ mpPaymentId: '601', amount: null, payerEmail: null });
    await t.db.setPaymentContact(recorded.id, 'contact-late', 1100);
    expect((await t.db.getPayment(recorded.id))!.ghlContactId).toBe('contact-late');
  });

  it('recordPaymentState counts the rounds of each status: a status that comes back starts a new round', async () => {
    const at = (n: number) => `2026-12-0${n}T10:00:00.000-03:00`;
    const steps: Array<[string, number]> = [['pending', 1], ['pending', 1], ['approved', 1], ['refunded', 1], ['approved', 2], ['approved', 2]];
    for (const [i, [status, round]] of steps.entries()) {
      const state = await t.db.recordPaymentState(payment('701', { status, dateLastUpdated: at(i + 1) }), i + 1, 1000 + i);
      expect({ status: state.payment.status, round: state.round, stale: state.stale }).toEqual({ status, round, stale: false });
    }
    const changes = await t.db.listStatusChanges('payment:701');
    expect(changes.map((c) => `${c.previousStatus ?? 'new'}>${c.status}#${c.round}@${c.eventId}`))
      .toEqual(['new>pending#1@1', 'pending>approved#1@3', 'approved>refunded#1@4', 'refunded>approved#2@5']);
  });

  it('recordPaymentState writes nothing for an answer older than the stored state (a refund is not undone by a late read)', async () => {
    await t.db.recordPaymentState(payment('702', { status: 'approved', dateLastUpdated: '2026-12-01T10:00:00.000-03:00' }), 1, 1000);
    await t.db.recordPaymentState(payment('702', { status: 'refunded', dateLastUpdated: '2026-12-03T10:00:00.000-03:00' }), 2, 2000);
    const late = await t.db.recordPaymentState(payment('702', { status: 'approved', dateLastUpdated: '2026-12-02T10:00:00.000-03:00' }), 3, 3000);
    expect(late).toMatchObject({ stale: true, round: 1, payment: { status: 'refunded', updatedAt: 2000 } });
    expect((await t.db.listStatusChanges('payment:702')).map((c) => c.status)).toEqual(['approved', 'refunded']);
  });

  it('two stores recording a new payment at once agree on its first round (the payment\'s key is locked first)', async () => {
    const other = openDatabase(t);
    try {
      for (let i = 0; i < 10; i += 1) {
        const id = `71${i}`;
        const both = await Promise.all([
          t.db.recordPaymentState(payment(id, { status: 'approved' }), 1, 1000),
          other.recordPaymentState(payment(id, { status: 'approved' }), 2, 1000),
        ]);
        expect(both.map((s) => s.round)).toEqual([1, 1]);
        expect((await t.db.listStatusChanges(`payment:${id}`)).map((c) => `${c.status}#${c.round}`)).toEqual(['approved#1']);
      }
    } finally {
      await other.close();
    }
  });

  it('two stores recording the same status change at once agree on its round', async () => {
    const other = openDatabase(t);
    try {
      await t.db.recordPaymentState(payment('703', { status: 'approved' }), 1, 1000);
      const both = await Promise.all([
        t.db.recordPaymentState(payment('703', { status: 'refunded' }), 2, 2000),
        other.recordPaymentState(payment('703', { status: 'refunded' }), 3, 2000),
      ]);
      expect(both.map((s) => s.round)).toEqual([1, 1]);
      expect((await t.db.listStatusChanges('payment:703')).map((c) => `${c.status}#${c.round}`)).toEqual(['approved#1', 'refunded#1']);
    } finally {
      await other.close();
    }
  });
});
