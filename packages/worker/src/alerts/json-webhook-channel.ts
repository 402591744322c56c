import { postAlert } from '../post-alert';
import type { AlertChannel } from './alert-channel';

/** ALERT_JSON_WEBHOOK_URL: the whole alert as JSON `{kind, severity, title, text, language, occurredAt, dashboardUrl, details}`. */
export function createJsonWebhookChannel(o: { url: string; timeoutMs: number; fetch?: typeof fetch }): AlertChannel {
  return {
    name: 'json',
    send: (alert) => postAlert({
      url: o.url,
      body: {
        kind: alert.kind, severity: alert.severity, title: alert.title, text: alert.text, language: alert.language,
        occurredAt: alert.occurredAt, dashboardUrl: alert.dashboardUrl, details: alert.details,
      },
      timeoutMs: o.timeoutMs,
      fetch: o.fetch,
      what: 'the JSON alert webhook',
    }),
  };
}
