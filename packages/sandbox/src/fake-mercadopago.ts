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
import { buildPreference, isPreferenceRejection, MercadoPagoPreference, paymentFromPreference } from './mercadopago-preference';
import { RecordedRequest } from './request-recorder';
import { createRouteTable } from './route-table';

/** The user id of the fake's default account (GET /users/me, collector_id). */
export const FAKE_MP_USER_ID = 123456789;

/** A MercadoPago account the fake serves: the access token its integration uses and its user (collector) id. */
export interface MercadoPagoAccountAccess {
  accessToken: string;
  userId: number;
}

export interface FakeMercadoPagoOptions extends FakeServerOptions {
  /** The default account's access token; default `TEST-mp-token`. Its user id is FAKE_MP_USER_ID. */
  accessToken?: string;
  /**
   * More accounts, each with its own token and user id (tokens and user ids must all differ, the default's included).
   * A resource belongs to the account that created it; reading another account's with a valid token answers 403.
   */
  accounts?: MercadoPagoAccountAccess[];
  /**
   * Answer an unknown numeric payment id with a fresh approved payment of the calling account instead of 404 (manual
   * testing, benchmarks).
   */
  autoPayments?: boolean;
}

/** The resources the fake serves by id; each can be marked as another account's (answered 403). */
export type FakeMercadoPagoResource = 'payment' | 'merchant_order' | 'chargeback' | 'preapproval' | 'authorized_payment' | 'order';

/**
 * One MercadoPago account of the fake, seen from a test: `fake.account(accessToken)`. Whatever it sets belongs to it
 * (`collector_id`, `collector.id`, `user_id` are its user id): its token reads it, any other token gets 403. Its getters
 * return only its own resources; setting an id that belongs to another account throws.
 */
export interface FakeMercadoPagoAccount {
  readonly accessToken: string;
  readonly userId: number;
  setPayment(payment: PaymentInput): MercadoPagoPayment;
  getPayment(id: number | string): MercadoPagoPayment | undefined;
  /** This account's payments, in the order they were first stored. */
  payments(): MercadoPagoPayment[];
  setChargeback(chargeback: ChargebackInput): MercadoPagoChargeback;
  getChargeback(id: number | string): MercadoPagoChargeback | undefined;
  setPreapproval(preapproval: PreapprovalInput): MercadoPagoPreapproval;
  getPreapproval(id: string): MercadoPagoPreapproval | undefined;
  setAuthorizedPayment(invoice: AuthorizedPaymentInput): MercadoPagoAuthorizedPayment;
  getAuthorizedPayment(id: number | string): MercadoPagoAuthorizedPayment | undefined;
  setOrder(order: OrderInput): MercadoPagoOrder;
  getOrder(id: string): MercadoPagoOrder | undefined;
  setMerchantOrder(order: MerchantOrderInput): MercadoPagoMerchantOrder;
  getMerchantOrder(id: number | string): MercadoPagoMerchantOrder | undefined;
  getPreference(id: string): MercadoPagoPreference | undefined;
  /** Pays one of this account's preferences (throws for another's): the payment and merchant order are this account's. */
  payPreference(preferenceId: string, overrides?: Partial<PaymentInput>): MercadoPagoPayment;
}

/**
 * A fake MercadoPago API on 127.0.0.1: payments, merchant orders, chargebacks, subscriptions (preapprovals and their
 * authorized payments), Orders API orders, preferences and `users/me`.
 *
 * It serves a default account (`accessToken`, FAKE_MP_USER_ID) plus any `options.accounts`. Every stored resource
 * belongs to one account: reading it with another valid token answers 403 (MercadoPago's `forbidden` body), a search
 * lists the caller's payments only, `users/me` answers the caller, a preference created with a token is that account's
 * and so is the payment that pays it. The top-level setters create resources of the default account (updating an
 * existing id keeps its owner) and the top-level getters read any account's; `account(accessToken)` seeds and reads
 * one account.
 */
