import type { TimeOfDay } from '@ghl-payments/core';

/** The wall-clock parts of an instant in a time zone. */
function partsIn(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The zone's offset from UTC at an instant, in ms (e.g. −3 h for Buenos Aires). */
function offsetAt(ms: number, timeZone: string): number {
  const p = partsIn(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant a wall-clock time on a date happens in the zone (offset re-read at the result, for DST changes). */
function instantOf(year: number, month: number, day: number, time: TimeOfDay, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, time.hour, time.minute);
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

/** The latest time the digest was due at or before `now`: today's DIGEST_TIME in the zone, or yesterday's. */
export function latestDigestTime(now: number, time: TimeOfDay, timeZone: string): number {
  const today = partsIn(now, timeZone);
  const at = instantOf(today.year, today.month, today.day, time, timeZone);
  if (at <= now) return at;
  const yesterday = partsIn(at - 24 * 3_600_000, timeZone);
  return instantOf(yesterday.year, yesterday.month, yesterday.day, time, timeZone);
}
