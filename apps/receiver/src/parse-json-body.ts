export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; error: string };

const DECLARES_JSON = /json/i;

/**
 * Reads the body as JSON when the content type says JSON or the text looks like JSON (starts with `{` or `[`).
 * An empty body, or one that is neither, yields `value: undefined`; JSON that does not parse is an error.
 */
export function parseJsonBody(rawBody: Buffer, contentType: string | undefined): JsonBodyResult {
  const text = rawBody.toString('utf8').replace(/^\uFEFF/, '').trim();
  if (text === '') return { ok: true, value: undefined };
  const looksJson = text.startsWith('{') || text.startsWith('[');
  if (!looksJson && !DECLARES_JSON.test(contentType ?? '')) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: 'malformed JSON body' };
  }
}
