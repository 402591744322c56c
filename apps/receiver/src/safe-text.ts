// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/** A string safe to store in a text column: control characters removed, at most `max` characters; undefined when empty. */
export function toSafeText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(CONTROL_CHARS, '').trim().slice(0, max);
  return cleaned === '' ? undefined : cleaned;
}

/** The raw body as text for storage: UTF-8 (invalid bytes become U+FFFD), NUL bytes replaced (PostgreSQL text cannot hold them). */
export function toPayloadText(rawBody: Buffer): string {
  return rawBody.toString('utf8').replaceAll('\u0000', '\uFFFD');
}
