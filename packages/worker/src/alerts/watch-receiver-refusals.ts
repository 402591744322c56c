import { Config, listSecrets, Logger } from '@ghl-payments/core';
import type { Store } from '@ghl-payments/store';
import { buildAlertChannels } from './build-alert-channels';
import { createAlerts } from './create-alerts';
import { watchSignatureRejections } from './watch-signature-rejections';

/** The receiver's alerting: signature refusals counted, and alerted through every configured channel. */
export interface ReceiverRefusalWatch {
  /** ReceiverHooks.onNotification: counts the refusals for a bad signature. */
  onNotification(info: { outcome: string; refusal?: string }): void;
  /** Waits for alerts in flight (at close), at most `timeoutMs`, and closes the channels. */
  close(timeoutMs: number): Promise<void>;
}

/** Builds the watch for the receiver process; undefined when no alert channel is configured. */
export function watchReceiverRefusals(o: { config: Config; store: Store; logger: Logger; now: () => number }): ReceiverRefusalWatch | undefined {
  const channels = buildAlertChannels(o.config);
  if (channels.length === 0) return undefined;
  const alerts = createAlerts({
    store: o.store, channels, logger: o.logger, now: o.now, secrets: listSecrets(o.config),
    language: o.config.alerts.language, timeZone: o.config.alerts.timeZone, publicUrl: o.config.alerts.publicUrl,
  });
  const onRefused = watchSignatureRejections({ alerts, now: o.now });
  return {
    onNotification(info) {
      if (info.outcome === 'rejected' && info.refusal === 'bad-signature') onRefused();
    },
    async close(timeoutMs) {
      await alerts.flush(timeoutMs);
      alerts.close();
    },
  };
}
