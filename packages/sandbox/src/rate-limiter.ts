/** A request budget: `requests` per sliding window of `perMs`, and optionally a daily cap. */
export interface RateLimitOptions {
  requests: number;
  perMs: number;
  /** Requests allowed per 24 h (from the first request); only reported, never enforced, when omitted. */
  daily?: number;
}

/** The outcome of one request against the budget. */
export interface RateLimitState {
  allowed: boolean;
  remaining: number;
  dailyRemaining: number;
}

/** A sliding-window limiter: O(1) amortised per request, memory bounded by `requests`. */
export interface RateLimiter {
  readonly options: Readonly<RateLimitOptions>;
  readonly dailyLimit: number;
  /** Counts a request at `now` if the budget allows it. */
  consume(now: number): RateLimitState;
  /** The budget at `now` without counting anything. */
  peek(now: number): RateLimitState;
  reset(): void;
}

/** GoHighLevel's published daily budget per app and location. */
export const GHL_DAILY_LIMIT = 200_000;

const DAY_MS = 86_400_000;

/** Creates a limiter; throws on a budget that cannot be enforced. */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  if (!Number.isInteger(options.requests) || options.requests < 1) throw new Error(`rateLimit.requests must be a whole number >= 1, got ${options.requests}`);
  if (!(options.perMs > 0) || options.perMs === Infinity) throw new Error(`rateLimit.perMs must be a finite number > 0, got ${options.perMs}`);
  if (options.daily !== undefined && (!Number.isInteger(options.daily) || options.daily < 1)) {
    throw new Error(`rateLimit.daily must be a whole number >= 1, got ${options.daily}`);
  }
  const dailyLimit = options.daily ?? GHL_DAILY_LIMIT;
  let stamps: number[] = [];
  let head = 0;
  let dayStart = -Infinity;
  let dayUsed = 0;

  const evict = (now: number): void => {
    const oldest = now - options.perMs;
    while (head < stamps.length && stamps[head] <= oldest) head += 1;
    if (head > 1024 && head * 2 > stamps.length) {
      stamps = stamps.slice(head);
      head = 0;
    }
    if (now - dayStart >= DAY_MS) {
      dayStart = now;
      dayUsed = 0;
    }
  };
  const hasRoom = (): boolean => stamps.length - head < options.requests && (options.daily === undefined || dayUsed < options.daily);
  const state = (allowed: boolean): RateLimitState => ({
    allowed,
    remaining: options.requests - (stamps.length - head),
    dailyRemaining: Math.max(0, dailyLimit - dayUsed),
  });

  return {
    options: { ...options },
    dailyLimit,
    consume(now) {
      evict(now);
      if (!hasRoom()) return state(false);
      stamps.push(now);
      dayUsed += 1;
      return state(true);
    },
    peek(now) {
      evict(now);
      return state(hasRoom());
    },
    reset() {
      stamps = [];
      head = 0;
      dayStart = -Infinity;
      dayUsed = 0;
    },
  };
}
