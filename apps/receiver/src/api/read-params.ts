import { QueryError } from './query-error';

/** Parameters that may be given several times (their values are joined with commas). */
const LIST_PARAMS = new Set(['status']);
const MAX_VALUE_CHARS = 1000;

/**
 * Flattens a parsed query string into one string per parameter. Unknown parameters are refused (a typo must not
 * widen a bulk retry), as are repeated ones (except list parameters such as `status`) and oversized values.
 */
export function readParams(query: unknown, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!query || typeof query !== 'object') return out;
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (!allowed.includes(key)) throw new QueryError(safeName(key), `unknown parameter (expected one of ${allowed.join(', ')})`);
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v !== 'string')) throw new QueryError(key, 'must be text');
    if (values.length > 1 && !LIST_PARAMS.has(key)) throw new QueryError(key, 'given more than once');
    const joined = (values as string[]).join(',');
    if (joined.length > MAX_VALUE_CHARS) throw new QueryError(key, `longer than ${MAX_VALUE_CHARS} characters`);
    out[key] = joined;
  }
  return out;
}

/** A parameter name fit to echo back in an error: printable, short. */
function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 40);
  return cleaned === '' ? '(unnamed)' : cleaned;
}
