import { PermanentError, RetryableError } from '@ghl-payments/core';
import { createMercadoPagoClient, MercadoPagoClient } from '@ghl-payments/pipeline';
import { createFakeMercadoPago, FakeMercadoPago } from '@ghl-payments/sandbox';
import { rejectionOf } from './support/pipeline-fixture';

const TOKEN = 'APP_USR-secret-mp-token-456';
const PREAPPROVAL = '2c938084726fca480172750000000000';
const ORDER = 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3';

describe('MercadoPago client: chargebacks, subscriptions, orders and 403s', () => {
  let mp: FakeMercadoPago;
  let client: MercadoPagoClient;
  beforeAll(async () => {
    mp = await createFakeMercadoPago({ accessToken: TOKEN });
    client = createMercadoPagoClient({ apiUrl: mp.url, accessToken: TOKEN, timeoutMs: 2000, now: () => Date.now() });
  });
  afterEach(() => mp.reset());
  afterAll(async () => { client.close(); await mp.close(); });

  it('reads a chargeback and the ids of the payments it disputes', async () => {
    mp.setPayment({ id: 501, status: 'charged_back', transaction_amount: 250 });
    mp.setChargeback({ id: 215830007, payments: [501] });
    const chargeback = await client.getChargeback('215830007');
    expect(chargeback).toMatchObject({ id: '215830007', payments: [501], amount: 250, currency: 'ARS' });
    expect(mp.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/chargebacks/215830007' });
  });

  it('reads a subscription: status, payer email, reference, reason, amount and last change', async () => {
    mp.setPreapproval({ id: PREAPPROVAL, status: 'paused', payer_email: 'ana@example.com', external_reference: 'sub-7', reason: 'Yoga', auto_recurring: { transaction_amount: 10, currency_id: 'ARS' } });
    const p = await client.getPreapproval(PREAPPROVAL);
    expect(p).toMatchObject({ id: PREAPPROVAL, status: 'paused', payer_email: 'ana@example.com', external_reference: 'sub-7', reason: 'Yoga' });
    expect(p.auto_recurring).toMatchObject({ transaction_amount: 10, currency_id: 'ARS', frequency: 1 });
    expect(p.last_modified).toEqual(expect.any(String));
  });

  it('reads a subscription charge with its payment, and one not collected yet without', async () => {
    mp.setPreapproval({ id: PREAPPROVAL });
    mp.setPayment({ id: 19951521071, status: 'approved' });
    mp.setAuthorizedPayment({ id: 6114264375, preapproval_id: PREAPPROVAL, payment: { id: 19951521071 } });
    mp.setAuthorizedPayment({ id: 6114264376, preapproval_id: PREAPPROVAL });
    expect(await client.getAuthorizedPayment(6114264375)).toMatchObject({
      id: 6114264375, preapproval_id: PREAPPROVAL, status: 'processed', payment: { id: 19951521071, status: 'approved', status_detail: 'accredited' },
    });
    expect(await client.getAuthorizedPayment('6114264376')).toMatchObject({ status: 'scheduled', payment: null });
  });

  it('reads an Orders API order with its PAY01 payments and decimal-text amounts', async () => {
    mp.setOrder({ id: ORDER, status: 'processed', external_reference: 'ext-9', payments: [{ amount: '49.90' }] });
    const order = await client.getOrder(ORDER);
    expect(order).toMatchObject({ id: ORDER, status: 'processed', status_detail: 'accredited', external_reference: 'ext-9', total_amount: '49.90' });
    expect(order.transactions?.payments).toEqual([expect.objectContaining({ id: `PAY01${ORDER.slice(5)}`, status: 'processed', amount: '49.90' })]);
  });

  it.each([
    ['chargeback', (c: MercadoPagoClient) => c.getChargeback(9), 'chargeback 9 not found'],
    ['subscription', (c: MercadoPagoClient) => c.getPreapproval('nope'), 'subscription nope not found'],
    ['subscription charge', (c: MercadoPagoClient) => c.getAuthorizedPayment(8), 'subscription charge 8 not found'],
    ['order', (c: MercadoPagoClient) => c.getOrder('ORD01NOPE'), 'order ORD01NOPE not found'],
  ])('makes a 404 of a %s a PermanentError that names it', async (_kind, read, message) => {
    const error = await rejectionOf(read(client));
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toBe(`${message}: it may belong to another account or the test environment`);
  });

  it.each([
    ['payment', (c: MercadoPagoClient) => c.getPayment(123), 'payment 123'],
    ['merchant_order', (c: MercadoPagoClient) => c.getMerchantOrder(124), 'merchant order 124'],
    ['chargeback', (c: MercadoPagoClient) => c.getChargeback(125), 'chargeback 125'],
    ['preapproval', (c: MercadoPagoClient) => c.getPreapproval('126'), 'subscription 126'],
    ['authorized_payment', (c: MercadoPagoClient) => c.getAuthorizedPayment(127), 'subscription charge 127'],
    ['order', (c: MercadoPagoClient) => c.getOrder('128'), 'order 128'],
  ] as const)('makes a 403 for another account\'s %s permanent, naming it', async (kind, read, named) => {
    const id = named.split(' ').at(-1)!;
    mp.addForeignResource(kind, id);
    const error = await rejectionOf(read(client));
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toBe(`MercadoPago refused ${named}: it belongs to another account than MP_ACCESS_TOKEN's (HTTP 403)`);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('keeps any other 403 and every 401 a retried credentials error', async () => {
    mp.fail({ status: 403 });
    const forbidden = await rejectionOf(client.getPayment(1));
    expect(forbidden).toBeInstanceOf(RetryableError);
    expect((forbidden as Error).message).toMatch(/refused the credentials on GET \/v1\/payments\/1 \(HTTP 403: Forbidden\): check MP_ACCESS_TOKEN/);
    mp.clearFaults();
    const wrongToken = createMercadoPagoClient({ apiUrl: mp.url, accessToken: 'APP_USR-wrong', timeoutMs: 2000, now: () => Date.now() });
    try {
      const unauthorized = await rejectionOf(wrongToken.getOrder(ORDER));
      expect(unauthorized).toBeInstanceOf(RetryableError);
      expect((unauthorized as Error).message).toMatch(/HTTP 401.*check MP_ACCESS_TOKEN/);
    } finally {
      wrongToken.close();
    }
  });

  it('rejects a malformed subscription answer as permanent', async () => {
    mp.setPreapproval({ id: PREAPPROVAL, status: '' });
    const error = await rejectionOf(client.getPreapproval(PREAPPROVAL));
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toMatch(/^malformed response from MercadoPago GET \/preapproval\/2c93.*status/);
  });
});
