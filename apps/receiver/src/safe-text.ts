// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/** A string safe to store in a text column: control characters removed, at most `max` characters; undefined when empty. */
export function toSafeText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(CONTROL_CHARS, '').trim().slice(0, max);
  return cleaned === '' ? undefined : cleaned;
}

/** The body as text for storage (decoded as UTF-8: invalid bytes are U+FFFD), NUL replaced (PostgreSQL text cannot hold it). */
export function toPayloadText(bodyText: string): string {
  return bodyText.includes('\u0000') ? bodyText.replaceAll('\u0000', '\uFFFD') : bodyText;
}
