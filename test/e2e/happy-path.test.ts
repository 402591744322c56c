import request from 'supertest';
import { BIN, createE2eHarness, E2eHarness, runCli } from '@ghl-payments/test-support';

describe('webhook → process-webhooks → GoHighLevel tag', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness(); }); // the default rules (docs/rules.md)
  afterEach(async () => { await h.destroy(); });

  it('tags the buyer once for an approved payment and records it', async () => {
    h.mp.setPayment({ id: 1001, status: 'approved', payer: { email: 'ana@example.com' }, external_reference: 'order-77' });
    const eventId = await h.notifyPayment(1001);

    const result = await runCli(BIN.processWebhooks, [], h.env);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('processed=1 success=1 retried=0 failed=0');

    const contact = h.ghl.findContactByEmail('ana@example.com');
    expect(contact).toBeDefined();
    expect(h.ghl.tagCalls()).toEqual([expect.objectContaining({ contactId: contact!.id, tags: ['pago-aprobado'] })]);
    const upsert = h.ghl.requests.find((r) => r.path === '/contacts/upsert');
    expect(upsert?.body).not.toHaveProperty('tags');
    const mpCall = h.mp.requests.find((r) => r.path === '/v1/payments/1001');
    expect(mpCall?.headers.authorization).toBe('Bearer TEST-mp-token');

    const event = await h.t.db.knex('webhook_events').where('id', eventId).first();
    expect(event).toMatchObject({ status: 'success', attempts: 1 });
    const payment = await h.t.db.knex('payments').where('id', event.payment_id).first();
    expect(payment).toMatchObject({ mp_payment_id: '1001', status: 'approved', payer_email: 'ana@example.com', external_reference: 'order-77', ghl_contact_id: contact!.id });
  });

  it('accepts an IPN notification and a MercadoPago redelivery without a second event', async () => {
    h.mp.setPayment({ id: 2002, status: 'approved' });
    const ipn = await request(h.app).post('/webhooks/mp?topic=payment&id=2002').send({ resource: '2002', topic: 'payment' });
    expect(ipn.status).toBe(200);
    const first = await h.notifyPayment(2002, 'notif-1');
    const again = await request(h.app).post('/webhooks/mp?data.id=2002&type=payment')
      .send({ id: 'notif-1', type: 'payment', action: 'payment.created', data: { id: '2002' } });
    expect(again.body).toEqual({ status: 'duplicate', id: first });

    const result = await runCli(BIN.processWebhooks, [], h.env);
    expect(result.stdout.trim()).toBe('processed=2 success=2 retried=0 failed=0');
    expect(h.ghl.tagCalls()).toHaveLength(1); // two events, one payment and status: tagged once
  });

  it('runs each status\'s rules once when a payment is approved and later refunded: pago-aprobado added, then taken away', async () => {
    h.mp.setPayment({ id: 3003, status: 'approved' });
    await h.notifyPayment(3003);
    await h.notifyPayment(3003);
    await runCli(BIN.processWebhooks, [], h.env);
    h.mp.setPayment({ id: 3003, status: 'refunded' });
    await h.notifyPayment(3003);
    await runCli(BIN.processWebhooks, [], h.env);
    await h.notifyPayment(3003);
    await runCli(BIN.processWebhooks, [], h.env);

    expect(h.ghl.tagCalls().map((c) => c.tags)).toEqual([['pago-aprobado'], ['pago-reembolsado']]);
    const recorded = await h.t.db.knex('payments').where('mp_payment_id', '3003').first();
    const contact = h.ghl.getContact(String(recorded.ghl_contact_id))!;
    expect(contact.tags).toEqual(['pago-reembolsado']); // the default rules removed pago-aprobado on the refund
    const ledger = await h.t.db.knex('rule_actions').where('subject', 'payment:3003').orderBy('id');
    expect(ledger.map((r) => [r.status, r.rule, r.kind, r.state])).toEqual([
      ['approved', 'aprobado', 'addTags', 'applied'], ['approved', 'aprobado', 'removeTags', 'applied'],
      ['refunded', 'reembolsado', 'removeTags', 'applied'], ['refunded', 'reembolsado', 'addTags', 'applied'],
    ]);
    expect(await h.statuses()).toEqual({ success: 4 });
  });

  it('ignores topics with nothing to do, storing the reason', async () => {
    const res = await request(h.app).post('/webhooks/mp?data.id=55&type=point_integration_wh')
      .send({ id: 'point-1', type: 'point_integration_wh', data: { id: '55' } });
    const result = await runCli(BIN.processWebhooks, [], h.env);
    expect(result.stdout).toMatch(/processed=1 success=0 retried=0 failed=0 ignored=1/);
    const event = await h.t.db.knex('webhook_events').where('id', res.body.id).first();
    expect(event.status).toBe('ignored');
    expect(event.last_error).toBe('topic point_integration_wh has nothing to do in GoHighLevel: acknowledged and kept');
  });
});
