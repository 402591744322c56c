/** Request headers worth keeping with an event. Never authorization or cookie. */
export const STORED_HEADERS = ['x-request-id', 'x-signature', 'x-retry', 'x-socket-timeout', 'user-agent', 'content-type'] as const;

const MAX_HEADER_CHARS = 512;
const STORED: ReadonlySet<string> = new Set(STORED_HEADERS);

/** Picks the stored headers (lower-cased names, first value, at most 512 characters each). */
export function pickStoredHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!STORED.has(lower)) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && first !== '') out[lower] = first.slice(0, MAX_HEADER_CHARS);
  }
  return out;
}
