import { buildOrderNotification, createFakeMercadoPago, FakeMercadoPago, newOrdersApiId, signMercadoPagoNotification } from '@ghl-payments/sandbox';
import { http, mpAuth } from './http-client';

const FORBIDDEN = {
  message: 'The caller is not authorized to access this resource.', error: 'forbidden', status: 403,
  cause: [{ code: 4, description: 'The caller is not authorized to access this resource.', data: null }],
};

describe('fake MercadoPago: payer email, other accounts, chargebacks, subscriptions and orders', () => {
  let mp: FakeMercadoPago;
  beforeAll(async () => { mp = await createFakeMercadoPago(); });
  afterEach(() => mp.reset());
  afterAll(async () => { await mp.close(); });

  it.each([
    ['approved', true], ['refunded', true], ['charged_back', true],
    ['pending', false], ['in_process', false], ['authorized', false], ['rejected', false], ['cancelled', false], ['in_mediation', false],
  ])('answers a %s payment with the payer email shown: %s', async (status, shown) => {
    mp.setPayment({ id: 42, status, payer: { email: 'ana@example.com' } });
    const { data } = await http.get(`${mp.url}/v1/payments/42`, mpAuth());
    expect(data.payer.email).toBe(shown ? 'ana@example.com' : null);
    expect(data.payer.id).toEqual(expect.any(String));
    expect(mp.getPayment(42)?.payer).toMatchObject({ email: 'ana@example.com' });
  });

  it('shows the email again once a pending payment is approved', async () => {
    mp.setPayment({ id: 43, status: 'pending', payer: { email: 'bo@example.com' } });
    mp.setPayment({ id: 43, status: 'approved' });
    expect((await http.get(`${mp.url}/v1/payments/43`, mpAuth())).data.payer.email).toBe('bo@example.com');
  });

  it('answers 403 with MercadoPago\'s forbidden body for another account\'s resource, even with autoPayments', async () => {
    const auto = await createFakeMercadoPago({ autoPayments: true });
    try {
      auto.addForeignResource('payment', '900');
      auto.addForeignResource('order', 'ORD01X');
      for (const path of ['/v1/payments/900', '/v1/orders/ORD01X']) {
        const res = await http.get(`${auto.url}${path}`, mpAuth());
        expect([res.status, res.data]).toEqual([403, FORBIDDEN]);
      }
      expect((await http.get(`${auto.url}/v1/payments/900`)).status).toBe(401);
      expect(auto.getPayment(900)).toBeUndefined();
    } finally {
      await auto.close();
    }
  });

  it('serves a chargeback with its payments, amount from the disputed payment', async () => {
    mp.setPayment({ id: 501, status: 'charged_back', transaction_amount: 250, currency_id: 'BRL' });
    mp.setChargeback({ id: 215830007, payments: ['501'] });
    const { status, data } = await http.get(`${mp.url}/v1/chargebacks/215830007`, mpAuth());
    expect(status).toBe(200);
    expect(data).toMatchObject({ id: '215830007', payments: [501], amount: 250, currency: 'BRL', documentation_status: 'pending', live_mode: false });
    expect((await http.get(`${mp.url}/v1/chargebacks/1`, mpAuth())).data).toMatchObject({ status: 404, error: 'not_found' });
  });

  it('serves a subscription, updates merge auto_recurring and move last_modified', async () => {
    const first = mp.setPreapproval({ id: '2c938084726fca480172750000000000', status: 'pending' });
    expect(first).toMatchObject({ status: 'pending', payer_email: expect.stringMatching(/@/), auto_recurring: { transaction_amount: 1000, currency_id: 'ARS', frequency: 1 } });
    mp.setPreapproval({ id: first.id, status: 'authorized', auto_recurring: { transaction_amount: 10 } });
    const { data } = await http.get(`${mp.url}/preapproval/${first.id}`, mpAuth());
    expect(data).toMatchObject({ id: first.id, status: 'authorized', auto_recurring: { transaction_amount: 10, currency_id: 'ARS', frequency: 1 }, init_point: expect.stringContaining(first.id) });
  });

  it('serves a subscription charge with its stored payment\'s status and the subscription\'s amount', async () => {
    mp.setPreapproval({ id: 'sub1', auto_recurring: { transaction_amount: 15, currency_id: 'MXN' }, external_reference: 'ref-s' });
    mp.setPayment({ id: 700, status: 'rejected' });
    mp.setAuthorizedPayment({ id: 6114264375, preapproval_id: 'sub1', payment: { id: 700 } });
    const { data } = await http.get(`${mp.url}/authorized_payments/6114264375`, mpAuth());
    expect(data).toMatchObject({
      id: 6114264375, preapproval_id: 'sub1', status: 'processed', transaction_amount: 15, currency_id: 'MXN', external_reference: 'ref-s',
      payment: { id: 700, status: 'rejected', status_detail: 'cc_rejected_other_reason' },
    });
  });

  it('serves an Orders API order: ORD01/PAY01 ids, decimal-text totals, status_detail from the status', async () => {
    const id = newOrdersApiId('ORD01');
    expect(id).toMatch(/^ORD01[0-9A-HJKMNP-TV-Z]{26}$/);
    mp.setOrder({ id, status: 'action_required', payments: [{ amount: 30 }, { id: 'PAY01OTHER', amount: '20.5', status: 'failed' }] });
    const { data } = await http.get(`${mp.url}/v1/orders/${id}`, mpAuth());
    expect(data).toMatchObject({ id, status: 'action_required', status_detail: 'waiting_payment', total_amount: '50.50', total_paid_amount: '0.00', type: 'online' });
    expect(data.transactions.payments.map((p: Record<string, unknown>) => [p.id, p.status, p.amount])).toEqual([
      [`PAY01${id.slice(5)}`, 'action_required', '30.00'], ['PAY01OTHER', 'failed', '20.50'],
    ]);
  });

  it('builds an order notification like the Orders API guides show it: no top-level id, the order summarised in data', () => {
    const order = mp.setOrder({ id: 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3', status: 'cancelled' });
    const n = buildOrderNotification(order, { secret: 'your_secret_key_here', requestId: '2066ca19-c6f1-498a-be75-1923005edd06', ts: 1742505638683 });
    expect(n.query).toEqual({ 'data.id': 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3', type: 'order' });
    expect(n.body).not.toHaveProperty('id');
    expect(n.body).toMatchObject({ type: 'order', action: 'order.canceled', data: { id: order.id, status: 'cancelled', transactions: order.transactions } });
    // the reference vector for this id, verbatim casing
    expect(n.headers['x-signature']).toBe('ts=1742505638683,v1=fb15ae6472eb449173c556793205d77787d58f384d183bb5bc3b724c27bd103c');
    expect(n.headers['x-signature']).toBe(signMercadoPagoNotification({ secret: 'your_secret_key_here', dataId: order.id, requestId: '2066ca19-c6f1-498a-be75-1923005edd06', ts: 1742505638683 }));
  });
});
