import type { z } from 'zod';
import { MercadoPagoResource, PermanentError, RetryableError, unknownResourceError, unknownResourceMessage } from '@ghl-payments/core';
import { createHttpClient } from './http-agent';
import type { HttpHooks } from './http-hooks';
import { parseResponse } from './parse-response';
import { readRetryAfterMs } from './rate-limit-headers';
import { missingCredential } from './map-http-error';
import { sendRequest, Upstream, UpstreamRequest } from './send-request';
import {
  MpAuthorizedPayment, mpAuthorizedPaymentSchema, MpChargeback, mpChargebackSchema, MpMerchantOrder, mpMerchantOrderSchema, MpOrder,
  mpOrderSchema, MpPayment, mpPaymentSchema, MpPaymentSearch, mpPaymentSearchSchema, MpPreapproval, mpPreapprovalSchema, MpPreference, mpPreferenceSchema, MpUser,
  mpUserSchema,
} from './mercadopago-schemas';

export interface MercadoPagoClientOptions {
  apiUrl: string;
  accessToken?: string;
  timeoutMs: number;
  now: () => number;
  hooks?: HttpHooks;
  /** Other secret values to scrub from error messages (e.g. every secret of the Config). */
  secrets?: readonly string[];
  /** Sees the status and headers of every answer, errors included (`doctor` reads the `Date` header). */
  onResponse?(status: number, headers: Record<string, unknown>): void;
}

/**
 * One page of GET /v1/payments/search (API reference "Search payments"; the guide "Received payments management" gives
 * `limit` ≤ 50 and `offset` ≤ 10000). Dates are MercadoPago's `yyyy-MM-ddTHH:mm:ss.SSS±hh:mm` or `NOW-…`.
 */
export interface MpPaymentSearchQuery {
  sort: 'date_approved' | 'date_created' | 'date_last_updated' | 'id' | 'money_release_date';
  criteria: 'asc' | 'desc';
  range?: 'date_created' | 'date_last_updated' | 'date_approved' | 'money_release_date';
  beginDate?: string;
  endDate?: string;
  limit: number;
  offset: number;
  externalReference?: string;
  status?: string;
}

/** Typed reads from the MercadoPago API. Every failure is a RetryableError or a PermanentError. */
export interface MercadoPagoClient {
  getPayment(id: string | number): Promise<MpPayment>;
  getMerchantOrder(id: string | number): Promise<MpMerchantOrder>;
  /** GET /v1/chargebacks/:id: the chargeback and the ids of the payments it disputes. */
  getChargeback(id: string | number): Promise<MpChargeback>;
  /** GET /preapproval/:id: a subscription (status, payer_email, external_reference, reason, amount). */
  getPreapproval(id: string): Promise<MpPreapproval>;
  /** GET /authorized_payments/:id: one charge of a subscription and the payment it made, if any. */
  getAuthorizedPayment(id: string | number): Promise<MpAuthorizedPayment>;
  /** GET /v1/orders/:id (Orders API): the order's status and its `PAY01…` payments. */
  getOrder(id: string): Promise<MpOrder>;
  /** GET /users/me: which account the token belongs to (for `doctor`). */
  getCurrentUser(): Promise<MpUser>;
  /** GET /v1/payments/search: one page of the account's payments matching the query, with the paging of the whole result. */
  searchPayments(query: MpPaymentSearchQuery): Promise<MpPaymentSearch>;
  /**
   * POST /checkout/preferences: creates a Checkout Pro preference (a payment link); MercadoPago's 400 (invalid items,
   * dates, back_urls) is a PermanentError naming its message. Not retried here: the caller decides.
   */
  createPreference(body: Record<string, unknown>): Promise<MpPreference>;
  /** Frees the keep-alive sockets. */
  close(): void;
}

const SERVICE = { service: 'mercadopago' as const, serviceName: 'MercadoPago' };

/**
 * What MercadoPago says in a 403 for a resource the token's account may not read (another collector's payment):
 * `The caller is not authorized to access this resource.` (API reference of GET /v1/payments/{id}, 403 code 4). Any
 * other 403 — PolicyAgent's `At least one policy returned UNAUTHORIZED.` for a blocked or wrong token — stays a
 * credentials problem, retried.
 */
const OTHER_ACCOUNT_403 = /not authorized to access this resource/i;
const FORBIDDEN_RESOURCE = 'MercadoPago refused the resource: it belongs to another account than MP_ACCESS_TOKEN\'s (HTTP 403)';

/** The resources read by id, named as in messages. */

