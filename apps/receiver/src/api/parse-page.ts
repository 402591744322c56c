import type { PageRequest } from '@ghl-payments/store';
import { QueryError } from './query-error';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const MAX_OFFSET = 1_000_000_000;

/** Reads a whole number parameter within bounds; undefined when absent or empty. */
export function parseWholeNumber(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  if (!/^\d{1,12}$/.test(text)) throw new QueryError(name, `must be a whole number from ${min} to ${max}`);
  const n = Number(text);
  if (n < min || n > max) throw new QueryError(name, `must be a whole number from ${min} to ${max}`);
  return n;
}

/** `limit` (default 50, at most 500) and `offset` (default 0). */
export function parsePage(params: Record<string, string | undefined>): PageRequest {
  return {
    limit: parseWholeNumber('limit', params.limit, 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
    offset: parseWholeNumber('offset', params.offset, 0, MAX_OFFSET) ?? 0,
  };
}

/** A path id: a positive whole number. */
export function parseId(raw: string | undefined, name = 'id'): number {
  const id = parseWholeNumber(name, raw, 1, 2_147_483_647);
  if (id === undefined) throw new QueryError(name, 'must be a positive whole number');
  return id;
}
