import { startFakeServer, FakeExchange, FakeServerOptions } from './fake-http-server';
import { toMercadoPagoId } from './fake-ids';
import { FaultRule } from './fault-injector';
import { AuthorizedPaymentInput, buildAuthorizedPayment, MercadoPagoAuthorizedPayment } from './mercadopago-authorized-payment';
import { buildChargeback, ChargebackInput, MercadoPagoChargeback } from './mercadopago-chargeback';
import { mercadoPagoBadRequest, mercadoPagoErrorFor, mercadoPagoNotFound, MP_FORBIDDEN, MP_UNAUTHORIZED } from './mercadopago-errors';
import { buildMerchantOrder, MercadoPagoMerchantOrder, MerchantOrderInput } from './mercadopago-merchant-order';
import { buildOrder, MercadoPagoOrder, OrderInput } from './mercadopago-order';
import { answerPayment, buildPayment, MercadoPagoPayment, PaymentInput } from './mercadopago-payment';
import { buildPreapproval, MercadoPagoPreapproval, PreapprovalInput } from './mercadopago-preapproval';
import { searchPayments } from './mercadopago-search';
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

/** The resources the fake serves by id; each can be marked as another account's (answered 403). */
export type FakeMercadoPagoResource = 'payment' | 'merchant_order' | 'chargeback' | 'preapproval' | 'authorized_payment' | 'order';

/**
 * A fake MercadoPago API on 127.0.0.1: payments, merchant orders, chargebacks, subscriptions (preapprovals and their
 * authorized payments), Orders API orders, preferences and `users/me`.
 */
