import { redactText } from '@ghl-payments/core';
import type { Logger } from '@ghl-payments/core';
import type { Alert } from './alert';
import type { AlertChannel } from './alert-channel';

/** What one channel did with one alert. */
export interface ChannelResult {
  channel: string;
  ok: boolean;
  /** One line, redacted, when the channel failed. */
  error?: string;
}

/**
 * Sends the alert to every channel at once. A failing channel is logged at warn (redacted) and does not stop the
 * others; alerts are not retried. Never rejects.
 */
export async function deliverAlert(alert: Alert, channels: readonly AlertChannel[], o: {
  logger: Logger;
  secrets: readonly string[];
  timeoutMs: number;
  /** How the log names the alert, e.g. `the failure alert`. */
  describe?: string;
  meta?: Record<string, unknown>;
}): Promise<ChannelResult[]> {
  return Promise.all(channels.map(async (channel): Promise<ChannelResult> => {
    try {
      await channel.send(alert);
      return { channel: channel.name, ok: true };
    } catch (err) {
      const e = err as Error;
      const error = redactText(e.name === 'TimeoutError' ? `no answer within ${o.timeoutMs}ms` : e.message, o.secrets);
      o.logger.warn(`could not send ${o.describe ?? `the ${alert.kind} alert`} through ${channel.name} (it is not retried)`, { ...o.meta, kind: alert.kind, channel: channel.name, error });
      return { channel: channel.name, ok: false, error };
    }
  }));
}
