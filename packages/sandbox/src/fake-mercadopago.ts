import { startFakeServer, FakeExchange, FakeServerOptions } from './fake-http-server';
import { toMercadoPagoId } from './fake-ids';
import { FaultRule } from './fault-injector';
import { mercadoPagoBadRequest, mercadoPagoErrorFor, mercadoPagoNotFound, MP_UNAUTHORIZED } from './mercadopago-errors';
import { buildMerchantOrder, MercadoPagoMerchantOrder, MerchantOrderInput } from './mercadopago-merchant-order';
import { buildPayment, MercadoPagoPayment, PaymentInput } from './mercadopago-payment';
import { buildPreference, MercadoPagoPreference, paymentFromPreference } from './mercadopago-preference';
import { RecordedRequest } from './request-recorder';
import { createRouteTable } from './route-table';

/** The account id the fake's token belongs to (GET /users/me, collector_id). */
export const FAKE_MP_USER_ID = 123456789;

export interface FakeMercadoPagoOptions extends FakeServerOptions {
  /** The only accepted bearer token; default `TEST-mp-token`. */
  accessToken?: string;
  /** Answer an unknown numeric payment id with a fresh approved payment instead of 404 (manual testing, benchmarks). */
  autoPayments?: boolean;
}

/** A fake MercadoPago API on 127.0.0.1: payments, merchant orders, preferences and `users/me`. */
export interface FakeMercadoPago {
  /** e.g. `http://127.0.0.1:43125`, no trailing slash. */
  url: string;
  accessToken: string;
  requests: RecordedRequest[];
  /** Creates or updates a payment (realistic defaults for whatever is not given) and returns a copy of it. */
  setPayment(payment: PaymentInput): MercadoPagoPayment;
  getPayment(id: number | string): MercadoPagoPayment | undefined;
  /** Creates or replaces a merchant order; its payments borrow amounts and statuses from stored payments. */
  setMerchantOrder(order: MerchantOrderInput): MercadoPagoMerchantOrder;
  getMerchantOrder(id: number | string): MercadoPagoMerchantOrder | undefined;
  getPreference(id: string): MercadoPagoPreference | undefined;
  /** Simulates a buyer paying a preference: stores the payment and its merchant order, returns the payment. */
  payPreference(preferenceId: string, overrides?: Partial<PaymentInput>): MercadoPagoPayment;
  fail(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Forgets payments, merchant orders, preferences, recorded requests and faults (latency stays). */
  reset(): void;
  /** Stops the server, ending hung and keep-alive connections. */
  close(): Promise<void>;
}

interface Stored<T> {
  value: T;
  json: string;
}

const FIRST_PAYMENT_ID = 1_320_000_001;
const FIRST_MERCHANT_ORDER_ID = 30_000_000_001;

/** Starts a fake MercadoPago on a free port (or `options.port`). */
export async function createFakeMercadoPago(options: FakeMercadoPagoOptions = {}): Promise<FakeMercadoPago> {
  const accessToken = options.accessToken ?? 'TEST-mp-token';
  const payments = new Map<string, Stored<MercadoPagoPayment>>();
  const orders = new Map<string, Stored<MercadoPagoMerchantOrder>>();
  const preferences = new Map<string, MercadoPagoPreference>();
  let nextPaymentId = FIRST_PAYMENT_ID;
  let nextOrderId = FIRST_MERCHANT_ORDER_ID;
  let url = '';

  const store = <T>(map: Map<string, Stored<T>>, id: number | string, value: T): T => {
    map.set(keyOf(id), { value, json: JSON.stringify(value) });
    return structuredClone(value);
  };
  const setPayment = (input: PaymentInput): MercadoPagoPayment => {
    const previous = payments.get(keyOf(input.id))?.value;
    return store(payments, input.id, buildPayment(input, previous, FAKE_MP_USER_ID, Date.now()));
  };
  const setMerchantOrder = (input: MerchantOrderInput): MercadoPagoMerchantOrder =>
    store(orders, input.id, buildMerchantOrder(input, (id) => payments.get(keyOf(id))?.value, FAKE_MP_USER_ID, Date.now()));
  const allocate = (map: Map<string, unknown>, next: number): number => {
    let id = next;
    while (map.has(keyOf(id))) id += 1;
    return id;
  };
  const payPreference = (preferenceId: string, overrides: Partial<PaymentInput> = {}): MercadoPagoPayment => {
    const preference = preferences.get(preferenceId);
    if (!preference) throw new Error(`no preference ${preferenceId}`);
    const paymentId = allocate(payments, nextPaymentId);
    nextPaymentId = paymentId + 1;
    const orderId = allocate(orders, nextOrderId);
    nextOrderId = orderId + 1;
    const payment = setPayment({ order: { id: String(orderId), type: 'mercadopago' }, ...paymentFromPreference(preference, paymentId, overrides) });
    setMerchantOrder({
      id: orderId, payments: [{ id: paymentId }], preference_id: preference.id, items: preference.items,
      notification_url: preference.notification_url, external_reference: preference.external_reference,
    });
    return payment;
  };

  const authorized = (ex: FakeExchange): boolean => {
    const header = ex.recorded.headers.authorization;
    if (header !== undefined && /^bearer /i.test(header) && header.slice(7) === accessToken) return true;
    ex.send(401, MP_UNAUTHORIZED);
    return false;
  };
  const sendStored = <T>(ex: FakeExchange, stored: Stored<T>): void => ex.sendText(200, 'application/json; charset=utf-8', stored.json);

  const routes = createRouteTable<FakeExchange>()
    .add('GET', '/v1/payments/:id', (ex, { id }) => {
      if (!authorized(ex)) return;
      let stored = payments.get(keyOf(id));
      if (!stored && options.autoPayments && /^\d{1,15}$/.test(id)) {
        setPayment({ id });
        stored = payments.get(keyOf(id));
      }
      if (stored) sendStored(ex, stored);
      else ex.send(404, mercadoPagoNotFound('Payment not found'));
    })
    .add('GET', '/merchant_orders/:id', (ex, { id }) => {
      if (!authorized(ex)) return;
      const stored = orders.get(keyOf(id));
      if (stored) sendStored(ex, stored);
      else ex.send(404, mercadoPagoNotFound('Merchant Order not found'));
    })
    .add('GET', '/users/me', (ex) => {
      if (!authorized(ex)) return;
      ex.send(200, {
        id: FAKE_MP_USER_ID, nickname: `TESTUSER${FAKE_MP_USER_ID}`, site_id: 'MLA', country_id: 'AR',
        email: `test_user_${FAKE_MP_USER_ID}@testuser.com`, first_name: 'Test', last_name: 'Test', user_type: 'normal',
        status: { site_status: 'active' },
      });
    })
    .add('POST', '/checkout/preferences', (ex) => {
      if (!authorized(ex)) return;
      const preference = buildPreference(ex.recorded.body, url, FAKE_MP_USER_ID, Date.now());
      if (typeof preference === 'string') return ex.send(400, mercadoPagoBadRequest(preference, 'invalid_items'));
      preferences.set(preference.id, preference);
      ex.send(201, preference);
    })
    .add('GET', '/checkout/preferences/:id', (ex, { id }) => {
      if (!authorized(ex)) return;
      const preference = preferences.get(id);
      if (preference) ex.send(200, preference);
      else ex.send(404, mercadoPagoNotFound('Preference not found'));
    })
    .add('GET', '/checkout/v1/redirect', (ex) => {
      const preference = preferences.get(ex.recorded.query.pref_id ?? '');
      if (!preference) return ex.send(404, mercadoPagoNotFound('Preference not found'));
      const status = ex.recorded.query.status ?? 'approved';
      const payment = payPreference(preference.id, { status });
      answerCheckout(ex, preference, payment);
    });

  const server = await startFakeServer({
    errorBody: mercadoPagoErrorFor,
    handle(ex) {
      const match = routes.find(ex.recorded.method, ex.segments);
      if (!match) return ex.send(404, mercadoPagoErrorFor(404));
      return match.handler(ex, match.params);
    },
  }, options);
  url = server.url;

  return {
    url: server.url,
    accessToken,
    requests: server.requests,
    setPayment,
    getPayment: (id) => cloneStored(payments.get(keyOf(id))),
    setMerchantOrder,
    getMerchantOrder: (id) => cloneStored(orders.get(keyOf(id))),
    getPreference: (id) => (preferences.has(id) ? structuredClone(preferences.get(id)) : undefined),
    payPreference,
    fail: (rule) => server.faults.add(rule),
    clearFaults: () => server.faults.clear(),
    setLatency: (ms) => server.setLatency(ms),
    reset() {
      payments.clear();
      orders.clear();
      preferences.clear();
      nextPaymentId = FIRST_PAYMENT_ID;
      nextOrderId = FIRST_MERCHANT_ORDER_ID;
      server.requests.length = 0;
      server.faults.clear();
    },
    close: () => server.close(),
  };
}

/** Map key for an id: `'00123'`, `'123'` and `123` are the same payment. */
function keyOf(id: number | string): string {
  return String(toMercadoPagoId(id));
}

function cloneStored<T>(stored: Stored<T> | undefined): T | undefined {
  return stored === undefined ? undefined : structuredClone(stored.value);
}

/** Where MercadoPago sends the buyer after checkout: the matching back_url with its usual query, else a JSON summary. */
function answerCheckout(ex: FakeExchange, preference: MercadoPagoPreference, payment: MercadoPagoPayment): void {
  const summary = {
    collection_id: String(payment.id), collection_status: payment.status, payment_id: String(payment.id), status: payment.status,
    external_reference: String(payment.external_reference ?? ''), payment_type: String(payment.payment_type_id ?? ''),
    merchant_order_id: String((payment.order as { id?: unknown } | undefined)?.id ?? ''), preference_id: preference.id,
    site_id: 'MLA', processing_mode: 'aggregator', merchant_account_id: 'null',
  };
  const backUrls = (preference.back_urls ?? {}) as Record<string, unknown>;
  const key = payment.status === 'approved' ? 'success' : payment.status === 'pending' || payment.status === 'in_process' ? 'pending' : 'failure';
  const target = backUrls[key];
  if (typeof target !== 'string' || target === '') return ex.send(200, summary);
  const location = `${target}${target.includes('?') ? '&' : '?'}${new URLSearchParams(summary).toString()}`;
  ex.headers.location = location;
  ex.send(302, { redirect: location });
}
