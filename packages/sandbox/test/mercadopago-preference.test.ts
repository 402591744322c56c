import axios from 'axios';
import { createFakeMercadoPago, FakeMercadoPago } from '../src';

// POST /checkout/preferences as MercadoPago's API reference "Create preference" describes it
// (/developers/en/reference/preferences/_checkout_preferences/post): the answer's fields and its 400s.

const http = axios.create({ validateStatus: () => true });
const auth = { headers: { Authorization: 'Bearer TEST-mp-token' } };

describe('the fake MercadoPago\'s preferences', () => {
  let mp: FakeMercadoPago;
  beforeAll(async () => { mp = await createFakeMercadoPago(); });
  afterAll(async () => { await mp.close(); });
  beforeEach(() => { mp.reset(); });

  const create = (body: unknown) => http.post(`${mp.url}/checkout/preferences`, body, auth);

  it('answers 201 with the reference\'s fields, MercadoPago\'s defaults for what was not sent', async () => {
    const res = await create({ items: [{ title: 'Curso', quantity: 1, unit_price: 100 }] });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({
      id: expect.stringMatching(new RegExp(`^${mp.userId}-`)), init_point: expect.stringContaining('/checkout/v1/redirect?pref_id='),
      sandbox_init_point: expect.stringContaining('/checkout/v1/redirect?pref_id='), collector_id: mp.userId, client_id: String(mp.userId),
      date_created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-04:00$/),
      items: [{ id: '', title: 'Curso', currency_id: 'ARS', unit_price: 100, quantity: 1 }],
      external_reference: '', metadata: {}, notification_url: null, expires: false, expiration_date_from: null, expiration_date_to: null,
      back_urls: { success: '', pending: '', failure: '' }, auto_return: '', operation_type: 'regular_payment', marketplace: 'NONE',
    });
  });

  it('keeps what was sent: items, payer, reference, metadata, notification URL, expiry and return addresses', async () => {
    const body = {
      items: [{ id: 'payment-link-1', title: 'Curso', quantity: 2, currency_id: 'BRL', unit_price: 99.9 }], payer: { email: 'ana@example.com' },
      external_reference: 'ref-1', metadata: { ghl_contact_id: 'c1' }, notification_url: 'https://p.example/webhooks/mp?source_news=webhooks',
      expires: true, expiration_date_from: '2026-12-09T12:00:00.000+00:00', expiration_date_to: '2026-12-12T12:00:00.000+00:00',
      back_urls: { success: 'https://shop.example/ok' }, auto_return: 'approved',
    };
    const res = await create(body);
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({ ...body, back_urls: { success: 'https://shop.example/ok', pending: '', failure: '' } });
    expect(mp.getPreference(res.data.id)).toMatchObject({ external_reference: 'ref-1', expires: true });
    expect(mp.payPreference(res.data.id)).toMatchObject({ transaction_amount: 199.8, currency_id: 'BRL', metadata: { ghl_contact_id: 'c1' } });
  });

  it.each([
    ['no items', { items: [] }, 'invalid_items', 'items needed'],
    ['a zero price', { items: [{ title: 'x', unit_price: 0 }] }, 'invalid_items', 'unit_price invalid.'],
    ['a price as text', { items: [{ title: 'x', unit_price: '10' }] }, 'invalid_items', 'unit_price invalid.'],
    ['a fractional quantity', { items: [{ title: 'x', unit_price: 10, quantity: 1.5 }] }, 'invalid_items', 'quantity invalid.'],
    ['an unknown currency', { items: [{ title: 'x', unit_price: 10, currency_id: 'EUR' }] }, 'invalid_items', 'currency_id invalid.'],
    ['decimals in CLP', { items: [{ title: 'x', unit_price: 10.5, currency_id: 'CLP' }] }, 'invalid_items', 'unit_price invalid. Prices in CLP currency must be expressed with integer values.'],
    ['decimals in COP', { items: [{ title: 'x', unit_price: 10.5, currency_id: 'COP' }] }, 'invalid_items', 'unit_price invalid. Prices in COP currency must be expressed with integer values.'],
    ['an end before the start', { items: [{ unit_price: 1 }], expires: true, expiration_date_from: '2026-12-09T12:00:00.000+00:00', expiration_date_to: '2026-12-08T12:00:00.000+00:00' }, 'invalid_expiration_date_to', 'expiration_date_to invalid.'],
    ['a date that is not one', { items: [{ unit_price: 1 }], expiration_date_from: 'tomorrow' }, 'invalid_expiration_date_from', 'expiration_date_from invalid.'],
    ['back_urls that are not URLs', { items: [{ unit_price: 1 }], back_urls: { success: 3 } }, 'invalid_back_urls', 'back_urls invalid. Wrong format.'],
    ['auto_return without a success URL', { items: [{ unit_price: 1 }], auto_return: 'approved' }, 'invalid_auto_return', 'auto_return invalid. back_url.success must be defined'],
  ])('refuses %s with MercadoPago\'s 400 body', async (_what, body, error, message) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.data).toEqual({ message, error, status: 400, cause: [] });
  });
});
