import { parseDuration } from '@ghl-payments/core';
import { QueryError } from './query-error';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(3000, 0, 1);

/**
 * Reads a point in time: an ISO 8601 date or date-time (UTC unless it carries an offset), epoch milliseconds, or a
 * duration meaning "that long ago" (`15m`, `2h`, `7d`). A bare date used as an upper bound means the end of that day.
 */
export function parseTime(name: string, raw: string | undefined, now: number, bound: 'start' | 'end'): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  let value: number;
  if (/^\d{9,16}$/.test(text)) value = Number(text);
  else if (/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/i.test(text)) value = now - parseDuration(text);
  else if (DATE_ONLY.test(text)) value = Date.parse(`${text}T00:00:00Z`) + (bound === 'end' ? DAY_MS : 0);
  else if (DATE_TIME.test(text)) value = Date.parse(HAS_ZONE.test(text) ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
  else value = Number.NaN;
  if (!Number.isFinite(value) || value < MIN_TIME || value > MAX_TIME) {
    throw new QueryError(name, 'must be an ISO 8601 date or date-time (e.g. 2026-11-30 or 2026-11-30T14:00:00Z), epoch milliseconds, or a duration ago such as 2h');
  }
  return value;
}
