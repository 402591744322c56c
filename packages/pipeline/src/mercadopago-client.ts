import { RetryableError } from '@ghl-payments/core';
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

  return {
    async getPayment(id) {
      const path = `/v1/payments/${encodeURIComponent(String(id))}`;
      const response = await get({
        path, route: '/v1/payments/:id',
        notFoundMessage: `payment ${id} not found: it may belong to another account or the test environment`,
      });
      return parseResponse(mpPaymentSchema, response.data, where(path));
    },
    async getMerchantOrder(id) {
      const path = `/merchant_orders/${encodeURIComponent(String(id))}`;
      const response = await get({
        path, route: '/merchant_orders/:id',
        notFoundMessage: `merchant order ${id} not found: it may belong to another account or the test environment`,
      });
      return parseResponse(mpMerchantOrderSchema, response.data, where(path));
    },
    async getCurrentUser() {
      const response = await get({ path: '/users/me', route: '/users/me' });
      return parseResponse(mpUserSchema, response.data, where('/users/me'));
    },
    close: () => http.close(),
  };
}
