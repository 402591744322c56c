import type { RateLimit } from '@ghl-payments/core';
import type { HttpHooks, UpstreamService } from './http-hooks';
import { deferCall, reportWaited } from './limiter-wait-reports';
import { createUpstreamHold, UpstreamHold } from './upstream-hold';

/** Time source of the limiter; tests inject a manual clock instead of sleeping. */
export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface RateLimiterOptions {
  /** Requests allowed per sliding window; null = no client-side limit (holds still apply). */
  limit: RateLimit | null;
  /** Longest one call may wait; beyond it acquire() throws a deferral instead of blocking the task. */
  maxWaitMs: number;
  clock: LimiterClock;
  service: UpstreamService;
  hooks?: HttpHooks;
}

/** A sliding-window limiter shared by every concurrent task of one process, plus upstream-imposed holds. */
export interface RateLimiter extends UpstreamHold {
  /** Resolves when a call may be sent (waiting if needed); throws a RetryableError (not counted) when the wait would exceed maxWaitMs. */
  acquire(): Promise<void>;
}

/** The real clock: Date.now and an unref'd timer. */
export const systemClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => { setTimeout(resolve, ms).unref?.(); }),
};

/**
 * Creates the limiter. Each caller reserves the earliest slot that keeps at most `requests` grants in any window of
 * `perMs` (slots are handed out in arrival order), then sleeps until it. A hold set while sleeping moves the caller on.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { limit, maxWaitMs, clock, service, hooks } = options;
  const grants: number[] = []; // non-decreasing epoch ms of granted (or reserved) slots
  const hold = createUpstreamHold();
  const reporter = { service, hooks, limiterName: 'client-side rate limit' };

  const prune = (now: number) => {
    if (!limit) return;
    while (grants.length > 0 && grants[0] <= now - limit.perMs) grants.shift();
  };

  const nextSlot = (now: number): number => {
    let slot = Math.max(now, hold.heldUntil());
    if (limit && grants.length > 0) {
      slot = Math.max(slot, grants[grants.length - 1]);
      if (grants.length >= limit.requests) slot = Math.max(slot, grants[grants.length - limit.requests] + limit.perMs);
    }
    return slot;
  };

  return {
    async acquire() {
      const started = clock.now();
      for (;;) {
        const now = clock.now();
        prune(now);
        const slot = nextSlot(now);
        if (slot - now > maxWaitMs) throw deferCall(reporter, slot, now);
        if (limit) grants.push(slot);
        if (slot > now) await clock.sleep(slot - now);
        if (hold.heldUntil() > clock.now()) { // the upstream asked for a pause while we slept: give the slot back and start over
          const index = grants.lastIndexOf(slot);
          if (limit && index >= 0) grants.splice(index, 1);
          continue;
        }
        reportWaited(reporter, clock.now() - started);
        return;
      }
    },
    holdUntil: hold.holdUntil,
    heldUntil: hold.heldUntil,
  };
}
