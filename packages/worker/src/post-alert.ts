/**
 * Posts one alert `{ "text": … }` to ALERT_WEBHOOK_URL (Slack's incoming-webhook format). Rejects on a network error,
 * a timeout (a TimeoutError) or a non-2xx answer; callers log it, alerts are not retried.
 */
export async function postAlert(o: { url: string; text: string; timeoutMs: number; fetch?: typeof fetch }): Promise<void> {
  const response = await (o.fetch ?? fetch)(o.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: o.text }),
    signal: AbortSignal.timeout(o.timeoutMs),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`the alert webhook answered HTTP ${response.status}`);
}
