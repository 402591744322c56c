import { MercadoPagoResource, PermanentError, RetryableError, unknownResourceError, unknownResourceMessage } from '@ghl-payments/core';
import { createHttpClient } from './http-agent';
import type { HttpHooks } from './http-hooks';
import { parseResponse } from './parse-response';
import { readRetryAfterMs } from './rate-limit-headers';
import { sendRequest, Upstream, UpstreamRequest } from './send-request';
import { MpMerchantOrder, mpMerchantOrderSchema, MpPayment, mpPaymentSchema, MpUser, mpUserSchema } from './mercadopago-schemas';

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

/** Typed reads from the MercadoPago API. Every failure is a RetryableError or a PermanentError. */
export interface MercadoPagoClient {
  getPayment(id: string | number): Promise<MpPayment>;
  getMerchantOrder(id: string | number): Promise<MpMerchantOrder>;
  /** GET /users/me: which account the token belongs to (for `doctor`). */
  getCurrentUser(): Promise<MpUser>;
  /** Frees the keep-alive sockets. */
  close(): void;
}

const SERVICE = { service: 'mercadopago' as const, serviceName: 'MercadoPago' };

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
    onResponse: options.onResponse,
  };

  const get = async (request: Omit<UpstreamRequest, 'method'>) => {
    if (!token) throw new RetryableError('MP_ACCESS_TOKEN is not set: MercadoPago cannot be read', { service: 'mercadopago' });
    return sendRequest(upstream, { method: 'GET', ...request });
  };
  const where = (path: string) => ({ ...SERVICE, operation: `GET ${path}` });
  /**
   * Reads one resource a notification named. A 404 becomes the `unknown-resource` PermanentError: MercadoPago does
   * not know the id (a forged notification, another account, the test environment), which the alerter summarises
   * instead of alerting each event.
   */
  const getResource = async (kind: MercadoPagoResource, id: string | number, request: Omit<UpstreamRequest, 'method' | 'notFoundMessage'>) => {
    const notFoundMessage = unknownResourceMessage(kind, id);
    try {
      return await get({ ...request, notFoundMessage });
    } catch (err) {
      // sendRequest gives a 404, and only a 404, this message
      if (err instanceof PermanentError && err.message === notFoundMessage) throw unknownResourceError(kind, id);
      throw err;
    }
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
    async getCurrentUser() {
      const response = await get({ path: '/users/me', route: '/users/me' });
      return parseResponse(mpUserSchema, response.data, where('/users/me'));
    },
    close: () => http.close(),
  };
}
