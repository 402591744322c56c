import { buildWebhookNotification, createFakeMercadoPago, FAKE_MP_USER_ID, FakeMercadoPago, FakeMercadoPagoAccount } from '@ghl-payments/sandbox';
import { http, mpAuth } from './http-client';

const FORBIDDEN = {
  message: 'The caller is not authorized to access this resource.', error: 'forbidden', status: 403,
  cause: [{ code: 4, description: 'The caller is not authorized to access this resource.', data: null }],
};
const TOKEN_A = 'TEST-mp-token';
const TOKEN_B = 'TEST-mp-token-b';
const USER_B = 222000222;

describe('fake MercadoPago with several accounts', () => {
  let mp: FakeMercadoPago;
  let a: FakeMercadoPagoAccount;
  let b: FakeMercadoPagoAccount;
  beforeAll(async () => {
    mp = await createFakeMercadoPago({ accounts: [{ accessToken: TOKEN_B, userId: USER_B }] });
    a = mp.account(TOKEN_A);
    b = mp.account(TOKEN_B);
  });
  afterEach(() => mp.reset());
  afterAll(async () => { await mp.close(); });

  const get = (path: string, token: string) => http.get(`${mp.url}${path}`, mpAuth(token));

  it('lets each token read its own payment and answers 403 for the other account\'s', async () => {
    expect([a.userId, b.userId, mp.userId]).toEqual([FAKE_MP_USER_ID, USER_B, FAKE_MP_USER_ID]);
    a.setPayment({ id: 1001, status: 'approved' });
    b.setPayment({ id: 2002, status: 'approved' });
    const own = [await get('/v1/payments/1001', TOKEN_A), await get('/v1/payments/2002', TOKEN_B)];
    expect(own.map((r) => [r.status, r.data.collector_id])).toEqual([[200, FAKE_MP_USER_ID], [200, USER_B]]);
    for (const res of [await get('/v1/payments/2002', TOKEN_A), await get('/v1/payments/1001', TOKEN_B)]) {
      expect([res.status, res.data]).toEqual([403, FORBIDDEN]);
    }
    expect((await get('/v1/payments/3003', TOKEN_B)).status).toBe(404);
    expect((await get('/v1/payments/2002', 'TEST-mp-token-unknown')).status).toBe(401);
  });

  it('reads and seeds per account: views see their own, the top level sees all and keeps owners on update', async () => {
    b.setPayment({ id: 2002, status: 'pending', transaction_amount: 50 });
    expect(a.getPayment(2002)).toBeUndefined();
    expect(b.getPayment(2002)).toMatchObject({ collector_id: USER_B });
    expect(mp.getPayment(2002)).toMatchObject({ collector_id: USER_B });
    expect(() => a.setPayment({ id: 2002, status: 'approved' })).toThrow(/belongs to the account of user 222000222/);
    mp.setPayment({ id: 2002, status: 'refunded' });
    const refunded = await get('/v1/payments/2002', TOKEN_B);
    expect(refunded.data).toMatchObject({ status: 'refunded', collector_id: USER_B, transaction_amount_refunded: 50 });
    expect((await get('/v1/payments/2002', TOKEN_A)).status).toBe(403);
    mp.setPayment({ id: 7 });
    expect(a.payments().map((p) => p.id)).toEqual([7]);
    expect(b.payments().map((p) => p.id)).toEqual([2002]);
  });

  it('searches only the caller\'s payments', async () => {
    for (const id of [1, 2, 3]) a.setPayment({ id, external_reference: 'shared-ref' });
    for (const id of [4, 5]) b.setPayment({ id, external_reference: 'shared-ref' });
    const ids = async (token: string, query: Record<string, string | number> = {}) => {
      const params: Record<string, string | number> = { sort: 'id', criteria: 'asc', ...query };
      const res = await http.get(`${mp.url}/v1/payments/search`, { ...mpAuth(token), params });
      return [res.data.paging.total, res.data.results.map((p: { id: number }) => p.id)];
    };
    expect(await ids(TOKEN_A)).toEqual([3, [1, 2, 3]]);
    expect(await ids(TOKEN_B, { external_reference: 'shared-ref' })).toEqual([2, [4, 5]]);
    expect(await ids(TOKEN_B, { 'collector.id': USER_B })).toEqual([2, [4, 5]]);
    expect(await ids(TOKEN_B, { 'collector.id': FAKE_MP_USER_ID })).toEqual([0, []]);
  });

  it('answers users/me with the caller\'s user', async () => {
    const [me, them] = [await get('/users/me', TOKEN_A), await get('/users/me', TOKEN_B)];
    expect(me.data).toMatchObject({ id: FAKE_MP_USER_ID, nickname: `TESTUSER${FAKE_MP_USER_ID}` });
    expect(them.data).toMatchObject({ id: USER_B, nickname: `TESTUSER${USER_B}`, email: `test_user_${USER_B}@testuser.com` });
  });

  it('makes a preference created with a token that account\'s, and the payment that pays it too', async () => {
    const created = await http.post(`${mp.url}/checkout/preferences`, {
      items: [{ title: 'Curso', quantity: 1, unit_price: 100 }], external_reference: 'ref-b', payer: { email: 'buyer@example.com' },
    }, mpAuth(TOKEN_B));
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ collector_id: USER_B, id: expect.stringMatching(new RegExp(`^${USER_B}-`)) });
    expect((await get(`/checkout/preferences/${created.data.id}`, TOKEN_B)).status).toBe(200);
    expect((await get(`/checkout/preferences/${created.data.id}`, TOKEN_A)).data).toEqual(FORBIDDEN);
    expect(a.getPreference(created.data.id)).toBeUndefined();

    const paid = await http.get(created.data.init_point, { maxRedirects: 0 });
    expect(paid.status).toBe(200);
    const payment = await get(`/v1/payments/${paid.data.payment_id}`, TOKEN_B);
    expect(payment.data).toMatchObject({ status: 'approved', collector_id: USER_B, external_reference: 'ref-b', transaction_amount: 100 });
    expect((await get(`/v1/payments/${paid.data.payment_id}`, TOKEN_A)).status).toBe(403);
    const order = await get(`/merchant_orders/${paid.data.merchant_order_id}`, TOKEN_B);
    expect(order.data).toMatchObject({ collector: { id: USER_B }, preference_id: created.data.id, status: 'closed' });
    expect((await get(`/merchant_orders/${paid.data.merchant_order_id}`, TOKEN_A)).status).toBe(403);
    expect(b.payments().map((p) => String(p.id))).toEqual([paid.data.payment_id]);
    expect(() => a.payPreference(created.data.id)).toThrow(/belongs to the account of user 222000222/);
    expect(b.payPreference(created.data.id, { status: 'rejected' })).toMatchObject({ collector_id: USER_B, status: 'rejected' });
  });

  it('answers 403 for every other kind of resource of another account', async () => {
    b.setPayment({ id: 900, status: 'charged_back', transaction_amount: 70 });
    b.setMerchantOrder({ id: 901, payments: [{ id: 900 }] });
    b.setChargeback({ id: 902, payments: [900] });
    b.setPreapproval({ id: 'sub-b' });
    b.setAuthorizedPayment({ id: 903, preapproval_id: 'sub-b', payment: { id: 900 } });
    b.setOrder({ id: 'ORD01B' });
    const paths = ['/merchant_orders/901', '/v1/chargebacks/902', '/preapproval/sub-b', '/authorized_payments/903', '/v1/orders/ORD01B'];
    for (const path of paths) {
      expect([path, (await get(path, TOKEN_B)).status]).toEqual([path, 200]);
      const other = await get(path, TOKEN_A);
      expect([path, other.status, other.data]).toEqual([path, 403, FORBIDDEN]);
    }
    expect(b.getChargeback(902)).toMatchObject({ amount: 70 });
    expect(b.getAuthorizedPayment(903)?.payment).toMatchObject({ status: 'charged_back' });
    expect(b.getPreapproval('sub-b')).toMatchObject({ collector_id: USER_B });
    expect(b.getOrder('ORD01B')).toMatchObject({ user_id: String(USER_B) });
    expect([a.getMerchantOrder(901), a.getChargeback(902), a.getPreapproval('sub-b'), a.getAuthorizedPayment(903), a.getOrder('ORD01B')])
      .toEqual([undefined, undefined, undefined, undefined, undefined]);
    // an account's merchant order does not borrow another account's payment
    a.setMerchantOrder({ id: 904, payments: [{ id: 900 }] });
    expect(a.getMerchantOrder(904)?.payments[0]).toMatchObject({ status: 'approved', transaction_amount: 1000 });
  });

  it('builds notifications for another account', () => {
    expect(buildWebhookNotification({ type: 'payment', dataId: 1, userId: USER_B }).body.user_id).toBe(USER_B);
    expect(buildWebhookNotification({ type: 'payment', dataId: 1 }).body.user_id).toBe(FAKE_MP_USER_ID);
  });
});

