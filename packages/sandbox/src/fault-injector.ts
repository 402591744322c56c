import { compilePathPattern, PathPattern } from './path-pattern';

/** A queued misbehaviour: which requests it hits and how the fake answers them instead. */
export interface FaultRule {
  /** Only requests with this method (any case); all methods when omitted. */
  method?: string;
  /** A RegExp tested against the path, or a string equal to it (`:name` segments match any one segment). */
  path?: RegExp | string;
  /** Answer with this status (and `body`, or the provider's error body for the status). */
  status?: number;
  /** Answer body: strings are sent as-is (text/plain unless `headers` say otherwise), anything else as JSON. */
  body?: unknown;
  /** Extra response headers (e.g. `Retry-After`); on their own they decorate the normal answer. */
  headers?: Record<string, string>;
  /** Wait this long first; on its own the request is then handled normally. */
  delayMs?: number;
  /** Never answer (the connection stays open until the client gives up or the fake closes). */
  hang?: boolean;
  /** How many matching requests this rule hits: default 1, Infinity allowed. */
  times?: number;
  /** Answer 200 (or `status`) with truncated JSON text. */
  malformed?: boolean;
}

/** Queued fault rules, consumed in order. */
export interface FaultInjector {
  add(rule: FaultRule): void;
  clear(): void;
  /** The first rule matching the request, with its remaining `times` decremented; undefined when none. */
  take(method: string, path: string, segments: readonly string[]): FaultRule | undefined;
  /** How many rules are still queued. */
  readonly size: number;
}

interface QueuedRule {
  rule: FaultRule;
  method?: string;
  pattern?: PathPattern;
  remaining: number;
}

/** Creates an empty fault queue; with no rules queued `take` costs one length check. */
export function createFaultInjector(): FaultInjector {
  let queue: QueuedRule[] = [];
  return {
    add(rule) {
      queue.push(queueRule(rule));
    },
    clear() {
      queue = [];
    },
    take(method, path, segments) {
      if (queue.length === 0) return undefined;
      const index = queue.findIndex((q) => matchesRule(q, method, path, segments));
      if (index === -1) return undefined;
      const queued = queue[index];
      queued.remaining -= 1;
      if (queued.remaining <= 0) queue.splice(index, 1);
      return queued.rule;
    },
    get size() {
      return queue.length;
    },
  };
}

function queueRule(rule: FaultRule): QueuedRule {
  const times = rule.times ?? 1;
  if (!(times > 0) || (!Number.isInteger(times) && times !== Infinity)) {
    throw new Error(`fault rule times must be a positive whole number or Infinity, got ${String(rule.times)}`);
  }
  if (rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599)) {
    throw new Error(`fault rule status must be an HTTP status from 100 to 599, got ${String(rule.status)}`);
  }
  if (rule.delayMs !== undefined && !(rule.delayMs >= 0)) {
    throw new Error(`fault rule delayMs must be zero or more, got ${String(rule.delayMs)}`);
  }
  const copy: FaultRule = { ...rule, headers: rule.headers ? { ...rule.headers } : undefined };
  return {
    rule: copy,
    method: rule.method?.toUpperCase(),
    pattern: typeof rule.path === 'string' ? compilePathPattern(rule.path) : undefined,
    remaining: times,
  };
}

function matchesRule(q: QueuedRule, method: string, path: string, segments: readonly string[]): boolean {
  if (q.method !== undefined && q.method !== method) return false;
  const wanted = q.rule.path;
  if (wanted === undefined) return true;
  if (q.pattern) return q.pattern.match(segments) !== null;
  (wanted as RegExp).lastIndex = 0;
  return (wanted as RegExp).test(path);
}
