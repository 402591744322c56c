import { RetryableError } from '@ghl-payments/core';
import type { RateLimit } from '@ghl-payments/core';
import type { BudgetSlot, BudgetSlotRequest } from '@ghl-payments/store';
import type { HttpHooks, UpstreamService } from './http-hooks';
import { deferCall, reportWaited } from './limiter-wait-reports';
import type { LimiterClock, RateLimiter } from './rate-limiter';
import { createUpstreamHold } from './upstream-hold';

/** Where the budget shared by every process lives: the Store (`takeBudgetSlot`), or a stand-in in tests. */
export interface SharedBudget {
  takeBudgetSlot(request: BudgetSlotRequest): Promise<BudgetSlot>;
}

export interface SharedRateLimiterOptions {
  budget: SharedBudget;
  /** Whose budget: GoHighLevel counts per location, whichever process calls. */
  key: string;
  limit: RateLimit;
  /** Longest one call may wait; beyond it acquire() throws a deferral instead of blocking the task. */
  maxWaitMs: number;
  clock: LimiterClock;
  service: UpstreamService;
  hooks?: HttpHooks;
  /** Added to the window (default: sharedBudgetMarginMs(limit.perMs)). */
  marginMs?: number;
}

/**
 * The safety margin added to the window the shared budget enforces. GoHighLevel counts requests as they *arrive*;
 * a grant is recorded at the time its process asked for it, on that host's clock, and the request then still has to
 * leave the process and cross the network. Two grants a window apart arrive less than a window apart when the first
 * request was delayed more than the second: a longer wait for the database lock, a blocked event loop (on SQLite a
 * statement waiting for another process's write lock blocks its whole process; docs/benchmarks.md, "GHL budget"), a
 * slower connection, clocks that disagree. Then 101 arrivals can land in GoHighLevel's 10 s.
 * Enforcing `requests` per `perMs + margin` absorbs up to `margin` of such difference. Enforcing `requests - 1`
 * instead would not: a delayed burst shifts every one of its requests, and only time absorbs time.
 * 500 ms at 100/10s costs 4.8 % of the budget (95.2 % usable); windows under 10 s (tests, scaled benchmarks) get 5 %
 * of the window, so the same share stays usable.
 */
export function sharedBudgetMarginMs(perMs: number): number {
  return Math.min(500, Math.round(perMs * 0.05));
}

/**
 * A limiter whose window lives in the database (`takeBudgetSlot`), so every worker process on every host draws on one
 * budget per location. A call takes a slot just before it is sent; a refused call sleeps until the instant the
 * database named (`retryAt`) and tries again. Within a process one call at a time asks the database, and none asks
 * before the last known `retryAt`, so waiting calls do not stampede the database each time a slot frees. Holds set
 * from GoHighLevel's headers (`holdUntil`) stay per process, as with the in-process limiter. A call that would wait
 * beyond `maxWaitMs` in all is deferred (not counted as an attempt), and so is one whose slot cannot be taken because
 * the database is unreachable: the event waits, it did nothing wrong.
 */
export function createSharedRateLimiter(options: SharedRateLimiterOptions): RateLimiter {
  const { budget, key, limit, maxWaitMs, clock, service, hooks } = options;
  const windowMs = limit.perMs + (options.marginMs ?? sharedBudgetMarginMs(limit.perMs));
  const hold = createUpstreamHold();
  const reporter = { service, hooks, limiterName: 'shared rate limit' };
  /** No slot frees before this (the last refusal's retryAt: grants are only ever added until they expire). */
  let freeAt = 0;
  let gate: Promise<unknown> = Promise.resolve();

  /** Runs `fn` once the previous caller's turn has ended: one database request per process at a time. */
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const turn = gate.then(fn);
    gate = turn.catch(() => undefined);
    return turn;
  };

  /** True when a slot was granted; false when it is not time yet (freeAt or hold moved on). */
  const tryTake = async (): Promise<boolean> => {
    const now = clock.now();
    if (now < Math.max(hold.heldUntil(), freeAt)) return false; // another call of this process learned it meanwhile
    let slot: BudgetSlot;
    try {
      slot = await budget.takeBudgetSlot({ locationId: key, requests: limit.requests, perMs: windowMs, now });
    } catch (err) {
      throw new RetryableError(`${service} shared request budget unavailable (${(err as Error).message}); event deferred, not counted as a failure`, {
        countsAsAttempt: false, cause: err,
      });
    }
    if (slot.granted) return true;
    freeAt = Math.max(freeAt, slot.retryAt);
    return false;
  };

  return {
    async acquire() {
      const started = clock.now();
      for (;;) {
        const now = clock.now();
        const target = Math.max(now, hold.heldUntil(), freeAt);
        if (target - started > maxWaitMs) throw deferCall(reporter, target, now);
        if (target > now) {
          await clock.sleep(target - now);
          continue;
        }
        if (await inTurn(tryTake)) {
          reportWaited(reporter, clock.now() - started);
          return;
        }
      }
    },
    holdUntil: hold.holdUntil,
    heldUntil: hold.heldUntil,
  };
}