describe('fake MercadoPago accounts option', () => {
  it('invents auto payments for the calling account, none for an unknown token', async () => {
    const mp = await createFakeMercadoPago({ autoPayments: true, accounts: [{ accessToken: TOKEN_B, userId: USER_B }] });
    try {
      expect((await http.get(`${mp.url}/v1/payments/555`, mpAuth('nobody'))).status).toBe(401);
      expect(mp.getPayment(555)).toBeUndefined();
      const res = await http.get(`${mp.url}/v1/payments/555`, mpAuth(TOKEN_B));
      expect(res.data).toMatchObject({ id: 555, status: 'approved', collector_id: USER_B });
      expect((await http.get(`${mp.url}/v1/payments/555`, mpAuth(TOKEN_A))).status).toBe(403);
      expect((await http.get(`${mp.url}/v1/payments/556`, mpAuth(TOKEN_A))).data).toMatchObject({ id: 556, collector_id: FAKE_MP_USER_ID });
    } finally {
      await mp.close();
    }
  });

  it('refuses a token or a user id used twice, and account() an unknown token', async () => {
    await expect(createFakeMercadoPago({ accounts: [{ accessToken: TOKEN_A, userId: 5 }] })).rejects.toThrow(/share one access token/);
    await expect(createFakeMercadoPago({ accounts: [{ accessToken: 'x', userId: FAKE_MP_USER_ID }] })).rejects.toThrow(/configured twice/);
    await expect(createFakeMercadoPago({ accounts: [{ accessToken: 'x', userId: 0 }] })).rejects.toThrow(/positive whole numbers/);
    const mp = await createFakeMercadoPago();
    try {
      expect(mp.account(TOKEN_A).userId).toBe(FAKE_MP_USER_ID);
      expect(() => mp.account(TOKEN_B)).toThrow(/no account with that access token/);
    } finally {
      await mp.close();
    }
  });
});
