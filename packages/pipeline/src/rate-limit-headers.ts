type HeaderBag = Record<string, unknown> | undefined;

/** Reads one response header case-insensitively as a string. */
export function readHeader(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower) continue;
    if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}

function readNonNegative(headers: HeaderBag, name: string): number | undefined {
  const raw = readHeader(headers, name)?.trim();
  if (!raw || !/^\d+(\.\d+)?$/.test(raw)) return undefined;
  return Number(raw);
}

/** `Retry-After` in milliseconds: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function readRetryAfterMs(headers: HeaderBag, now: number): number | undefined {
  const raw = readHeader(headers, 'retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** GHL's rate-limit headers, each undefined when absent. */
export interface GhlRateLimitHeaders {
  max?: number;
  remaining?: number;
  intervalMs?: number;
  dailyRemaining?: number;
}

/** Reads X-RateLimit-Max / -Remaining / -Interval-Milliseconds / -Daily-Remaining. */
export function readGhlRateLimitHeaders(headers: HeaderBag): GhlRateLimitHeaders {
  return {
    max: readNonNegative(headers, 'x-ratelimit-max'),
    remaining: readNonNegative(headers, 'x-ratelimit-remaining'),
    intervalMs: readNonNegative(headers, 'x-ratelimit-interval-milliseconds'),
    dailyRemaining: readNonNegative(headers, 'x-ratelimit-daily-remaining'),
  };
}

/** How long to pause when GHL says the daily budget is spent without saying until when: check again in an hour. */
export const DAILY_LIMIT_PAUSE_MS = 60 * 60 * 1000;
/** A pause at least this long is GHL's daily limit even without `X-RateLimit-Daily-Remaining: 0` (e.g. `Retry-After: 86400`). */
export const DAILY_LIMIT_MIN_PAUSE_MS = 60 * 60 * 1000;

/** How long GoHighLevel asks us to wait, and whether it is the daily limit. */
export interface GhlPause {
  ms: number;
  daily: boolean;
}

/**
 * The pause an answer asks for, or undefined when its headers name none. When several headers say how long, the
 * longest wins: `Retry-After: 60` with `X-RateLimit-Interval-Milliseconds: 10000` means 60 s, not 10 s. A spent
 * daily budget without `Retry-After` pauses for DAILY_LIMIT_PAUSE_MS (then one call finds out whether it reset).
 */
export function readGhlPause(headers: HeaderBag, now: number): GhlPause | undefined {
  const limits = readGhlRateLimitHeaders(headers);
  const retryAfterMs = readRetryAfterMs(headers, now);
  const dailySpent = limits.dailyRemaining === 0;
  const candidates = [limits.intervalMs, retryAfterMs, dailySpent && retryAfterMs === undefined ? DAILY_LIMIT_PAUSE_MS : undefined]
    .filter((ms): ms is number => ms !== undefined);
  if (candidates.length === 0) return undefined;
  const ms = Math.max(...candidates);
  return { ms, daily: dailySpent || ms >= DAILY_LIMIT_MIN_PAUSE_MS };
}