export interface FakeMercadoPago {
  /** e.g. `http://127.0.0.1:43125`, no trailing slash. */
  url: string;
  /** The default account's token. */
  accessToken: string;
  /** The default account's user id (FAKE_MP_USER_ID). */
  userId: number;
  requests: RecordedRequest[];
  /**
   * Creates or updates a payment (realistic defaults for whatever is not given) and returns a copy of it. The API
   * shows `payer.email` only for approved, refunded and charged-back payments; the stored copy always keeps it.
   */
  setPayment(payment: PaymentInput): MercadoPagoPayment;
  /** The stored payment (any account's), `payer.email` included whatever its status. */
  getPayment(id: number | string): MercadoPagoPayment | undefined;
  /** Makes an id belong to an account the fake does not serve: reading it answers 403 to every token. */
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
  /** Creates or replaces a merchant order; its payments borrow amounts and statuses from its account's stored payments. */
  setMerchantOrder(order: MerchantOrderInput): MercadoPagoMerchantOrder;
  getMerchantOrder(id: number | string): MercadoPagoMerchantOrder | undefined;
  getPreference(id: string): MercadoPagoPreference | undefined;
  /**
   * Simulates a buyer paying a preference (any account's): stores the payment and its merchant order, both of the
   * preference's account, and returns the payment.
   */
  payPreference(preferenceId: string, overrides?: Partial<PaymentInput>): MercadoPagoPayment;
  /** One account's view: the default one or one of `options.accounts`; throws for a token the fake does not serve. */
  account(accessToken: string): FakeMercadoPagoAccount;
  fail(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Forgets every resource of every account, foreign mark, recorded request and fault (latency and accounts stay). */
  reset(): void;
  /** Stops the server, ending hung and keep-alive connections. */
  close(): Promise<void>;
}

interface Stored<T> {
  value: T;
  json: string;
  owner: MercadoPagoAccountAccess;
}

const FIRST_PAYMENT_ID = 1_320_000_001;
const FIRST_MERCHANT_ORDER_ID = 30_000_000_001;

/** Starts a fake MercadoPago on a free port (or `options.port`). */
export async function createFakeMercadoPago(options: FakeMercadoPagoOptions = {}): Promise<FakeMercadoPago> {
  const accounts = checkAccounts({ accessToken: options.accessToken ?? 'TEST-mp-token', userId: FAKE_MP_USER_ID }, options.accounts);
  const home = accounts[0];
  const byToken = new Map(accounts.map((account) => [account.accessToken, account]));
  const payments = new Map<string, Stored<MercadoPagoPayment>>();
  const orders = new Map<string, Stored<MercadoPagoMerchantOrder>>();
  const preferences = new Map<string, { value: MercadoPagoPreference; owner: MercadoPagoAccountAccess }>();
  const chargebacks = new Map<string, Stored<MercadoPagoChargeback>>();
  const preapprovals = new Map<string, Stored<MercadoPagoPreapproval>>();
  const invoices = new Map<string, Stored<MercadoPagoAuthorizedPayment>>();
  const ordersApi = new Map<string, Stored<MercadoPagoOrder>>();
  const foreign = new Set<string>();
  let nextPaymentId = FIRST_PAYMENT_ID;
  let nextOrderId = FIRST_MERCHANT_ORDER_ID;
  let url = '';

  /**
   * Who a set belongs to: a new id is the claiming account's (the default one when none claims it); an existing id
   * keeps its owner, and a claim by another account throws (MercadoPago ids belong to one account).
   */
  const ownerFor = (kind: string, id: number | string, existing: { owner: MercadoPagoAccountAccess } | undefined, claim?: MercadoPagoAccountAccess): MercadoPagoAccountAccess => {
    if (!existing) return claim ?? home;
    if (claim && existing.owner !== claim) throw new Error(`${kind} ${id} belongs to the account of user ${existing.owner.userId}, not ${claim.userId}`);
    return existing.owner;
  };
  /** Finds `owner`'s stored value by id (another account's is not found). */
  const ownedBy = <T>(map: Map<string, Stored<T>>, owner: MercadoPagoAccountAccess) => (id: number | string): T | undefined => {
    const stored = map.get(keyOf(id));
    return stored?.owner === owner ? stored.value : undefined;
  };
  /** A copy of the stored value; with `owner`, only when it is that account's. */
  const read = <T>(map: Map<string, Stored<T>>, id: number | string, owner?: MercadoPagoAccountAccess): T | undefined => {
    const stored = map.get(keyOf(id));
    return stored && (!owner || stored.owner === owner) ? structuredClone(stored.value) : undefined;
  };
  const store = <T>(map: Map<string, Stored<T>>, id: number | string, owner: MercadoPagoAccountAccess, value: T, answered: T = value): T => {
    map.set(keyOf(id), { value, json: JSON.stringify(answered), owner });
    return structuredClone(value);
  };

  const setPayment = (input: PaymentInput, claim?: MercadoPagoAccountAccess): MercadoPagoPayment => {
    const previous = payments.get(keyOf(input.id));
    const owner = ownerFor('payment', input.id, previous, claim);
    const payment = buildPayment(input, previous?.value, owner.userId, Date.now());
    return store(payments, input.id, owner, payment, answerPayment(payment));
  };
  const setMerchantOrder = (input: MerchantOrderInput, claim?: MercadoPagoAccountAccess): MercadoPagoMerchantOrder => {
    const owner = ownerFor('merchant_order', input.id, orders.get(keyOf(input.id)), claim);
    return store(orders, input.id, owner, buildMerchantOrder(input, ownedBy(payments, owner), owner.userId, Date.now()));
  };
  const setChargeback = (input: ChargebackInput, claim?: MercadoPagoAccountAccess): MercadoPagoChargeback => {
    const owner = ownerFor('chargeback', input.id, chargebacks.get(keyOf(input.id)), claim);
    return store(chargebacks, input.id, owner, buildChargeback(input, ownedBy(payments, owner), Date.now()));
  };
  const setPreapproval = (input: PreapprovalInput, claim?: MercadoPagoAccountAccess): MercadoPagoPreapproval => {
    const previous = preapprovals.get(keyOf(input.id));
    const owner = ownerFor('preapproval', input.id, previous, claim);
    return store(preapprovals, input.id, owner, buildPreapproval(input, previous?.value, owner.userId, url, Date.now()));
  };
  const setAuthorizedPayment = (input: AuthorizedPaymentInput, claim?: MercadoPagoAccountAccess): MercadoPagoAuthorizedPayment => {
    const owner = ownerFor('authorized_payment', input.id, invoices.get(keyOf(input.id)), claim);
    return store(invoices, input.id, owner, buildAuthorizedPayment(input, ownedBy(preapprovals, owner), ownedBy(payments, owner), Date.now()));
  };
  const setOrder = (input: OrderInput, claim?: MercadoPagoAccountAccess): MercadoPagoOrder => {
    const previous = ordersApi.get(keyOf(input.id));
    const owner = ownerFor('order', input.id, previous, claim);
    return store(ordersApi, input.id, owner, buildOrder(input, previous?.value, owner.userId, Date.now()));
  };
  const getPreference = (id: string, owner?: MercadoPagoAccountAccess): MercadoPagoPreference | undefined => {
    const stored = preferences.get(id);
    return stored && (!owner || stored.owner === owner) ? structuredClone(stored.value) : undefined;
  };
  const allocate = (map: Map<string, unknown>, next: number): number => {
    let id = next;
    while (map.has(keyOf(id))) id += 1;
    return id;
  };
  /** Pays a preference: the payment and merchant order belong to the preference's account. */
  const payPreference = (preferenceId: string, overrides: Partial<PaymentInput> = {}, claim?: MercadoPagoAccountAccess): MercadoPagoPayment => {
    const stored = preferences.get(preferenceId);
    if (!stored) throw new Error(`no preference ${preferenceId}`);
    if (claim && stored.owner !== claim) throw new Error(`preference ${preferenceId} belongs to the account of user ${stored.owner.userId}, not ${claim.userId}`);
    const { value: preference, owner } = stored;
    const paymentId = allocate(payments, nextPaymentId);
    nextPaymentId = paymentId + 1;
    const orderId = allocate(orders, nextOrderId);
    nextOrderId = orderId + 1;
    const payment = setPayment({ order: { id: String(orderId), type: 'mercadopago' }, ...paymentFromPreference(preference, paymentId, overrides) }, owner);
    setMerchantOrder({
      id: orderId, payments: [{ id: paymentId }], preference_id: preference.id, items: preference.items,
      notification_url: preference.notification_url, external_reference: preference.external_reference,
    }, owner);
    return payment;
  };

  /** The account of the request's access token, or undefined after answering 401. */
  const authorized = (ex: FakeExchange): MercadoPagoAccountAccess | undefined => {
    const header = ex.recorded.headers.authorization;
    const account = header !== undefined && /^bearer /i.test(header) ? byToken.get(header.slice(7)) : undefined;
    if (!account) ex.send(401, MP_UNAUTHORIZED);
    return account;
  };
  const sendStored = <T>(ex: FakeExchange, stored: Stored<T>): void => ex.sendText(200, 'application/json; charset=utf-8', stored.json);
  /**
   * Answers a read by id for `account`: 403 for an id marked foreign or stored for another account (as MercadoPago
   * answers another collector's payment), the stored resource, else a 404.
   */
  const answerStored = <T>(ex: FakeExchange, account: MercadoPagoAccountAccess, kind: FakeMercadoPagoResource, map: Map<string, Stored<T>>, id: string, notFound: string): void => {
    if (foreign.has(`${kind}:${keyOf(id)}`)) return ex.send(403, MP_FORBIDDEN);
    const stored = map.get(keyOf(id));
    if (!stored) return ex.send(404, mercadoPagoNotFound(notFound));
    if (stored.owner !== account) return ex.send(403, MP_FORBIDDEN);
    sendStored(ex, stored);
  };
  /** 401 without a served token, then answerStored. */
  const serveStored = <T>(kind: FakeMercadoPagoResource, map: Map<string, Stored<T>>, notFound: string) => (ex: FakeExchange, { id }: Record<string, string>) => {
    const account = authorized(ex);
    if (account) answerStored(ex, account, kind, map, id, notFound);
  };
  /** The caller's payments, for a search (MercadoPago lists the payments the token's account received). */
  function* paymentsOf(account: MercadoPagoAccountAccess): Iterable<Stored<MercadoPagoPayment>> {
    for (const stored of payments.values()) if (stored.owner === account) yield stored;
  }

  const routes = createRouteTable<FakeExchange>()
    // GET /v1/payments/search — before /v1/payments/:id, which would take `search` for an id (sources in mercadopago-search.ts)
    .add('GET', '/v1/payments/search', (ex) => {
      const account = authorized(ex);
      if (!account) return;
      const answer = searchPayments(paymentsOf(account), ex.recorded.query, Date.now());
      if (answer.status === 200) ex.sendText(200, 'application/json; charset=utf-8', answer.text);
      else ex.send(answer.status, answer.body);
    })
    // GET /v1/payments/{id} — reference: /developers/en/reference/payments/_payments_id/get (404 code 2000, 403 code 4)
    .add('GET', '/v1/payments/:id', (ex, { id }) => {
      const account = authorized(ex);
      if (!account) return;
      if (options.autoPayments && !payments.has(keyOf(id)) && /^\d{1,15}$/.test(id) && !foreign.has(`payment:${keyOf(id)}`)) {
        setPayment({ id }, account);
      }
      answerStored(ex, account, 'payment', payments, id, 'Payment not found');
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
    // GET /users/me — the user the access token belongs to
    .add('GET', '/users/me', (ex) => {
      const account = authorized(ex);
      if (!account) return;
      const { userId } = account;
      ex.send(200, {
        id: userId, nickname: `TESTUSER${userId}`, site_id: 'MLA', country_id: 'AR',
        email: `test_user_${userId}@testuser.com`, first_name: 'Test', last_name: 'Test', user_type: 'normal',
        status: { site_status: 'active' },
      });
    })
    // POST /checkout/preferences — the preference (and whatever pays it) belongs to the caller's account
    .add('POST', '/checkout/preferences', (ex) => {
      const account = authorized(ex);
      if (!account) return;
      // validation and answer: mercadopago-preference.ts (API reference "Create preference")
      const preference = buildPreference(ex.recorded.body, url, account.userId, Date.now());
      if (isPreferenceRejection(preference)) return ex.send(400, mercadoPagoBadRequest(preference.message, preference.error));
      preferences.set(preference.id, { value: preference, owner: account });
      ex.send(201, preference);
    })
    .add('GET', '/checkout/preferences/:id', (ex, { id }) => {
      const account = authorized(ex);
      if (!account) return;
      const stored = preferences.get(id);
      if (!stored) return ex.send(404, mercadoPagoNotFound('Preference not found'));
      if (stored.owner !== account) return ex.send(403, MP_FORBIDDEN);
      ex.send(200, stored.value);
    })
    // the buyer's checkout: no token, the payment is the preference's account's
    .add('GET', '/checkout/v1/redirect', (ex) => {
      const preference = preferences.get(ex.recorded.query.pref_id ?? '')?.value;
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

  const accountView = (account: MercadoPagoAccountAccess): FakeMercadoPagoAccount => ({
    accessToken: account.accessToken,
    userId: account.userId,
    setPayment: (input) => setPayment(input, account),
    getPayment: (id) => read(payments, id, account),
    payments: () => [...paymentsOf(account)].map((stored) => structuredClone(stored.value)),
    setChargeback: (input) => setChargeback(input, account),
    getChargeback: (id) => read(chargebacks, id, account),
    setPreapproval: (input) => setPreapproval(input, account),
    getPreapproval: (id) => read(preapprovals, id, account),
    setAuthorizedPayment: (input) => setAuthorizedPayment(input, account),
    getAuthorizedPayment: (id) => read(invoices, id, account),
    setOrder: (input) => setOrder(input, account),
    getOrder: (id) => read(ordersApi, id, account),
    setMerchantOrder: (input) => setMerchantOrder(input, account),
    getMerchantOrder: (id) => read(orders, id, account),
    getPreference: (id) => getPreference(id, account),
    payPreference: (id, overrides) => payPreference(id, overrides, account),
  });
  const views = new Map(accounts.map((account) => [account.accessToken, accountView(account)]));

  return {
    url: server.url,
    accessToken: home.accessToken,
    userId: home.userId,
    requests: server.requests,
    setPayment: (input) => setPayment(input),
    getPayment: (id) => read(payments, id),
    addForeignResource: (kind, id) => { foreign.add(`${kind}:${keyOf(id)}`); },
    setChargeback: (input) => setChargeback(input),
    getChargeback: (id) => read(chargebacks, id),
    setPreapproval: (input) => setPreapproval(input),
    getPreapproval: (id) => read(preapprovals, id),
    setAuthorizedPayment: (input) => setAuthorizedPayment(input),
    getAuthorizedPayment: (id) => read(invoices, id),
    setOrder: (input) => setOrder(input),
    getOrder: (id) => read(ordersApi, id),
    setMerchantOrder: (input) => setMerchantOrder(input),
    getMerchantOrder: (id) => read(orders, id),
    getPreference: (id) => getPreference(id),
    payPreference: (id, overrides) => payPreference(id, overrides),
    account(accessToken) {
      const view = views.get(accessToken);
      if (!view) throw new Error('the fake MercadoPago serves no account with that access token: add it to options.accounts');
      return view;
    },
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

/** The default account followed by the extra ones; throws on an empty or repeated token or a repeated or invalid user id. */
function checkAccounts(first: MercadoPagoAccountAccess, extra: readonly MercadoPagoAccountAccess[] = []): MercadoPagoAccountAccess[] {
  const all = [first, ...extra.map((a) => ({ accessToken: a.accessToken, userId: a.userId }))];
  const tokens = new Set<string>();
  const users = new Set<number>();
  for (const { accessToken, userId } of all) {
    if (typeof accessToken !== 'string' || accessToken === '') throw new Error('every MercadoPago account needs a non-empty accessToken');
    if (!Number.isSafeInteger(userId) || userId < 1) throw new Error(`MercadoPago user ids are positive whole numbers, got ${String(userId)}`);
    if (tokens.has(accessToken)) throw new Error(`two MercadoPago accounts share one access token (user ${userId})`);
    if (users.has(userId)) throw new Error(`MercadoPago user ${userId} is configured twice`);
    tokens.add(accessToken);
    users.add(userId);
  }
  return all;
}

/** Map key for an id: `'00123'`, `'123'` and `123` are the same payment. */
function keyOf(id: number | string): string {
  return String(toMercadoPagoId(id));
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