/** Creates the MercadoPago client (Bearer auth, keep-alive, timeout, errors that carry the retry decision). */
export function createMercadoPagoClient(options: MercadoPagoClientOptions): MercadoPagoClient {
  const token = options.accessToken?.trim() || undefined;
  const http = createHttpClient({
    baseURL: options.apiUrl,
    timeoutMs: options.timeoutMs,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const upstream: Upstream = {
    ...SERVICE,
    http,
    now: options.now,
    hooks: options.hooks,
    credentialHint: 'MP_ACCESS_TOKEN',
    urlVariable: 'MP_API_URL',
    secrets: [...(token ? [token] : []), ...(options.secrets ?? [])],
    rateLimitDelayMs: (headers, now) => readRetryAfterMs(headers, now),
    permanentMessage: (status, detail) => (status === 403 && OTHER_ACCOUNT_403.test(detail) ? FORBIDDEN_RESOURCE : undefined),
    onResponse: options.onResponse,
  };

  const get = async (request: Omit<UpstreamRequest, 'method'>) => {
    if (!token) throw missingCredential('MP_ACCESS_TOKEN is not set: MercadoPago cannot be read', 'mercadopago');
    return sendRequest(upstream, { method: 'GET', ...request });
  };
  const where = (path: string) => ({ ...SERVICE, operation: `GET ${path}` });
  /**
   * Reads one resource a notification named. A 404 becomes the `unknown-resource` PermanentError: MercadoPago does
   * not know the id (a forged notification, another account, the test environment), which the alerter summarises
   * instead of alerting each event. A 403 naming another account is permanent too, with the resource named.
   */
  const getResource = async (kind: MercadoPagoResource, id: string | number, request: Omit<UpstreamRequest, 'method' | 'notFoundMessage'>) => {
    const notFoundMessage = unknownResourceMessage(kind, id);
    try {
      return await get({ ...request, notFoundMessage });
    } catch (err) {
      // sendRequest gives a 404, and only a 404, this message
      if (err instanceof PermanentError && err.message === notFoundMessage) throw unknownResourceError(kind, id);
      if (err instanceof PermanentError && err.message === FORBIDDEN_RESOURCE) {
        throw new PermanentError(`MercadoPago refused ${kind} ${id}: it belongs to another account than MP_ACCESS_TOKEN's (HTTP 403)`, { service: 'mercadopago' });
      }
      throw err;
    }
  };
  const readResource = async <S extends z.ZodType>(kind: MercadoPagoResource, id: string | number, route: string, pathPrefix: string, schema: S): Promise<z.infer<S>> => {
    const path = `${pathPrefix}${encodeURIComponent(String(id))}`;
    const response = await getResource(kind, id, { path, route });
    return parseResponse(schema, response.data, where(path));
  };

  return {
    async getPayment(id) {
      const path = `/v1/payments/${encodeURIComponent(String(id))}`;
      const response = await getResource('payment', id, { path, route: '/v1/payments/:id' });
      return parseResponse(mpPaymentSchema, response.data, where(path));
    },
    async getMerchantOrder(id) {
      const path = `/merchant_orders/${encodeURIComponent(String(id))}`;
      const response = await getResource('merchant order', id, { path, route: '/merchant_orders/:id' });
      return parseResponse(mpMerchantOrderSchema, response.data, where(path));
    },
    getChargeback: (id) => readResource('chargeback', id, '/v1/chargebacks/:id', '/v1/chargebacks/', mpChargebackSchema),
    getPreapproval: (id) => readResource('subscription', id, '/preapproval/:id', '/preapproval/', mpPreapprovalSchema),
    getAuthorizedPayment: (id) => readResource('subscription charge', id, '/authorized_payments/:id', '/authorized_payments/', mpAuthorizedPaymentSchema),
    getOrder: (id) => readResource('order', id, '/v1/orders/:id', '/v1/orders/', mpOrderSchema),
    async getCurrentUser() {
      const response = await get({ path: '/users/me', route: '/users/me' });
      return parseResponse(mpUserSchema, response.data, where('/users/me'));
    },
    async searchPayments(query) {
      if (!token) throw missingCredential('MP_ACCESS_TOKEN is not set: MercadoPago cannot be searched', 'mercadopago');
      // the answer's status, to name a refused token in one short line rather than with the whole query string
      let status = 0;
      const call: Upstream = { ...upstream, onResponse: (s, headers) => { status = s; upstream.onResponse?.(s, headers); } };
      const path = `/v1/payments/search?${toSearchParams(query)}`;
      try {
        const response = await sendRequest(call, { method: 'GET', path, route: '/v1/payments/search', resource: 'GET /v1/payments/search' });
        return parseResponse(mpPaymentSearchSchema, response.data, where('/v1/payments/search'));
      } catch (err) {
        if (err instanceof RetryableError && (status === 401 || status === 403)) {
          throw new RetryableError(`MercadoPago refused MP_ACCESS_TOKEN (HTTP ${status}) on GET /v1/payments/search: check the token (production credentials start with APP_USR-)`, { service: 'mercadopago' });
        }
        throw err;
      }
    },
    async createPreference(body) {
      if (!token) throw missingCredential('MP_ACCESS_TOKEN is not set: MercadoPago cannot create a payment link', 'mercadopago');
      const response = await sendRequest(upstream, {
        method: 'POST', path: '/checkout/preferences', route: '/checkout/preferences', data: body, resource: 'POST /checkout/preferences',
      });
      return parseResponse(mpPreferenceSchema, response.data, { ...SERVICE, operation: 'POST /checkout/preferences' });
    },
    close: () => http.close(),
  };
}

/** The query string of a payment search, in MercadoPago's parameter names (absent fields left out). */
function toSearchParams(query: MpPaymentSearchQuery): string {
  const params: Record<string, string | undefined> = {
    sort: query.sort, criteria: query.criteria, range: query.range, begin_date: query.beginDate, end_date: query.endDate,
    external_reference: query.externalReference, status: query.status, limit: String(query.limit), offset: String(query.offset),
  };
  const defined = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return new URLSearchParams(defined).toString();
}
