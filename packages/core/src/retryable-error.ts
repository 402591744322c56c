export interface RetryableErrorOptions {
  /** Epoch milliseconds before which the event must not be tried again (e.g. from Retry-After). */
  notBefore?: number;
  /** False when the upstream asked us to wait (rate limit): the attempt does not count toward `failed`. */
  countsAsAttempt?: boolean;
  /** Which upstream failed, for metrics and the circuit breaker. */
  service?: string;
  /** What the event waits for when no retry can help by itself: `credentials` (missing or refused by the upstream). */
  waitingFor?: 'credentials';
  cause?: unknown;
}

/** A failure worth trying again later: network errors, timeouts, 5xx, 429, missing credentials. */
export class RetryableError extends Error {
  readonly notBefore?: number;
  readonly countsAsAttempt: boolean;
  readonly service?: string;
  readonly waitingFor?: 'credentials';

  constructor(message: string, options: RetryableErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RetryableError';
    this.notBefore = options.notBefore;
    this.countsAsAttempt = options.countsAsAttempt ?? true;
    this.service = options.service;
    this.waitingFor = options.waitingFor;
  }
}
