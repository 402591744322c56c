import type { Config } from '@ghl-payments/core';
import type { AlertChannel } from './alert-channel';
import { createEmailChannel } from './email-channel';
import { createJsonWebhookChannel } from './json-webhook-channel';
import { createSlackWebhookChannel } from './slack-webhook-channel';

/** Longest one alert may take on one channel. */
export const ALERT_TIMEOUT_MS = 5000;

/** Every channel the configuration names: the Slack-compatible webhook, email, the JSON webhook (none: no alerts). */
export function buildAlertChannels(config: Config, o: { timeoutMs?: number; fetch?: typeof fetch } = {}): AlertChannel[] {
  const timeoutMs = o.timeoutMs ?? ALERT_TIMEOUT_MS;
  const channels: AlertChannel[] = [];
  if (config.operators.alertWebhookUrl) channels.push(createSlackWebhookChannel({ url: config.operators.alertWebhookUrl, timeoutMs, fetch: o.fetch }));
  if (config.alerts.email) channels.push(createEmailChannel({ ...config.alerts.email, timeoutMs }));
  if (config.alerts.jsonWebhookUrl) channels.push(createJsonWebhookChannel({ url: config.alerts.jsonWebhookUrl, timeoutMs, fetch: o.fetch }));
  return channels;
}
