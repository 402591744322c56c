import type * as Axios from 'axios';
import type { AxiosResponse } from 'axios';
import { PermanentError, redactAndTruncate, redactText, RetryableError } from '@ghl-payments/core';
import type { UpstreamService } from './http-hooks';

/** axios is loaded with the first HTTP client's first request (http-agent.ts), not by a cron run with nothing to do. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const isAxiosError = (err: unknown): err is Axios.AxiosError => (require('axios') as typeof Axios).isAxiosError(err);

/** What the mapping needs to know about one upstream and one call. Holds no request headers. */
export interface HttpErrorPolicy {
  service: UpstreamService;
  /** Human name used in messages: `MercadoPago`, `GoHighLevel`. */
  serviceName: string;
  /** e.g. `GET /v1/payments/123`. */
  operation: string;
  now: number;
  timeoutMs: number;
  /** Variables an operator should check on 401/403, e.g. `MP_ACCESS_TOKEN`. */
  credentialHint: string;
  /** Variable holding the base URL, named on unexpected redirects. */
  urlVariable: string;
  /** How long a 429 asks us to wait, from the response headers; undefined → 10 s. */
  rateLimitDelayMs(headers: Record<string, unknown>, now: number): number | undefined;
  /**
   * A message when this status is a permanent failure specific to the upstream (e.g. MercadoPago 404). Asked for a
   * 403 too: a 403 that names a resource the credentials can never reach (another account's payment, another
   * location's contact) is permanent; any other 401/403 is a credentials problem, retried.
   */
  permanentMessage?(status: number, detail: string): string | undefined;
  /** Values scrubbed from every message (the tokens), in case an upstream echoes them. */
  secrets: readonly string[];
}

export const DEFAULT_RATE_LIMIT_DELAY_MS = 10_000;

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * The upstream's own explanation from an error body (`message` may be a string or an array), with `secrets` redacted
 * before it is shortened (a token echoed across the cut would otherwise keep its beginning).
 */
export function describeErrorBody(body: unknown, secrets: readonly string[] = []): string {
  let text = '';
  if (typeof body === 'string') text = body;
  else if (body && typeof body === 'object') {
    const { message, error } = body as { message?: unknown; error?: unknown };
    if (Array.isArray(message)) text = message.map(String).join('; ');
    else if (typeof message === 'string') text = message;
    else if (typeof error === 'string') text = error;
  }
  return redactAndTruncate(text.replace(/\s+/g, ' ').trim(), secrets, 300, '...');
}

/**
 * The upstream's answer carried by a failed call, if it answered. axios also attaches the response when the body
 * fails to arrive after a 2xx status line (connection dropped mid-answer, broken compression): that is a network
 * failure to retry, not an answer.
 */
export function answerOf(err: unknown): AxiosResponse | undefined {
  if (!isAxiosError(err) || !err.response) return undefined;
  return err.response.status >= 200 && err.response.status < 300 ? undefined : err.response;
}

/**
 * True when axios gave up waiting: its own `timeout`, or the deadline signal every request carries (http-agent.ts),
 * which axios reports as a cancel; the signal's reason tells that cancel apart from any other.
 */
export function isTimeout(err: unknown): boolean {
  if (!isAxiosError(err) || answerOf(err)) return false;
  if (TIMEOUT_CODES.has(String(err.code))) return true;
  const reason = (err.config?.signal as AbortSignal | undefined)?.reason as { name?: unknown } | undefined;
  return err.code === 'ERR_CANCELED' && reason?.name === 'TimeoutError';
}

/**
 * Turns any failure of an outbound call into an error that carries the decision: RetryableError (network, timeout,
 * 5xx; 429 and refused credentials deferred without counting) or PermanentError (other 4xx). Never includes request headers or config.
 */
export function mapHttpError(err: unknown, policy: HttpErrorPolicy): RetryableError | PermanentError {
  if (err instanceof RetryableError || err instanceof PermanentError) return err;
  const { service, serviceName, operation } = policy;
  const clean = (text: string) => redactText(text, policy.secrets);
  if (!isAxiosError(err)) {
    return new RetryableError(clean(`${serviceName} ${operation} failed: ${(err as Error)?.message ?? String(err)}`), { service });
  }
  const response = answerOf(err);
  if (!response) {
    if (isTimeout(err)) {
      return new RetryableError(`${serviceName} ${operation} timed out after ${policy.timeoutMs}ms`, { service });
    }
    const reason = err.code ? `${err.code}` : err.message;
    return new RetryableError(clean(`${serviceName} ${operation} network error: ${reason}`), { service });
  }
  const status = response.status;
  const detail = describeErrorBody(response.data, policy.secrets);
  const suffix = detail ? `: ${detail}` : '';
  const headers = (response.headers ?? {}) as Record<string, unknown>;
  if (status === 429) {
    const delay = policy.rateLimitDelayMs(headers, policy.now) ?? DEFAULT_RATE_LIMIT_DELAY_MS;
    return new RetryableError(`${serviceName} rate limit reached on ${operation} (HTTP 429): retry in ${delay}ms`, {
      service, notBefore: policy.now + delay, countsAsAttempt: false,
    });
  }
  if (status === 403) {
    const forbidden = policy.permanentMessage?.(status, detail);
    if (forbidden) return new PermanentError(forbidden, { service });
  }
  if (status === 401 || status === 403) {
    return new RetryableError(
      `${serviceName} refused the credentials on ${operation} (HTTP ${status}${suffix}): check ${policy.credentialHint}`,
      // no retry can fix a wrong token: the event waits, not counted, until the operator fixes it (never `failed`)
      { service, countsAsAttempt: false, waitingFor: 'credentials' },
    );
  }
  if (status >= 500 || status === 408 || status === 425) {
    return new RetryableError(`${serviceName} ${operation} failed with HTTP ${status}${suffix}`, { service });
  }
  if (status >= 300 && status < 400) {
    return new RetryableError(`${serviceName} ${operation} answered an unexpected redirect (HTTP ${status}): check ${policy.urlVariable}`, { service });
  }
  const custom = policy.permanentMessage?.(status, detail);
  if (custom) return new PermanentError(custom, { service });
  return new PermanentError(`${serviceName} rejected ${operation} (HTTP ${status}${suffix})`, { service });
}

/** A credential that is not configured: the event waits (deferred, not counted) until the operator sets it. */
export function missingCredential(message: string, service: UpstreamService): RetryableError {
  return new RetryableError(`${message}; the event waits until it is set (not counted as a failure)`, { service, countsAsAttempt: false, waitingFor: 'credentials' });
}
