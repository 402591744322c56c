import { RetryableError } from '@ghl-payments/core';
import { processEvent } from '@ghl-payments/pipeline';
import { createPipelineFixture, PipelineFixture, rejectionOf } from './support/pipeline-fixture';

describe('processEvent for merchant orders and other topics', () => {
  let f: PipelineFixture;
  beforeEach(async () => { f = await createPipelineFixture({ env: { GHL_STATUS_TAGS: 'approved:pago-aprobado' } }); });
  afterEach(async () => { await f.close(); });

  it('processes each payment of a merchant order', async () => {
    f.mp.setPayment({ id: 3001, status: 'approved', payer: { email: 'first@example.com' } });
    f.mp.setPayment({ id: 3002, status: 'approved', payer: { email: 'second@example.com' } });
    f.mp.setMerchantOrder({ id: 555, payments: [{ id: 3001 }, { id: 3002 }] });
    const outcome = await processEvent(await f.event(555, 'merchant_order'), f.ctx);

    const rows = await f.t.db.knex('payments').orderBy('id');
    expect(rows.map((r) => r.mp_payment_id)).toEqual(['3001', '3002']);
    expect(outcome).toMatchObject({ status: 'success', paymentId: Number(rows[0].id) });
    expect(outcome.status === 'success' && outcome.summary).toMatch(/^merchant order 555: payment 3001 approved → contact \S+: add tags pago-aprobado; payment 3002 approved → contact \S+: add tags pago-aprobado$/);
    expect(f.ghl.tagCalls().map((c) => c.contactId)).toEqual([
      f.ghl.findContactByEmail('first@example.com')!.id, f.ghl.findContactByEmail('second@example.com')!.id,
    ]);
  });

  it('retries the whole order when one payment fails, and skips the already-tagged one next time', async () => {
    f.mp.setPayment({ id: 3003, payer: { email: 'ok@example.com' } });
    f.mp.setPayment({ id: 3004, payer: { email: 'flaky@example.com' } });
    f.mp.setMerchantOrder({ id: 556, payments: [{ id: 3003 }, { id: 3004 }] });
    f.mp.fail({ path: '/v1/payments/3004', status: 503 });
    const error = await rejectionOf(processEvent(await f.event(556, 'merchant_order'), f.ctx));
    expect(error).toBeInstanceOf(RetryableError);
    expect(f.ghl.tagCalls()).toHaveLength(1);

    const outcome = await processEvent(await f.event(556, 'merchant_order'), f.ctx);
    expect(outcome.status === 'success' && outcome.summary).toMatch(/payment 3003 approved → contact \S+: add tags pago-aprobado \(already done\).*payment 3004 approved → contact \S+: add tags pago-aprobado$/);
    expect(f.ghl.tagCalls()).toHaveLength(2);
  });

  it('ignores a merchant order without payments, with the reason', async () => {
    f.mp.setMerchantOrder({ id: 557, payments: [] });
    expect(await processEvent(await f.event(557, 'merchant_order'), f.ctx)).toEqual({ status: 'ignored', reason: 'merchant order 557 has no payments yet' });
  });

  it('ignores topics with nothing to do without calling anyone', async () => {
    const outcome = await processEvent(await f.event(42, 'point_integration_wh'), f.ctx);
    expect(outcome).toEqual({ status: 'ignored', reason: 'topic point_integration_wh has nothing to do in GoHighLevel: acknowledged and kept' });
    expect(f.mp.requests).toHaveLength(0);
    expect(f.ghl.requests).toHaveLength(0);
  });
});
