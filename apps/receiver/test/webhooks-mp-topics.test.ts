import { createHmac } from 'node:crypto';
import request from 'supertest';
import {
  buildAuthorizedPaymentNotification, buildChargebackNotification, buildIpnNotification, buildOrderNotification,
  buildPreapprovalNotification, buildWebhookNotification, MercadoPagoNotification,
} from '@ghl-payments/sandbox';
import { createReceiverFixture, ReceiverFixture, SECRET } from './helpers/receiver-fixture';

/** POSTs a sandbox-built notification to the real app, as MercadoPago would. */
function deliver(f: ReceiverFixture, n: MercadoPagoNotification) {
  const query = new URLSearchParams(n.query).toString();
  const req = request(f.app).post(`/webhooks/mp${query ? `?${query}` : ''}`);
  for (const [name, value] of Object.entries(n.headers)) req.set(name, value);
  return req.send(n.body);
}

describe('POST /webhooks/mp: every topic MercadoPago sends', () => {
  let f: ReceiverFixture;
  beforeAll(async () => { f = await createReceiverFixture({ MP_WEBHOOK_SECRET: SECRET }); });
  afterAll(async () => { await f.t.destroy(); });
  beforeEach(async () => { await f.t.db.knex('webhook_events').del(); });

  it.each([
    ['topic_chargebacks_wh', buildChargebackNotification('215830007', { secret: SECRET }), 'chargeback', '215830007'],
    ['chargebacks', buildWebhookNotification({ type: 'chargebacks', dataId: '215830008', secret: SECRET }), 'chargeback', '215830008'],
    ['subscription_preapproval', buildPreapprovalNotification('2c938084726fca480172750000000000', { secret: SECRET }), 'subscription_preapproval', '2c938084726fca480172750000000000'],
    ['subscription_authorized_payment', buildAuthorizedPaymentNotification(6114264375, { secret: SECRET }), 'subscription_authorized_payment', '6114264375'],
    ['subscription_preapproval_plan', buildWebhookNotification({ type: 'subscription_preapproval_plan', dataId: '2c9380847e9b451c017ea1bd70ba0219', secret: SECRET }), 'subscription_preapproval_plan', '2c9380847e9b451c017ea1bd70ba0219'],
    ['order', buildOrderNotification({ id: 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3', status: 'processed' }, { secret: SECRET }), 'order', 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3'],
    ['mp-connect', buildWebhookNotification({ type: 'mp-connect', dataId: '5678', action: 'application.deauthorized', secret: SECRET }), 'mp-connect', '5678'],
    ['topic_claims_integration_wh', buildWebhookNotification({ type: 'topic_claims_integration_wh', dataId: '5149845133', action: 'created', secret: SECRET }), 'topic_claims_integration_wh', '5149845133'],
  ])('stores a signed %s notification with its topic and resource', async (_raw, notification, topic, resourceId) => {
    const res = await deliver(f, notification);
    expect(res.status).toBe(200);
    const [row] = await f.rows();
    expect(row).toMatchObject({ topic, raw_type: notification.body.type, resource_id: resourceId, signature: 'valid', action: notification.body.action });
  });

  it('keys an order notification, which carries no notification id, on what its signature covers', async () => {
    const n = buildOrderNotification({ id: 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3', status: 'action_required' }, { secret: SECRET, requestId: 'rq-order-1' });
    expect(n.body.id).toBeUndefined();
    expect((await deliver(f, n)).status).toBe(200);
    const again = await deliver(f, n);
    expect(again.body).toMatchObject({ status: 'duplicate' });
    const rows = await f.rows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dedup_key: 'webhook:signed:ORD01JQ4S4KY8HWQ6NA5PXB65B3D3:rq-order-1', action: 'order.action_required', notification_id: null });
  });

  it('stores a fraud alert (no data.id; MercadoPago names the payment in data.payment_id) signed without data.id', async () => {
    const n = buildWebhookNotification({ type: 'stop_delivery_op_wh', dataId: 'x', secret: SECRET, action: 'Created' });
    // as the notifications guide shows it: no data.id, the payment in data.payment_id and in the top-level id
    delete n.query['data.id'];
    n.body = { ...n.body, id: '58980959081', data: { description: 'desc', merchant_order: 249940988000, payment_id: 58980959081, site_id: 'MLA' } };
    n.headers['x-signature'] = signWithoutDataId(n.headers['x-request-id']);
    const res = await deliver(f, n);
    expect(res.status).toBe(200);
    expect((await f.rows())[0]).toMatchObject({ topic: 'stop_delivery_op_wh', resource_id: '58980959081', notification_id: null, signature: 'valid' });
  });

  it('stores a Card Updater notification (type automatic-payments) under topic_card_id_wh, named by its customer', async () => {
    const n = buildWebhookNotification({ type: 'automatic-payments', dataId: 'x', action: 'card.updated' });
    delete n.query['data.id'];
    n.query.type = 'automatic-payments';
    n.body = { ...n.body, data: { customer_id: '12345678-aluyasdhfyt', new_card_id: 50000102202, old_card_id: 50000006036 } };
    n.headers['x-signature'] = signWithoutDataId(n.headers['x-request-id']);
    expect((await deliver(f, n)).status).toBe(200);
    expect((await f.rows())[0]).toMatchObject({ topic: 'topic_card_id_wh', raw_type: 'automatic-payments', resource_id: '12345678-aluyasdhfyt' });
  });

  it('stores IPN-style topics (delivery, point_integration_ipn) unsigned with their topic', async () => {
    const delivery = { query: {}, headers: { 'content-type': 'application/json' }, body: { _id: 'f9f08571-1f65-4c46-9e0a-c0f43faas1557e', topic: 'delivery', resource: '/shipments/12345', user_id: 1793791954, attempts: 1 } };
    expect((await deliver(f, delivery)).status).toBe(200);
    expect((await deliver(f, buildIpnNotification({ topic: 'point_integration_ipn', id: '7f25f9aa-eea6-4f9c-bf16-a341f71ba2f1' }))).status).toBe(200);
    expect((await f.rows()).map((r) => [r.topic, r.resource_id, r.signature])).toEqual([
      ['delivery', '12345', 'unsigned'], ['point_integration_wh', '7f25f9aa-eea6-4f9c-bf16-a341f71ba2f1', 'unsigned'],
    ]);
  });

  it('still answers 400 to a notification that names no resource, known topic or not', async () => {
    for (const type of ['topic_chargebacks_wh', 'order', 'stop_delivery_op_wh', 'something_new']) {
      const res = await request(f.app).post(`/webhooks/mp?type=${type}`).send({ type, action: 'created', data: {} });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('no resource id (data.id or id) in the notification');
    }
    expect(await f.count()).toBe(0);
  });

  it('refuses a signed chargeback whose data.id is missing from the query (only topics sent without data.id may)', async () => {
    const n = buildChargebackNotification('215830007', { secret: SECRET });
    delete n.query['data.id'];
    n.headers['x-signature'] = signWithoutDataId(n.headers['x-request-id']);
    const res = await deliver(f, n);
    expect(res.status).toBe(400);
    expect(await f.count()).toBe(0);
  });
});

/** What MercadoPago signs for a notification without data.id: `request-id:<id>;ts:<ts>;`. */
function signWithoutDataId(requestId: string): string {
  const ts = String(Date.now());
  return `ts=${ts},v1=${createHmac('sha256', SECRET).update(`request-id:${requestId};ts:${ts};`).digest('hex')}`;
}