export interface FakeMercadoPago {
  /** e.g. `http://127.0.0.1:43125`, no trailing slash. */
  url: string;
  accessToken: string;
  requests: RecordedRequest[];
  /**
   * Creates or updates a payment (realistic defaults for whatever is not given) and returns a copy of it. The API
   * shows `payer.email` only for approved, refunded and charged-back payments; the stored copy always keeps it.
   */
  setPayment(payment: PaymentInput): MercadoPagoPayment;
  /** The stored payment, `payer.email` included whatever its status. */
  getPayment(id: number | string): MercadoPagoPayment | undefined;
  /** Makes an id belong to another account: reading it answers 403 with MercadoPago's `forbidden` body. */
  addForeignResource(kind: FakeMercadoPagoResource, id: number | string): void;
  /** Creates or replaces a chargeback of the given payments. */
  setChargeback(chargeback: ChargebackInput): MercadoPagoChargeback;
  getChargeback(id: number | string): MercadoPagoChargeback | undefined;
  /** Creates or updates a subscription (`auto_recurring` merged). */
  setPreapproval(preapproval: PreapprovalInput): MercadoPagoPreapproval;
  getPreapproval(id: string): MercadoPagoPreapproval | undefined;
  /** Creates or replaces a subscription invoice; amounts come from its stored subscription, statuses from its payment. */
  setAuthorizedPayment(invoice: AuthorizedPaymentInput): MercadoPagoAuthorizedPayment;
  getAuthorizedPayment(id: number | string): MercadoPagoAuthorizedPayment | undefined;
  /** Creates or updates an Orders API order (`ORD01…`) and its `PAY01…` payments. */
  setOrder(order: OrderInput): MercadoPagoOrder;
  getOrder(id: string): MercadoPagoOrder | undefined;
  /** Creates or replaces a merchant order; its payments borrow amounts and statuses from stored payments. */
  setMerchantOrder(order: MerchantOrderInput): MercadoPagoMerchantOrder;
  getMerchantOrder(id: number | string): MercadoPagoMerchantOrder | undefined;
  getPreference(id: string): MercadoPagoPreference | undefined;
  /** Simulates a buyer paying a preference: stores the payment and its merchant order, returns the payment. */
  payPreference(preferenceId: string, overrides?: Partial<PaymentInput>): MercadoPagoPayment;
  fail(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Forgets every resource, foreign mark, recorded request and fault (latency stays). */
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
  const chargebacks = new Map<string, Stored<MercadoPagoChargeback>>();
  const preapprovals = new Map<string, Stored<MercadoPagoPreapproval>>();
  const invoices = new Map<string, Stored<MercadoPagoAuthorizedPayment>>();
  const ordersApi = new Map<string, Stored<MercadoPagoOrder>>();
  const foreign = new Set<string>();
  let nextPaymentId = FIRST_PAYMENT_ID;
  let nextOrderId = FIRST_MERCHANT_ORDER_ID;
  let url = '';

  const store = <T>(map: Map<string, Stored<T>>, id: number | string, value: T, answered: T = value): T => {
    map.set(keyOf(id), { value, json: JSON.stringify(answered) });
    return structuredClone(value);
  };
  const setPayment = (input: PaymentInput): MercadoPagoPayment => {
    const previous = payments.get(keyOf(input.id))?.value;
    const payment = buildPayment(input, previous, FAKE_MP_USER_ID, Date.now());
    return store(payments, input.id, payment, answerPayment(payment));
  };
  const findPayment = (id: number | string) => payments.get(keyOf(id))?.value;
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
  /** Answers a read by id: 401 without the token, 403 for another account's id, the stored resource, else a 404. */
  const serveStored = <T>(kind: FakeMercadoPagoResource, map: Map<string, Stored<T>>, notFound: string) => (ex: FakeExchange, { id }: Record<string, string>) => {
    if (!authorized(ex)) return;
    if (foreign.has(`${kind}:${keyOf(id)}`)) return ex.send(403, MP_FORBIDDEN);
    const stored = map.get(keyOf(id));
    if (stored) sendStored(ex, stored);
    else ex.send(404, mercadoPagoNotFound(notFound));
  };

  const routes = createRouteTable<FakeExchange>()
    // GET /v1/payments/search — before /v1/payments/:id, which would take `search` for an id (sources in mercadopago-search.ts)
    .add('GET', '/v1/payments/search', (ex) => {
      if (!authorized(ex)) return;
      const answer = searchPayments(payments.values(), ex.recorded.query, Date.now());
      if (answer.status === 200) ex.sendText(200, 'application/json; charset=utf-8', answer.text);
      else ex.send(answer.status, answer.body);
    })
    // GET /v1/payments/{id} — reference: /developers/en/reference/payments/_payments_id/get (404 code 2000, 403 code 4)
    .add('GET', '/v1/payments/:id', (ex, params) => {
      if (!payments.has(keyOf(params.id)) && options.autoPayments && /^\d{1,15}$/.test(params.id) && !foreign.has(`payment:${keyOf(params.id)}`)) {
        setPayment({ id: params.id });
      }
      serveStored('payment', payments, 'Payment not found')(ex, params);
    })
    // GET /merchant_orders/{id} — reference: /developers/en/reference/merchant_orders/_merchant_orders_id/get
    .add('GET', '/merchant_orders/:id', serveStored('merchant_order', orders, 'Merchant Order not found'))
    // GET /v1/chargebacks/{id} — reference: /developers/en/reference/chargebacks/_chargebacks_id/get; SDK clients/chargeback/get
    .add('GET', '/v1/chargebacks/:id', serveStored('chargeback', chargebacks, 'Chargeback not found'))
    // GET /preapproval/{id} — reference: /developers/en/reference/subscriptions/_preapproval_id/get; SDK clients/preApproval/get
    .add('GET', '/preapproval/:id', serveStored('preapproval', preapprovals, 'Preapproval not found'))
    // GET /authorized_payments/{id} — reference: /developers/en/reference/subscriptions/_authorized_payments_id/get; SDK clients/invoice/get
    .add('GET', '/authorized_payments/:id', serveStored('authorized_payment', invoices, 'Authorized payment not found'))
    // GET /v1/orders/{id} — reference: /developers/en/reference/orders/online-payments/get-order/get; SDK clients/order/get
    .add('GET', '/v1/orders/:id', serveStored('order', ordersApi, 'Order not found'))
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
    addForeignResource: (kind, id) => { foreign.add(`${kind}:${keyOf(id)}`); },
    setChargeback: (input) => store(chargebacks, input.id, buildChargeback(input, findPayment, Date.now())),
    getChargeback: (id) => cloneStored(chargebacks.get(keyOf(id))),
    setPreapproval: (input) => store(preapprovals, input.id, buildPreapproval(input, preapprovals.get(keyOf(input.id))?.value, FAKE_MP_USER_ID, url, Date.now())),
    getPreapproval: (id) => cloneStored(preapprovals.get(keyOf(id))),
    setAuthorizedPayment: (input) => store(invoices, input.id, buildAuthorizedPayment(input, (id) => preapprovals.get(keyOf(id))?.value, findPayment, Date.now())),
    getAuthorizedPayment: (id) => cloneStored(invoices.get(keyOf(id))),
    setOrder: (input) => store(ordersApi, input.id, buildOrder(input, ordersApi.get(keyOf(input.id))?.value, FAKE_MP_USER_ID, Date.now())),
    getOrder: (id) => cloneStored(ordersApi.get(keyOf(id))),
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
      for (const map of [chargebacks, preapprovals, invoices, ordersApi]) map.clear();
      foreign.clear();
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
