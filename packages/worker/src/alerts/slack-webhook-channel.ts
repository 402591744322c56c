import { postAlert } from '../post-alert';
import type { AlertChannel } from './alert-channel';

/** ALERT_WEBHOOK_URL: Slack's incoming-webhook body `{ "text": … }`; the text is self-contained (it names the product). */
export function createSlackWebhookChannel(o: { url: string; timeoutMs: number; fetch?: typeof fetch }): AlertChannel {
  return {
    name: 'slack',
    send: (alert) => postAlert({ url: o.url, body: { text: alert.text }, timeoutMs: o.timeoutMs, fetch: o.fetch, what: 'the alert webhook' }),
  };
}
