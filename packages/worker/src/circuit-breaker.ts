import type { CircuitBreakerSettings } from '@ghl-payments/core';

/** closed: calls flow; open: the upstream is considered down; half-open: one probe event may test it. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** One finished outbound call, as HttpHooks.onCall reports it. */
export interface CallOutcome {
  service: string;
  status: number | 'timeout' | 'network-error';
  /** What the call was about (route + id, e.g. `GET /v1/payments/123`); a call without one counts as its own resource. */
  resource?: string;
  /** `host`: the request never reached the upstream (refused, reset, DNS, TLS): a failure of the host, not the resource. */
  scope?: 'host' | 'request';
  /** The account whose credentials made the call: each account has circuits of its own (docs/agencies.md). */
  account?: string;
}

/** The circuit of a service for an account: `ghl` for the environment-configured shop, `ghl@acme` for account acme. */
export function circuitKey(service: string, account?: string): string {
  return account && account !== 'default' ? `${service}@${account}` : service;
}

/** The account a circuit key belongs to (`default` for the environment-configured shop). */
const accountOfKey = (key: string): string => (key.includes('@') ? key.slice(key.indexOf('@') + 1) : 'default');

/** How many DISTINCT resources the failures must span before they look like an outage (capped by the threshold). */
export const MIN_DISTINCT_RESOURCES = 3;
/** Failures older than this are forgotten: only recent failures make an outage. */
export const FAILURE_WINDOW_MS = 60_000;

export interface CircuitChange {
  service: string;
  from: CircuitState;
  to: CircuitState;
  /** When the circuit lets a probe through (epoch ms); set when `to` is `open`. */
  until?: number;
  /** The consecutive failures that opened it, or the failed probe. */
  failures?: number;
  /** How many distinct resources those failures were about. */
  resources?: number;
}

export interface CircuitBreakerOptions extends CircuitBreakerSettings {
  now: () => number;
  /** Called on every state change (logging, metrics); must not throw. */
  onChange?(change: CircuitChange): void;
}

/**
 * One circuit per upstream, fed with every outbound call. Network errors, timeouts and 5xx answers are failures;
 * any other answer proves the upstream is up (429 changes nothing: it is alive but busy, the rate limiter handles it).
 *
 * A circuit opens for an outage, not for a few resources that fail on their own: it takes `threshold` failures in a
 * row (no success between them, none older than FAILURE_WINDOW_MS) about at least min(threshold,
 * MIN_DISTINCT_RESOURCES) distinct resources. Host-level failures (the request never reached the upstream) each count
 * as a distinct resource. So two poison payments that always fail never open it, however often they are retried.
 */
export interface CircuitBreaker {
  /** Feeds one call's outcome (wire it to HttpHooks.onCall). */
  recordCall(call: CallOutcome): void;
  state(service: string): CircuitState;
  /** True while the service's circuit is open or half-open: a failure on it is the outage, not the event. */
  isTripped(service: string): boolean;
  /** When the service's open circuit lets a probe through (epoch ms); null when not open. */
  openUntil(service: string): number | null;
  /**
   * How many more events may start with `inFlight` running: 0 while a circuit of the environment-configured shop is
   * open, 1 probe at a time half-open. Stored accounts' circuits never stop the others: see blockedAccounts.
   */
  admits(inFlight: number): number;
  /** Accounts whose events must not be claimed now: a circuit open, or half-open with a probe already running. */
  blockedAccounts(inFlightOf: (account: string) => number): string[];
  /** The services whose circuit is not closed, with their state. */
  tripped(): Array<{ service: string; state: CircuitState; until: number | null }>;
  /**
   * True once after a half-open probe failed on the service (and reopened it): that failure belongs to the probe's
   * event and counts toward its retry schedule, so an event that always fails still ends `failed`.
   */
  takeProbeFailure(service: string): boolean;
}

interface Circuit {
  state: CircuitState;
  /** Failures since the last success, oldest first (pruned to FAILURE_WINDOW_MS). */
  failures: Array<{ at: number; resource: string }>;
  /** A half-open probe failed and its event has not been told yet. */
  probeFailed: boolean;
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
  const minDistinct = Math.min(threshold, MIN_DISTINCT_RESOURCES);
  const circuits = new Map<string, Circuit>();
  let anonymous = 0;

  const circuitOf = (service: string): Circuit => {
    let c = circuits.get(service);
    if (!c) {
      c = { state: 'closed', failures: [], probeFailed: false, opened: 0, until: 0 };
      circuits.set(service, c);
    }
    return c;
  };

  const move = (service: string, c: Circuit, to: CircuitState, failures?: number, resources?: number): void => {
    const from = c.state;
    if (from === to) return;
    c.state = to;
    if (to !== 'open') c.probeFailed = false;
    try {
      options.onChange?.({ service, from, to, ...(to === 'open' ? { until: c.until, failures, ...(resources !== undefined ? { resources } : {}) } : {}) });
    } catch {
      // observers must never affect processing
    }
  };

  /** Lazily turns an open circuit whose cooldown is over into half-open. */
  const refresh = (service: string, c: Circuit): Circuit => {
    if (c.state === 'open' && now() >= c.until) move(service, c, 'half-open');
    return c;
  };

  const open = (service: string, c: Circuit, failures: number, resources: number): void => {
    const cooldown = Math.min(cooldownMs * 2 ** c.opened, maxCooldownMs);
    c.opened += 1;
    c.until = now() + cooldown;
    c.failures = [];
    move(service, c, 'open', failures, resources);
  };

  return {
    recordCall({ service: upstream, status, resource, scope, account }) {
      const service = circuitKey(upstream, account);
      const c = refresh(service, circuitOf(service));
      if (status === 429) return;
      if (!isOutage(status)) {
        c.failures = [];
        c.opened = 0;
        move(service, c, 'closed');
        return;
      }
      if (c.state === 'open') return; // stragglers started before it opened
      if (c.state === 'half-open') {
        open(service, c, 1, 1);
        c.probeFailed = true;
        return;
      }
      const at = now();
      anonymous += 1;
      // a host-level failure, or a call that does not say what it was about, is its own resource
      const key = scope === 'host' || !resource ? `\u0000${anonymous}` : resource;
      c.failures = c.failures.filter((f) => f.at > at - FAILURE_WINDOW_MS);
      c.failures.push({ at, resource: key });
      if (c.failures.length < threshold) return;
      const distinct = new Set(c.failures.map((f) => f.resource)).size;
      if (distinct >= minDistinct) open(service, c, c.failures.length, distinct);
      else if (c.failures.length > threshold * 4) c.failures.shift(); // a few poison resources: keep memory bounded
    },
    takeProbeFailure(service) {
      const c = circuits.get(service);
      if (!c?.probeFailed) return false;
      c.probeFailed = false;
      return true;
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
        if (service.includes('@')) continue;
        const state = refresh(service, c).state;
        if (state === 'open') return 0;
        if (state === 'half-open') halfOpen = true;
      }
      if (!halfOpen) return Infinity;
      return inFlight === 0 ? 1 : 0;
    },
    blockedAccounts(inFlightOf) {
      const blocked = new Set<string>();
      for (const [service, c] of circuits) {
        const state = refresh(service, c).state;
        const account = accountOfKey(service);
        if (state === 'open' || (state === 'half-open' && inFlightOf(account) > 0)) blocked.add(account);
      }
      return [...blocked];
    },
    tripped() {
      return [...circuits].map(([service, c]) => ({ service, state: refresh(service, c).state, until: c.state === 'open' ? c.until : null }))
        .filter((t) => t.state !== 'closed');
    },
  };
}
