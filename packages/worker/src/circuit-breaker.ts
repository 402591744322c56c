import type { CircuitBreakerSettings } from '@ghl-payments/core';

/** closed: calls flow; open: the upstream is considered down; half-open: one probe event may test it. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** One finished outbound call, as HttpHooks.onCall reports it. */
export interface CallOutcome {
  service: string;
  status: number | 'timeout' | 'network-error';
}

export interface CircuitChange {
  service: string;
  from: CircuitState;
  to: CircuitState;
  /** When the circuit lets a probe through (epoch ms); set when `to` is `open`. */
  until?: number;
  /** The consecutive failures that opened it, or the failed probe. */
  failures?: number;
}

export interface CircuitBreakerOptions extends CircuitBreakerSettings {
  now: () => number;
  /** Called on every state change (logging, metrics); must not throw. */
  onChange?(change: CircuitChange): void;
}

/**
 * One circuit per upstream, fed with every outbound call. Network errors, timeouts and 5xx answers are failures;
 * any other answer proves the upstream is up (429 changes nothing: it is alive but busy, the rate limiter handles it).
 */
export interface CircuitBreaker {
  /** Feeds one call's outcome (wire it to HttpHooks.onCall). */
  recordCall(call: CallOutcome): void;
  state(service: string): CircuitState;
  /** True while the service's circuit is open or half-open: a failure on it is the outage, not the event. */
  isTripped(service: string): boolean;
  /** When the service's open circuit lets a probe through (epoch ms); null when not open. */
  openUntil(service: string): number | null;
  /** How many more events may start with `inFlight` running: 0 while a circuit is open, 1 probe at a time half-open. */
  admits(inFlight: number): number;
  /** The services whose circuit is not closed, with their state. */
  tripped(): Array<{ service: string; state: CircuitState; until: number | null }>;
}

interface Circuit {
  state: CircuitState;
  failures: number;
  /** How many times in a row it opened (the cooldown doubles each time). */
  opened: number;
  until: number;
}

/** True for the outcomes that mean the upstream itself is unavailable. */
export function isOutage(status: CallOutcome['status']): boolean {
  return status === 'timeout' || status === 'network-error' || status >= 500;
}

/** Creates the breaker. State is per process and in memory: a restarted worker starts closed. */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { threshold, cooldownMs, maxCooldownMs, now } = options;
  const circuits = new Map<string, Circuit>();

  const circuitOf = (service: string): Circuit => {
    let c = circuits.get(service);
    if (!c) {
      c = { state: 'closed', failures: 0, opened: 0, until: 0 };
      circuits.set(service, c);
    }
    return c;
  };

  const move = (service: string, c: Circuit, to: CircuitState, failures?: number): void => {
    const from = c.state;
    if (from === to) return;
    c.state = to;
    try {
      options.onChange?.({ service, from, to, ...(to === 'open' ? { until: c.until, failures } : {}) });
    } catch {
      // observers must never affect processing
    }
  };

  /** Lazily turns an open circuit whose cooldown is over into half-open. */
  const refresh = (service: string, c: Circuit): Circuit => {
    if (c.state === 'open' && now() >= c.until) move(service, c, 'half-open');
    return c;
  };

  const open = (service: string, c: Circuit, failures: number): void => {
    const cooldown = Math.min(cooldownMs * 2 ** c.opened, maxCooldownMs);
    c.opened += 1;
    c.until = now() + cooldown;
    c.failures = 0;
    move(service, c, 'open', failures);
  };

  return {
    recordCall({ service, status }) {
      const c = refresh(service, circuitOf(service));
      if (status === 429) return;
      if (!isOutage(status)) {
        c.failures = 0;
        c.opened = 0;
        move(service, c, 'closed');
        return;
      }
      if (c.state === 'open') return; // stragglers started before it opened
      if (c.state === 'half-open') {
        open(service, c, 1);
        return;
      }
      c.failures += 1;
      if (c.failures >= threshold) open(service, c, c.failures);
    },
    state: (service) => refresh(service, circuitOf(service)).state,
    isTripped: (service) => refresh(service, circuitOf(service)).state !== 'closed',
    openUntil(service) {
      const c = refresh(service, circuitOf(service));
      return c.state === 'open' ? c.until : null;
    },
    admits(inFlight) {
      let halfOpen = false;
      for (const [service, c] of circuits) {
        const state = refresh(service, c).state;
        if (state === 'open') return 0;
        if (state === 'half-open') halfOpen = true;
      }
      if (!halfOpen) return Infinity;
      return inFlight === 0 ? 1 : 0;
    },
    tripped() {
      return [...circuits].map(([service, c]) => ({ service, state: refresh(service, c).state, until: c.state === 'open' ? c.until : null }))
        .filter((t) => t.state !== 'closed');
    },
  };
}
