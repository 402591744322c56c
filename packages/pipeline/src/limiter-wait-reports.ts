import { RetryableError } from '@ghl-payments/core';
import { HttpHooks, notifyHook, UpstreamService } from './http-hooks';

/** Who reports: the limiter's service, its hooks, and its name as operators read it in errors. */
export interface LimiterReporter {
  service: UpstreamService;
  hooks?: HttpHooks;
  /** e.g. `client-side rate limit`, `shared rate limit`. */
  limiterName: string;
}

/** Reports a call that waited for its slot; a call sent at once reports nothing. */
export function reportWaited(reporter: LimiterReporter, waitedMs: number): void {
  if (waitedMs > 0) notifyHook(reporter.hooks, 'onRateLimitWait', { service: reporter.service, kind: 'waited', ms: waitedMs });
}

/**
 * Reports a call that would wait too long and returns the error that defers its event until `notBefore`, not counted
 * as an attempt (the event did nothing wrong).
 */
export function deferCall(reporter: LimiterReporter, notBefore: number, now: number): RetryableError {
  const { service, hooks, limiterName } = reporter;
  notifyHook(hooks, 'onRateLimitWait', { service, kind: 'deferred', ms: notBefore - now });
  return new RetryableError(`${service} ${limiterName}: no request slot for ${notBefore - now}ms, event deferred`, {
    service, notBefore, countsAsAttempt: false,
  });
}
