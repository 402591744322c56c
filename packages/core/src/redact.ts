const SECRET_KEY = /(authorization|token|secret|password|signature|cookie|api[-_]?key)/i;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s]+:)[^@/\s]+@/gi;

/**
 * Replaces every known secret value and bearer token in a string. Runs on every field of every log line, so each
 * pattern is first looked for with a plain `includes` (the common case: nothing to replace, nothing allocated).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join('[REDACTED]');
  if (out.includes('Bearer')) out = out.replace(BEARER, '$1[REDACTED]');
  if (out.includes('@') && out.includes('://')) out = out.replace(URL_PASSWORD, '$1[REDACTED]@');
  return out;
}

/**
 * Redacts, then shortens to at most `max` characters (`marker` included). The order matters: cutting first could
 * split a secret so that its beginning no longer matches the value to redact and would be kept.
 */
export function redactAndTruncate(text: string, secrets: readonly string[], max: number, marker = '…'): string {
  const clean = redactText(text, secrets);
  return clean.length > max ? `${clean.slice(0, Math.max(0, max - marker.length))}${marker}` : clean;
}

/** Deep-copies a value, redacting secret-looking keys and every known secret value. */
export function redactValue<T>(value: T, secrets: readonly string[], depth = 0): T {
  if (depth > 8) return value;
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1)) as T;
  if (value instanceof Error) return redactText(value.message, secrets) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) && v !== undefined && v !== null && v !== '' ? '[REDACTED]' : redactValue(v, secrets, depth + 1);
    }
    return out as T;
  }
  return value;
}
