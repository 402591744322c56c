import type * as Axios from 'axios';
import type { AxiosResponse } from 'axios';
import type { HttpClient } from './http-agent';
import { HttpHooks, notifyHook } from './http-hooks';
import { answerOf, HttpErrorPolicy, isTimeout, mapHttpError } from './map-http-error';

/** axios is loaded with the first HTTP client's first request (http-agent.ts), not by a cron run with nothing to do. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const isAxiosError = (err: unknown): err is Axios.AxiosError => (require('axios') as typeof Axios).isAxiosError(err);

/** One upstream as the request helper sees it: transport, hooks and the error policy's fixed parts. */
export interface Upstream extends Omit<HttpErrorPolicy, 'operation' | 'now' | 'timeoutMs'> {
  http: HttpClient;
  now: () => number;
  hooks?: HttpHooks;
  /** Sees the status and headers of every response (success or error), e.g. to adapt to rate-limit headers. */
  onResponse?(status: number, headers: Record<string, unknown>): void;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with ids, used in error messages. */
  path: string;
  /** Path with placeholders (`/v1/payments/:id`), used as a bounded metric label. */
  route: string;
  data?: unknown;
  /** PermanentError message for a 404 (e.g. MercadoPago's "payment not found"). */
  notFoundMessage?: string;
  /** The resource the call is about, when the path does not name it (default `METHOD path`). */
  resource?: string;
}

/**
 * Error codes meaning the request never reached the upstream's application: the host is unreachable as a whole
 * (refused, reset, DNS, TLS, routing), whatever resource was asked for.
 */
const HOST_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN',
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO',
]);

/** True when a failed call could not reach the upstream at all (see HOST_ERROR_CODES; also any TLS/SSL error code). */
export function isHostError(err: unknown): boolean {
  if (!isAxiosError(err) || err.response) return false;
  const codes = [err.code, (err.cause as { code?: unknown } | undefined)?.code].filter((c): c is string => typeof c === 'string');
  return codes.some((code) => HOST_ERROR_CODES.has(code) || /^ERR_(TLS|SSL)_/.test(code) || /^CERT_/.test(code));
}

/** Sends one request; reports it to the hooks; maps any failure to a RetryableError or PermanentError. */
export async function sendRequest(upstream: Upstream, request: UpstreamRequest): Promise<AxiosResponse> {
  const started = upstream.now();
  const operation = `${request.method} ${request.path}`;
  const resource = request.resource ?? operation;
  const report = (status: number | 'timeout' | 'network-error', scope: 'host' | 'request' = 'request') => notifyHook(upstream.hooks, 'onCall', {
    service: upstream.service, operation: `${request.method} ${request.route}`, status, durationMs: Math.max(0, upstream.now() - started), resource, scope,
  });
  try {
    const response = await upstream.http.axios.request({
      method: request.method, url: request.path, data: request.data,
    });
    report(response.status);
    upstream.onResponse?.(response.status, response.headers as Record<string, unknown>);
    return response;
  } catch (err) {
    const response = answerOf(err);
    if (response) {
      report(response.status);
      upstream.onResponse?.(response.status, (response.headers ?? {}) as Record<string, unknown>);
    } else {
      report(isTimeout(err) ? 'timeout' : 'network-error', isHostError(err) ? 'host' : 'request');
    }
    throw mapHttpError(err, {
      ...upstream,
      operation,
      now: upstream.now(),
      timeoutMs: upstream.http.timeoutMs,
      permanentMessage: (status, detail) => (status === 404 && request.notFoundMessage
        ? request.notFoundMessage
        : upstream.permanentMessage?.(status, detail)),
    });
  }
}
