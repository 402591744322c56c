/**
 * Flattens a parsed query string into string values: a repeated key keeps its first value,
 * anything that is not a string (nested objects from other parsers) is dropped.
 */
export function flattenQuery(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!query || typeof query !== 'object') return out;
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}
