import { processEvent } from '@ghl-payments/pipeline';
import { createPipelineFixture, PipelineFixture } from './support/pipeline-fixture';

// GET /v1/payments/{id} names the buyer in payer.first_name and payer.last_name (API reference, "Equivalences between
// parameters returned in the Collections and Payments APIs"; sdk-nodejs clients/payment/commonTypes.ts), often null.
describe('the payer name, read from MercadoPago by the pipeline', () => {
  let f: PipelineFixture;
  beforeEach(async () => { f = await createPipelineFixture({ env: { GHL_STATUS_TAGS: 'approved:pago-aprobado' } }); });
  afterEach(async () => { await f.close(); });

  const stored = async (mpPaymentId: string) => f.t.db.knex('payments').where('mp_payment_id', mpPaymentId).first('payer_name', 'payer_email');

  it("stores the first and last name, and the payment list finds the buyer by it", async () => {
    f.mp.setPayment({ id: 5001, status: 'approved', payer: { email: 'ana@example.com', first_name: 'Ana María', last_name: 'Pérez' } });
    expect(await processEvent(await f.event(5001), f.ctx)).toMatchObject({ status: 'success' });
    expect(await stored('5001')).toEqual({ payer_name: 'Ana María Pérez', payer_email: 'ana@example.com' });
    const found = await f.t.db.listPayments({ search: 'maría pé' }, { limit: 10, offset: 0 });
    expect(found.data.map((p) => [p.mpPaymentId, p.payerName])).toEqual([['5001', 'Ana María Pérez']]);
    expect(f.ghl.findContactByEmail('ana@example.com')).toMatchObject({ firstName: 'Ana María', lastName: 'Pérez' });
  });

  it('keeps what there is of the name, trimmed, and stores none when MercadoPago leaves both empty', async () => {
    f.mp.setPayment({ id: 5002, payer: { email: 'bia@example.com', first_name: '  Bia  ', last_name: '' } });
    f.mp.setPayment({ id: 5003, payer: { email: 'carla@example.com' } }); // the fake, like MercadoPago, answers first_name and last_name null
    await processEvent(await f.event(5002), f.ctx);
    await processEvent(await f.event(5003), f.ctx);
    expect(await stored('5002')).toEqual({ payer_name: 'Bia', payer_email: 'bia@example.com' });
    expect(await stored('5003')).toEqual({ payer_name: null, payer_email: 'carla@example.com' });
  });

  it('follows the payment: a pending payment (email hidden by MercadoPago) shows the name, the approval adds the email', async () => {
    f.mp.setPayment({ id: 5004, status: 'pending', payer: { email: 'dani@example.com', first_name: 'Dani', last_name: 'Lima' } });
    await processEvent(await f.event(5004), f.ctx);
    expect(await stored('5004')).toEqual({ payer_name: 'Dani Lima', payer_email: null });
    f.mp.setPayment({ id: 5004, status: 'approved' });
    await processEvent(await f.event(5004), f.ctx);
    expect(await stored('5004')).toEqual({ payer_name: 'Dani Lima', payer_email: 'dani@example.com' });
  });
});
