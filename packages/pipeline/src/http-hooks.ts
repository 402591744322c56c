/** The upstreams the pipeline calls. */
export type UpstreamService = 'mercadopago' | 'ghl';

/** One finished outbound call: `status` is the HTTP status, or why there was none. */
export interface UpstreamCall {
  service: UpstreamService;
  /** e.g. `GET /v1/payments/:id` (ids left out, so it is a bounded metric label). */
  operation: string;
  status: number | 'timeout' | 'network-error';
  durationMs: number;
}

/** The client-side rate limiter held a call back (`waited`) or gave up and deferred the event (`deferred`). */
export interface RateLimitWait {
  service: UpstreamService;
  kind: 'waited' | 'deferred';
  /** How long the call waited, or how long the event is deferred. */
  ms: number;
}

/** Callbacks a worker can feed into metrics (e.g. Prometheus). They must not throw; errors are swallowed anyway. */
export interface HttpHooks {
  onCall?(call: UpstreamCall): void;
  onRateLimitWait?(wait: RateLimitWait): void;
}

/** Calls a hook without letting a metrics bug break processing. */
export function notifyHook<K extends keyof HttpHooks>(hooks: HttpHooks | undefined, name: K, arg: Parameters<NonNullable<HttpHooks[K]>>[0]): void {
  try {
    (hooks?.[name] as ((a: typeof arg) => void) | undefined)?.(arg);
  } catch {
    // metrics must never affect processing
  }
}
