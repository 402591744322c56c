import type { AxiosResponse } from 'axios';
import type { HttpClient } from './http-agent';
import { HttpHooks, notifyHook } from './http-hooks';
import { answerOf, HttpErrorPolicy, isTimeout, mapHttpError } from './map-http-error';

/** One upstream as the request helper sees it: transport, hooks and the error policy's fixed parts. */
export interface Upstream extends Omit<HttpErrorPolicy, 'operation' | 'now' | 'timeoutMs'> {
  http: HttpClient;
  now: () => number;
  hooks?: HttpHooks;
  /** Sees the status and headers of every response (success or error), e.g. to adapt to rate-limit headers. */
  onResponse?(status: number, headers: Record<string, unknown>): void;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Path with ids, used in error messages. */
  path: string;
  /** Path with placeholders (`/v1/payments/:id`), used as a bounded metric label. */
  route: string;
  data?: unknown;
  /** PermanentError message for a 404 (e.g. MercadoPago's "payment not found"). */
  notFoundMessage?: string;
}

/** Sends one request; reports it to the hooks; maps any failure to a RetryableError or PermanentError. */
export async function sendRequest(upstream: Upstream, request: UpstreamRequest): Promise<AxiosResponse> {
  const started = upstream.now();
  const operation = `${request.method} ${request.path}`;
  const report = (status: number | 'timeout' | 'network-error') => notifyHook(upstream.hooks, 'onCall', {
    service: upstream.service, operation: `${request.method} ${request.route}`, status, durationMs: Math.max(0, upstream.now() - started),
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
      report(isTimeout(err) ? 'timeout' : 'network-error');
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
