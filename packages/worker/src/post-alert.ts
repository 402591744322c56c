/**
 * Posts one alert body as JSON: by default `{ "text": … }` to ALERT_WEBHOOK_URL (Slack's incoming-webhook format).
 * Rejects on a network error, a timeout (a TimeoutError) or a non-2xx answer; callers log it, alerts are not retried.
 */
export async function postAlert(o: {
  url: string;
  /** The body; default `{ text }`. */
  body?: unknown;
  text?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** How the endpoint is named in the error (default `the alert webhook`); never the URL, which is a secret. */
  what?: string;
}): Promise<void> {
  const response = await (o.fetch ?? fetch)(o.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(o.body ?? { text: o.text }),
    signal: AbortSignal.timeout(o.timeoutMs),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`${o.what ?? 'the alert webhook'} answered HTTP ${response.status}`);
}
