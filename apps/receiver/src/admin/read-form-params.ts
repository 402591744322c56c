/**
 * Picks the named parameters from a parsed query string or form body, as trimmed strings; everything else is ignored
 * (the dashboard's own links and forms add `_csrf`, notices and the like). A repeated `status` is joined with commas.
 */
export function readFormParams<K extends string>(source: unknown, names: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  if (!source || typeof source !== 'object') return out;
  const record = source as Record<string, unknown>;
  for (const name of names) {
    if (!Object.hasOwn(record, name)) continue;
    const value = record[name];
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    const text = (name === 'status' ? values.join(',') : values[0] ?? '').trim().slice(0, 1000);
    if (text !== '') out[name] = text;
  }
  return out;
}
