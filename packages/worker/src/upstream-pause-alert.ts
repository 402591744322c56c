import { redactText } from '@ghl-payments/core';

/** What an operator is told when an upstream asks for a long pause (e.g. GoHighLevel's daily limit). */
export interface UpstreamPauseAlert {
  service: string;
  until: number;
  reason: string;
  /** The upstream's daily budget is spent. */
  daily: boolean;
}

const SERVICE_NAMES: Record<string, string> = { ghl: 'GoHighLevel', mercadopago: 'MercadoPago' };

/** The Slack `text`: which upstream, until when, why, and what happens to the events meanwhile. */
export function formatUpstreamPauseAlert(pause: UpstreamPauseAlert, secrets: readonly string[]): string {
  const name = SERVICE_NAMES[pause.service] ?? pause.service;
  const resumes = new Date(pause.until).toISOString();
  const head = pause.daily ? `daily ${name} limit reached, resumes at ${resumes}` : `${name} asked for a pause, resumes at ${resumes}`;
  return redactText(`ghl-payments: ${head} (${pause.reason}). Events that need ${name} wait until then without counting as failures; `
    + 'the others keep being processed. The dashboard (/admin) shows the pause.', secrets);
}

/**
 * Posts one pause alert to ALERT_WEBHOOK_URL (the same Slack-compatible channel as failed events). Rejects on a
 * network error, a timeout or a non-2xx answer; the caller logs it (alerts are not retried).
 */
export async function sendUpstreamPauseAlert(o: {
  url: string;
  pause: UpstreamPauseAlert;
  secrets: readonly string[];
  timeoutMs?: number;
  fetch?: typeof fetch;
}): Promise<void> {
  const send = o.fetch ?? fetch;
  const response = await send(o.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: formatUpstreamPauseAlert(o.pause, o.secrets) }),
    signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`the alert webhook answered HTTP ${response.status}`);
}
