import MercadoPagoConfig, { Chargeback, Invoice, MerchantOrder, Order, Payment, PreApproval, Preference, User } from 'mercadopago';
import { createFakeMercadoPago, FakeMercadoPago } from '@ghl-payments/sandbox';

/**
 * The official `mercadopago` SDK (3.x) against the fake: every endpoint the product reads. The SDK builds every URL
 * from a hard-coded `AppConfig.BASE_URL` (`https://api.mercadopago.com`, utils/config) and calls the global `fetch`,
 * with no option for another base URL or another fetch; so this test wraps the global `fetch` for its own duration and
 * sends the SDK's requests for api.mercadopago.com to the fake instead, unchanged otherwise.
 */
const MP_BASE = 'https://api.mercadopago.com';
const TOKEN = 'APP_USR-sdk-fidelity-token';
const PREAPPROVAL = '2c938084726fca480172750000000000';
const ORDER = 'ORD01JS2V6CM8KJ0EC4H502TGK1WP';

describe('the official MercadoPago SDK against the fake', () => {
  let mp: FakeMercadoPago;
  const realFetch = globalThis.fetch;
  // the SDK retries 5xx/429 by itself (3 times by default): off, so a failure shows at once
  const config = () => new MercadoPagoConfig({ accessToken: TOKEN, options: { timeout: 5000, maxRetries: 0 } });

  beforeAll(async () => {
    mp = await createFakeMercadoPago({ accessToken: TOKEN });
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return realFetch(url.startsWith(MP_BASE) ? mp.url + url.slice(MP_BASE.length) : input, init);
    }) as typeof fetch;
  });
  afterEach(() => mp.reset());
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await mp.close();
  });

  it('gets a payment with the fields the pipeline reads, sending the token as Bearer', async () => {
    mp.setPayment({ id: 1320000001, status: 'approved', transaction_amount: 49.9, external_reference: 'ext-1', payer: { email: 'ana@example.com' }, metadata: { contact_id: 'c1' } });
    const p = await new Payment(config()).get({ id: 1320000001 });
    expect(p).toMatchObject({
      id: 1320000001, status: 'approved', status_detail: 'accredited', transaction_amount: 49.9, currency_id: 'ARS',
      external_reference: 'ext-1', payer: { email: 'ana@example.com' }, metadata: { contact_id: 'c1' }, api_response: { status: 200 },
    });
    expect(p.date_approved).toEqual(expect.any(String));
    expect(mp.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/payments/1320000001', headers: { authorization: `Bearer ${TOKEN}` } });
  });

  it('gets a merchant order with its payments', async () => {
    mp.setPayment({ id: 11, status: 'approved' });
    mp.setMerchantOrder({ id: 30000000001, payments: [{ id: 11 }] });
    const order = await new MerchantOrder(config()).get({ merchantOrderId: 30000000001 });
    expect(order).toMatchObject({ id: 30000000001, status: 'closed', payments: [expect.objectContaining({ id: 11, status: 'approved' })] });
  });

  it('gets a chargeback (the SDK types a payment_id; the reference and the fake give payments[])', async () => {
    mp.setChargeback({ id: '215830007', payments: [501] });
    const chargeback = await new Chargeback(config()).get({ id: '215830007' });
    expect(chargeback).toMatchObject({ id: '215830007', currency: 'ARS', amount: 1000 });
    expect((chargeback as unknown as { payments: number[] }).payments).toEqual([501]);
  });

  it('gets a subscription with status, payer email, reference, reason, amount and last change', async () => {
    mp.setPreapproval({ id: PREAPPROVAL, status: 'authorized', payer_email: 'ana@example.com', external_reference: 'sub-7', reason: 'Yoga' });
    const s = await new PreApproval(config()).get({ id: PREAPPROVAL });
    expect(s).toMatchObject({ id: PREAPPROVAL, status: 'authorized', payer_email: 'ana@example.com', external_reference: 'sub-7', reason: 'Yoga' });
    expect(s.auto_recurring).toMatchObject({ transaction_amount: 1000, currency_id: 'ARS' });
    expect(s.last_modified).toEqual(expect.any(String));
  });

  it('gets a subscription charge (the SDK calls it Invoice) with its payment', async () => {
    mp.setPreapproval({ id: PREAPPROVAL });
    mp.setAuthorizedPayment({ id: 6114264375, preapproval_id: PREAPPROVAL, payment: { id: 19951521071, status: 'approved' } });
    const invoice = await new Invoice(config()).get({ id: '6114264375' });
    expect(invoice).toMatchObject({ preapproval_id: PREAPPROVAL, status: 'processed', payment: { id: 19951521071, status: 'approved' } });
    expect(mp.requests.at(-1)?.path).toBe('/authorized_payments/6114264375');
  });

  it('gets an Orders API order with its payments', async () => {
    mp.setOrder({ id: ORDER, status: 'processed', payments: [{ id: 'PAY01JS2V6CM8KJ0EC4H504R7YE34', amount: '200.00' }] });
    const order = await new Order(config()).get({ id: ORDER });
    expect(order).toMatchObject({
      id: ORDER, status: 'processed', total_amount: '200.00',
      transactions: { payments: [expect.objectContaining({ id: 'PAY01JS2V6CM8KJ0EC4H504R7YE34', status: 'processed', amount: '200.00' })] },
    });
  });

  it('creates a preference (the SDK posts to /checkout/preferences/) and reads users/me', async () => {
    const preference = await new Preference(config()).create({ body: { items: [{ id: 'p1', title: 'Curso', quantity: 1, unit_price: 100 }], external_reference: 'ref-1' } });
    expect(preference).toMatchObject({ id: expect.any(String), external_reference: 'ref-1', init_point: expect.stringContaining('/checkout/v1/redirect?pref_id=') });
    expect(mp.getPreference(preference.id!)).toBeDefined();
    const me = await new User(config()).get();
    expect(me).toMatchObject({ id: expect.any(Number), nickname: expect.any(String), site_id: 'MLA' });
  });

  it('searches payments (the reconcile sweep\'s call): the query as sent, paging and results in order, a limit over 50 refused', async () => {
    const changedAt = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000-03:00`;
    for (let i = 0; i < 5; i += 1) mp.setPayment({ id: 1320000100 + i, status: i === 2 ? 'refunded' : 'approved', date_last_updated: changedAt(10 + i) });
    mp.setPayment({ id: 1320000199, status: 'approved', date_last_updated: changedAt(50) }); // outside the window
    const options = {
      sort: 'date_last_updated', criteria: 'asc', range: 'date_last_updated', begin_date: changedAt(0), end_date: changedAt(30), limit: 2, offset: 0,
    } as const;
    const first = await new Payment(config()).search({ options });
    expect(first.paging).toEqual({ total: 5, limit: 2, offset: 0 });
    expect(first.results?.map((p) => Number(p.id))).toEqual([1320000100, 1320000101]);
    expect(first.results?.[0]).toMatchObject({ status: 'approved', date_last_updated: changedAt(10) });
    expect(mp.requests.at(-1)).toMatchObject({
      method: 'GET', path: '/v1/payments/search', headers: { authorization: `Bearer ${TOKEN}` },
      query: { sort: 'date_last_updated', criteria: 'asc', range: 'date_last_updated', begin_date: changedAt(0), end_date: changedAt(30), limit: '2', offset: '0' },
    });
    const last = await new Payment(config()).search({ options: { ...options, offset: 4 } });
    expect(last.paging).toEqual({ total: 5, limit: 2, offset: 4 });
    expect(last.results?.map((p) => Number(p.id))).toEqual([1320000104]);
    const refunded = await new Payment(config()).search({ options: { ...options, status: 'refunded' } as never });
    expect(refunded.results?.map((p) => [Number(p.id), p.status])).toEqual([[1320000102, 'refunded']]);
    const tooMany = await new Payment(config()).search({ options: { ...options, limit: 51 } }).then(() => undefined, (e: unknown) => e);
    // the SDK passes the limit through and turns the answer's `cause` into its error's `causes`
    expect(tooMany).toMatchObject({ name: 'MPBadRequestError', status: 400, error: 'bad_request', causes: [{ code: 1000, description: 'Number of rows exceeded the limits.' }] });
    expect(mp.requests.at(-1)?.query.limit).toBe('51');
  });

  it('sees the fake\'s 404 and 401 as MercadoPago\'s errors', async () => {
    const notFound = await new Payment(config()).get({ id: 999 }).then(() => undefined, (e: unknown) => e);
    expect(notFound).toMatchObject({ status: 404, message: 'Payment not found', error: 'not_found' });
    const badToken = new MercadoPagoConfig({ accessToken: 'APP_USR-wrong', options: { maxRetries: 0 } });
    const unauthorized = await new Order(badToken).get({ id: ORDER }).then(() => undefined, (e: unknown) => e);
    expect(unauthorized).toMatchObject({ status: 401, message: 'Must provide your access_token to proceed', error: 'unauthorized' });
  });

  it('sees another account\'s payment as MercadoPago\'s 403', async () => {
    mp.addForeignResource('payment', 77);
    const forbidden = await new Payment(config()).get({ id: 77 }).then(() => undefined, (e: unknown) => e);
    expect(forbidden).toMatchObject({ status: 403, error: 'forbidden', message: 'The caller is not authorized to access this resource.' });
  });
});
