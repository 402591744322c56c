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
