export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; error: string };

const DECLARES_JSON = /json/i;

/**
 * Reads the body (already decoded as UTF-8) as JSON when the content type says JSON or the text looks like JSON
 * (starts with `{` or `[`). An empty body, or one that is neither, yields `value: undefined`; JSON that does not parse
 * is an error.
 */
export function parseJsonBody(bodyText: string, contentType: string | undefined): JsonBodyResult {
  const text = (bodyText.charCodeAt(0) === 0xfeff ? bodyText.slice(1) : bodyText).trim();
  if (text === '') return { ok: true, value: undefined };
  const looksJson = text.startsWith('{') || text.startsWith('[');
  if (!looksJson && !DECLARES_JSON.test(contentType ?? '')) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: 'malformed JSON body' };
  }
}
