import { createFakeMercadoPago, FakeMercadoPago } from '@ghl-payments/sandbox';
import { http, mpAuth } from './http-client';

const NOT_FOUND = { message: 'Payment not found', error: 'not_found', status: 404, cause: [{ code: 2000, description: 'Payment not found', data: null }] };
const UNAUTHORIZED = { message: 'Must provide your access_token to proceed', error: 'unauthorized', status: 401, cause: [] };
const MP_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-04:00$/;

describe('fake MercadoPago', () => {
  let mp: FakeMercadoPago;
  beforeAll(async () => { mp = await createFakeMercadoPago(); });
  afterEach(() => mp.reset());
  afterAll(async () => { await mp.close(); });

  it('listens on a random 127.0.0.1 port with no trailing slash', () => {
    expect(mp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mp.url.endsWith(':0')).toBe(false);
  });

  it('answers 401 without a token or with a wrong one', async () => {
    mp.setPayment({ id: 1 });
    for (const config of [{}, mpAuth('wrong'), { headers: { Authorization: 'TEST-mp-token' } }]) {
      const res = await http.get(`${mp.url}/v1/payments/1`, config);
      expect(res.status).toBe(401);
      expect(res.data).toEqual(UNAUTHORIZED);
    }
    for (const path of ['/merchant_orders/1', '/users/me']) {
      expect((await http.get(`${mp.url}${path}`)).status).toBe(401);
    }
  });

  it('answers 404 in MercadoPago\'s shape for an unknown payment', async () => {
    const res = await http.get(`${mp.url}/v1/payments/999`, mpAuth());
    expect(res.status).toBe(404);
    expect(res.data).toEqual(NOT_FOUND);
  });

  it('fills realistic defaults for an approved payment', async () => {
    mp.setPayment({ id: 123456, status: 'approved' });
    const res = await http.get(`${mp.url}/v1/payments/123456`, mpAuth());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const p = res.data;
    expect(p).toMatchObject({
      id: 123456, status: 'approved', status_detail: 'accredited', currency_id: 'ARS', live_mode: false, metadata: {},
      external_reference: 'order-123456', transaction_amount: 1000,
    });
    expect(p.payer.email).toMatch(/@/);
    expect(typeof p.payer.id).toBe('string');
    expect(p.order.id).toEqual(expect.any(String));
    expect(typeof p.description).toBe('string');
    for (const field of ['date_created', 'date_approved', 'date_last_updated']) expect(p[field]).toMatch(MP_DATE);
  });

  it('leaves date_approved null for a pending payment and lets given fields win', async () => {
    mp.setPayment({ id: '77', status: 'pending', transaction_amount: 49.9, payer: { email: 'ana@example.com' }, metadata: { contact_email: 'x@y.z' } });
    const { data } = await http.get(`${mp.url}/v1/payments/77`, mpAuth());
    expect(data).toMatchObject({ id: 77, status: 'pending', status_detail: 'pending_waiting_payment', date_approved: null, transaction_amount: 49.9 });
    // MercadoPago shows the payer's email only once the payment is approved (refunded, charged back): the stored copy keeps it
    expect(data.payer.email).toBeNull();
    expect(mp.getPayment(77)?.payer).toMatchObject({ email: 'ana@example.com' });
    expect(data.payer.id).toEqual(expect.any(String));
    expect(data.metadata).toEqual({ contact_email: 'x@y.z' });
  });

  it('updates a payment over time: keeps its creation date and amount, refund sets the refunded amount', async () => {
    const created = mp.setPayment({ id: 5, status: 'pending', transaction_amount: 250 });
    const approved = mp.setPayment({ id: 5, status: 'approved' });
    expect(approved.date_created).toBe(created.date_created);
    expect(approved.date_approved).toMatch(MP_DATE);
    expect(approved.status_detail).toBe('accredited');
    mp.setPayment({ id: 5, status: 'refunded' });
    const { data } = await http.get(`${mp.url}/v1/payments/5`, mpAuth());
    expect(data).toMatchObject({ status: 'refunded', status_detail: 'refunded', transaction_amount: 250, transaction_amount_refunded: 250, date_approved: approved.date_approved });
    expect(mp.getPayment('5')?.status).toBe('refunded');
    expect(mp.getPayment(404)).toBeUndefined();
  });

  it('keeps alphanumeric ids as strings', async () => {
    mp.setPayment({ id: 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3', status: 'approved' });
    const { status, data } = await http.get(`${mp.url}/v1/payments/ORD01JQ4S4KY8HWQ6NA5PXB65B3D3`, mpAuth());
    expect(status).toBe(200);
    expect(data.id).toBe('ORD01JQ4S4KY8HWQ6NA5PXB65B3D3');
  });

  it('serves merchant orders whose payments borrow from stored payments', async () => {
    mp.setPayment({ id: 10, status: 'approved', transaction_amount: 300, external_reference: 'cart-9' });
    mp.setMerchantOrder({ id: 26262399173, payments: [{ id: 10 }, { id: 11, status: 'rejected' }] });
    const res = await http.get(`${mp.url}/merchant_orders/26262399173`, mpAuth());
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      id: 26262399173, status: 'opened', external_reference: 'cart-9', total_amount: 1300, paid_amount: 300,
      payments: [{ id: 10, status: 'approved', transaction_amount: 300 }, { id: 11, status: 'rejected', status_detail: 'cc_rejected_other_reason' }],
    });
    mp.setMerchantOrder({ id: 2, payments: [{ id: 10 }] });
    expect(mp.getMerchantOrder(2)).toMatchObject({ status: 'closed', order_status: 'paid' });
    const missing = await http.get(`${mp.url}/merchant_orders/3`, mpAuth());
    expect(missing.status).toBe(404);
    expect(missing.data).toMatchObject({ error: 'not_found', status: 404, message: 'Merchant Order not found' });
  });

  it('answers users/me for credential checks', async () => {
    const res = await http.get(`${mp.url}/users/me`, mpAuth());
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ id: expect.any(Number), nickname: expect.any(String), site_id: 'MLA' });
  });

  it('creates preferences and pays them through init_point, with snake_case metadata', async () => {
    const body = {
      items: [{ title: 'Curso', quantity: 2, unit_price: 1500.5 }], external_reference: 'ref-1',
      metadata: { contactEmail: 'buyer@example.com' }, notification_url: 'https://example.com/webhooks/mp',
      payer: { email: 'buyer@example.com' },
    };
    const created = await http.post(`${mp.url}/checkout/preferences`, body, mpAuth());
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ id: expect.any(String), external_reference: 'ref-1' });
    expect(created.data.init_point).toMatch(new RegExp(`^${mp.url}/checkout/v1/redirect\\?pref_id=`));
    const paid = await http.get(created.data.init_point, { maxRedirects: 0 });
    expect(paid.status).toBe(200);
    const payment = mp.getPayment(paid.data.payment_id);
    expect(payment).toMatchObject({
      status: 'approved', transaction_amount: 3001, external_reference: 'ref-1', description: 'Curso',
      metadata: { contact_email: 'buyer@example.com' }, payer: { email: 'buyer@example.com' },
    });
    expect(mp.getMerchantOrder(paid.data.merchant_order_id)).toMatchObject({ preference_id: created.data.id, payments: [{ id: payment?.id }] });
    const invalid = await http.post(`${mp.url}/checkout/preferences`, { items: [] }, mpAuth());
    expect(invalid.status).toBe(400);
    expect(invalid.data).toMatchObject({ status: 400, error: 'invalid_items' });
  });

  it('redirects to the preference\'s back_url after checkout', async () => {
    const { data } = await http.post(`${mp.url}/checkout/preferences`, {
      items: [{ title: 'x', quantity: 1, unit_price: 10 }], back_urls: { success: 'https://shop.example/ok', failure: 'https://shop.example/ko' },
    }, mpAuth());
    const res = await http.get(`${data.init_point}&status=rejected`, { maxRedirects: 0 });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.location);
    expect(location.origin + location.pathname).toBe('https://shop.example/ko');
    expect(mp.getPayment(location.searchParams.get('payment_id') ?? '')?.status).toBe('rejected');
  });

  it('records requests with lower-cased headers, query and parsed body', async () => {
    await http.post(`${mp.url}/checkout/preferences?source=test`, { items: [{ unit_price: 1 }] }, { headers: { Authorization: 'Bearer TEST-mp-token', 'X-Custom': 'A' } });
    expect(mp.requests).toHaveLength(1);
    expect(mp.requests[0]).toMatchObject({
      method: 'POST', path: '/checkout/preferences', query: { source: 'test' }, body: { items: [{ unit_price: 1 }] },
      headers: expect.objectContaining({ 'x-custom': 'A', authorization: 'Bearer TEST-mp-token' }),
    });
    expect(mp.requests[0].at).toBeGreaterThan(Date.now() - 5000);
  });

  it('answers 400 in MercadoPago\'s shape for a body that is not JSON', async () => {
    const res = await http.post(`${mp.url}/checkout/preferences`, '{"items": [', { headers: { ...mpAuth().headers, 'Content-Type': 'application/json' }, transformRequest: (d) => d });
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ status: 400, error: 'bad_request' });
    expect(mp.requests[0].body).toBe('{"items": [');
  });

  it('reset forgets payments, orders and requests', async () => {
    mp.setPayment({ id: 1 });
    mp.setMerchantOrder({ id: 1, payments: [] });
    await http.get(`${mp.url}/v1/payments/1`, mpAuth());
    mp.reset();
    expect(mp.requests).toHaveLength(0);
    expect(mp.getPayment(1)).toBeUndefined();
    expect(mp.getMerchantOrder(1)).toBeUndefined();
    expect((await http.get(`${mp.url}/v1/payments/1`, mpAuth())).status).toBe(404);
  });
});

describe('fake MercadoPago options', () => {
  it('records nothing with recordRequests: false but still reports each answer', async () => {
    const answers: string[] = [];
    const mp = await createFakeMercadoPago({ recordRequests: false, onAnswer: (req, status) => answers.push(`${req.method} ${req.path} ${status}`) });
    try {
      await http.get(`${mp.url}/v1/payments/1`, mpAuth());
      expect(mp.requests).toEqual([]);
      expect(answers).toEqual(['GET /v1/payments/1 404']);
    } finally {
      await mp.close();
    }
  });

  it('accepts a custom token and invents approved payments with autoPayments', async () => {
    const mp = await createFakeMercadoPago({ accessToken: 'APP_USR-x', autoPayments: true });
    try {
      expect((await http.get(`${mp.url}/v1/payments/42`, mpAuth())).status).toBe(401);
      const res = await http.get(`${mp.url}/v1/payments/42`, mpAuth('APP_USR-x'));
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ id: 42, status: 'approved' });
      expect((await http.get(`${mp.url}/v1/payments/not-a-number`, mpAuth('APP_USR-x'))).status).toBe(404);
    } finally {
      await mp.close();
    }
  });
});
