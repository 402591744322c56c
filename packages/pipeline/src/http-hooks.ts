/** The upstreams the pipeline calls. */
export type UpstreamService = 'mercadopago' | 'ghl';

/** One finished outbound call: `status` is the HTTP status, or why there was none. */
export interface UpstreamCall {
  service: UpstreamService;
  /** e.g. `GET /v1/payments/:id` (ids left out, so it is a bounded metric label). */
  operation: string;
  status: number | 'timeout' | 'network-error';
  durationMs: number;
  /**
   * Which resource the call was about: the operation with its ids (`GET /v1/payments/123`; a contact upsert names a
   * hash of the email). Lets the circuit breaker tell an outage (many resources fail) from a few resources that fail
   * on their own. Not a metric label: unbounded.
   */
  resource?: string;
  /**
   * `host` when no request reached the upstream (connection refused, DNS, TLS, reset, unreachable network): the
   * failure says nothing about the resource, only about the host as a whole.
   */
  scope?: 'host' | 'request';
  /** The account whose credentials made the call (docs/agencies.md); absent for the environment-configured shop. */
  account?: string;
}

/** The client-side rate limiter held a call back (`waited`) or gave up and deferred the event (`deferred`). */
export interface RateLimitWait {
  service: UpstreamService;
  kind: 'waited' | 'deferred';
  /** How long the call waited, or how long the event is deferred. */
  ms: number;
}

/**
 * The upstream asked for a long pause (e.g. GoHighLevel's daily limit is spent): nothing should call it before
 * `until`. Reported once per new pause by the client that received the answer.
 */
export interface UpstreamPauseNotice {
  service: UpstreamService;
  /** Epoch ms before which the upstream must not be called. */
  until: number;
  /** For operators: why, e.g. `daily GoHighLevel limit reached (HTTP 429, Retry-After 86400 s)`. */
  reason: string;
  /** True when the upstream's daily budget is spent (as opposed to another long Retry-After). */
  daily: boolean;
}

/** Callbacks a worker can feed into metrics (e.g. Prometheus). They must not throw; errors are swallowed anyway. */
export interface HttpHooks {
  onCall?(call: UpstreamCall): void;
  onRateLimitWait?(wait: RateLimitWait): void;
  /** A long pause started (alerts, the shared pause record); see UpstreamPauseNotice. */
  onUpstreamPause?(pause: UpstreamPauseNotice): void;
}

/** Calls a hook without letting a metrics bug break processing. */
export function notifyHook<K extends keyof HttpHooks>(hooks: HttpHooks | undefined, name: K, arg: Parameters<NonNullable<HttpHooks[K]>>[0]): void {
  try {
    (hooks?.[name] as ((a: typeof arg) => void) | undefined)?.(arg);
  } catch {
    // metrics must never affect processing
  }
}

/**
 * The hooks of one account's clients: every call is reported with its account (its own circuit, its own metrics
 * label). A long pause one account's GoHighLevel asks for holds that account's client only, so it is not recorded
 * as the deployment's pause.
 */
export function hooksForAccount(hooks: HttpHooks | undefined, account: string): HttpHooks | undefined {
  if (!hooks) return undefined;
  return {
    onCall: (call) => notifyHook(hooks, 'onCall', { ...call, account }),
    onRateLimitWait: (wait) => notifyHook(hooks, 'onRateLimitWait', wait),
  };
}
