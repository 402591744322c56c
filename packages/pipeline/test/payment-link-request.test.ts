import { loadConfig } from '@ghl-payments/core';
import {
  buildPreferenceBody, parsePaymentLinkRequest, PAYMENT_LINK_CURRENCIES, PaymentLinkError, paymentLinkNotificationUrl, PaymentLinkInput, toMercadoPagoDate,
} from '../src';

const base: PaymentLinkInput = { contactId: 'c9Xk2', title: 'Curso de cocina', amount: 1500.5 };
const refusal = (input: PaymentLinkInput) => {
  try {
    parsePaymentLinkRequest(input);
  } catch (err) {
    return { field: (err as { field?: string }).field, message: (err as Error).message };
  }
  throw new Error('accepted');
};

describe('a payment link request', () => {
  it('takes amounts as numbers or text (a workflow sends text), with the defaults ARS, 1 unit, no expiry, a generated reference', () => {
    expect(parsePaymentLinkRequest(base)).toEqual({
      contactId: 'c9Xk2', title: 'Curso de cocina', amount: 1500.5, currency: 'ARS', quantity: 1, expiresInMs: null, externalReference: null,
    });
    expect(parsePaymentLinkRequest({ ...base, amount: '1500.50', quantity: '3', currency: 'brl', expiresIn: '72h', externalReference: ' curso-42 ' }))
      .toMatchObject({ amount: 1500.5, quantity: 3, currency: 'BRL', expiresInMs: 72 * 3_600_000, externalReference: 'curso-42' });
    expect(parsePaymentLinkRequest({ ...base, amount: '1500,5' }).amount).toBe(1500.5);
    expect(parsePaymentLinkRequest({ ...base, expiresIn: 3600 }).expiresInMs).toBe(3_600_000);
    expect(parsePaymentLinkRequest({ ...base, currency: 'CLP', amount: '15000' }).amount).toBe(15000);
    expect(parsePaymentLinkRequest({ ...base, currency: 'COP', amount: 20000 }).amount).toBe(20000);
  });

  it.each([
    ["{ amount: 0 }", { amount: 0 }, 'amount', /positive/],
    ["{ amount: -10 }", { amount: -10 }, 'amount', /positive/],
    ["{ amount: 10.123 }", { amount: 10.123 }, 'amount', /at most two decimals/],
    ["{ amount: '10.123' }", { amount: '10.123' }, 'amount', /at most two decimals/],
    ["{ amount: '1.500,50' }", { amount: '1.500,50' }, 'amount', /at most two decimals/],
    ["{ amount: 'mil' }", { amount: 'mil' }, 'amount', /at most two decimals/],
    ["{ amount: undefined }", { amount: undefined }, 'amount', /required/],
    ["{ amount: 1e12 }", { amount: 1e12 }, 'amount', /at most/],
    ["{ currency: 'CLP', amount: 1500.5 }", { currency: 'CLP', amount: 1500.5 }, 'amount', /whole number in CLP/],
    ["{ currency: 'COP', amount: '1500.50' }", { currency: 'COP', amount: '1500.50' }, 'amount', /whole number in COP/],
    ["{ currency: 'EUR' }", { currency: 'EUR' }, 'currency', /ARS, BRL, CLP, MXN, COP, PEN, UYU, USD/],
    ["{ quantity: 0 }", { quantity: 0 }, 'quantity', /whole number from 1/],
    ["{ quantity: 1.5 }", { quantity: 1.5 }, 'quantity', /whole number from 1/],
    ["{ expiresIn: 'soon' }", { expiresIn: 'soon' }, 'expiresIn', /duration/],
    ["{ expiresIn: '10s' }", { expiresIn: '10s' }, 'expiresIn', /from 1m to 365d/],
    ["{ contactId: 'not a contact/..' }", { contactId: 'not a contact/..' }, 'contactId', /GoHighLevel contact id/],
    ["{ contactId: undefined }", { contactId: undefined }, 'contactId', /required/],
    ["{ title: '  ' }", { title: '  ' }, 'title', /empty/],
    ['{ title: \'a\nb\' }', { title: 'a\nb' }, 'title', /printable/],
    ["{ externalReference: 257 characters }", { externalReference: 'x'.repeat(257) }, 'externalReference', /256/],
  ] as const)('refuses %s: names %s', (_label, change, field, message) => {
    const refused = refusal({ ...base, ...change });
    expect(refused.field).toBe(field);
    expect(refused.message).toMatch(message);
  });

  it('knows the decimals MercadoPago takes in each currency', () => {
    expect(Object.keys(PAYMENT_LINK_CURRENCIES).sort()).toEqual(['ARS', 'BRL', 'CLP', 'COP', 'MXN', 'PEN', 'USD', 'UYU']);
    expect(PAYMENT_LINK_CURRENCIES.CLP.decimals).toBe(0);
    expect(PAYMENT_LINK_CURRENCIES.COP.decimals).toBe(0);
  });

  it('points MercadoPago at this receiver\'s webhook of the account, and refuses when PUBLIC_URL is not set', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://pagos.example.com/' });
    expect(paymentLinkNotificationUrl(config, 'default')).toBe('https://pagos.example.com/webhooks/mp?source_news=webhooks');
    expect(paymentLinkNotificationUrl(config, 'acme')).toBe('https://pagos.example.com/webhooks/mp/acme?source_news=webhooks');
    expect(() => paymentLinkNotificationUrl(loadConfig({}), 'default')).toThrow(PaymentLinkError);
    expect(() => paymentLinkNotificationUrl(loadConfig({}), 'default')).toThrow(/PUBLIC_URL is not set: MercadoPago must reach this receiver/);
  });

  it('asks MercadoPago for the item, the payer, the contact in metadata, the expiry in its date format and the return address', () => {
    const request = parsePaymentLinkRequest({ ...base, quantity: 2, expiresIn: '1h' });
    const now = Date.UTC(2026, 11, 9, 12, 0, 0);
    const body = buildPreferenceBody(request, {
      externalReference: 'ref-1', linkId: 7, payerEmail: 'ana@example.com', notificationUrl: 'https://p.example/webhooks/mp?source_news=webhooks', now,
      backUrl: 'https://shop.example/gracias',
    });
    expect(body).toEqual({
      items: [{ id: 'payment-link-7', title: 'Curso de cocina', quantity: 2, currency_id: 'ARS', unit_price: 1500.5 }],
      external_reference: 'ref-1',
      metadata: { ghl_contact_id: 'c9Xk2', payment_link_id: 7 },
      notification_url: 'https://p.example/webhooks/mp?source_news=webhooks',
      payer: { email: 'ana@example.com' },
      expires: true,
      expiration_date_from: '2026-12-09T12:00:00.000+00:00',
      expiration_date_to: '2026-12-09T13:00:00.000+00:00',
      back_urls: { success: 'https://shop.example/gracias', pending: 'https://shop.example/gracias', failure: 'https://shop.example/gracias' },
      auto_return: 'approved',
    });
    expect(toMercadoPagoDate(0)).toBe('1970-01-01T00:00:00.000+00:00');
  });
});
