import type { HttpHooks, UpstreamPauseNotice, UpstreamService } from './http-hooks';

/** In-memory counters fed by HttpHooks: calls by service and status, rate-limit waits. For `doctor`, tests and logs. */
export interface CallCounters {
  hooks: Required<HttpHooks>;
  /** `calls['ghl']['201']` = number of GHL calls answered 201 (`timeout` / `network-error` for no answer). */
  calls: Record<UpstreamService, Record<string, number>>;
  rateLimitWaits: Record<UpstreamService, { waited: number; deferred: number; waitedMs: number }>;
  /** Every long pause an upstream asked for (daily limit), in order. */
  pauses: UpstreamPauseNotice[];
}

/** Creates zeroed counters and the hooks that update them. */
export function createCallCounters(): CallCounters {
  const calls: CallCounters['calls'] = { mercadopago: {}, ghl: {} };
  const zero = () => ({ waited: 0, deferred: 0, waitedMs: 0 });
  const rateLimitWaits: CallCounters['rateLimitWaits'] = { mercadopago: zero(), ghl: zero() };
  const pauses: UpstreamPauseNotice[] = [];
  return {
    calls,
    rateLimitWaits,
    pauses,
    hooks: {
      onCall(call) {
        const key = String(call.status);
        calls[call.service][key] = (calls[call.service][key] ?? 0) + 1;
      },
      onRateLimitWait(wait) {
        const entry = rateLimitWaits[wait.service];
        entry[wait.kind] += 1;
        if (wait.kind === 'waited') entry.waitedMs += wait.ms;
      },
      onUpstreamPause(pause) {
        pauses.push({ ...pause });
      },
    },
  };
}
