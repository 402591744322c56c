import type { AlertLanguage, Logger } from '@ghl-payments/core';
import type { UpstreamCall, UpstreamPauseNotice } from '@ghl-payments/pipeline';
import type { Store } from '@ghl-payments/store';
import { Alerts, createAlerts } from './alerts/create-alerts';
import { createSlackWebhookChannel } from './alerts/slack-webhook-channel';
import { formatUpstreamPauseAlert } from './upstream-pause-alert';

/** What a pause is applied to: the client that must not call the upstream (GhlClient.pause). */
export interface PausableClient {
  pause(until: number, reason: string): void;
}

export interface UpstreamPausesOptions {
  store: Store;
  logger: Logger;
  now: () => number;
  /** The process's alerts (every configured channel); without it and without `alertUrl` a pause is only logged and recorded. */
  alerts?: Alerts;
  /** ALERT_WEBHOOK_URL alone, when `alerts` is not given (in `language`, default `es`). */
  alertUrl?: string;
  language?: AlertLanguage;
  secrets: readonly string[];
  alertTimeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Makes a long upstream pause (GoHighLevel's daily limit) visible and shared: the process whose call was answered
 * with it records it in the store (`upstream_pauses`), logs it at error level and alerts the operators once; every
 * worker process reads the recorded pauses and holds its own client, so none calls the upstream before `until`.
 * The record is cleared once the upstream answers again after the pause.
 */
export interface UpstreamPauses {
  /** HttpHooks.onUpstreamPause: a client was just told to pause. */
  onUpstreamPause(pause: UpstreamPauseNotice): void;
  /** HttpHooks.onCall: a success after a known pause ends it for everyone. */
  onCall(call: UpstreamCall): void;
  /** The clients to hold when another process recorded a pause (per service). */
  attach(clients: Partial<Record<string, PausableClient>>): void;
  /** Reads the recorded pauses and applies them to the attached clients; never rejects. */
  refresh(): Promise<void>;
  /** Refreshes every `intervalMs` until the returned function is called. */
  startRefreshing(intervalMs: number): () => void;
  /** Waits for records and alerts still in flight, at most `timeoutMs`. */
  flush(timeoutMs: number): Promise<void>;
}

/** How often `process-webhooks --loop` reads the pauses other workers recorded. */
export const PAUSE_REFRESH_MS = 5000;

export function createUpstreamPauses(options: UpstreamPausesOptions): UpstreamPauses {
  const { store, logger, now, secrets } = options;
  const alertTimeoutMs = options.alertTimeoutMs ?? 5000;
  const alerts = options.alerts ?? (options.alertUrl ? createAlerts({
    store, logger, now, secrets, timeoutMs: alertTimeoutMs, language: options.language ?? 'es', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    channels: [createSlackWebhookChannel({ url: options.alertUrl, timeoutMs: alertTimeoutMs, fetch: options.fetch })],
  }) : undefined);
  const clients: Partial<Record<string, PausableClient>> = {};
  /** The pause this process knows of, per service (to clear its record once the upstream answers again). */
  const known = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  const track = (task: Promise<void>): void => {
    const done = task.finally(() => { pending.delete(done); });
    pending.add(done);
  };

  const record = async (pause: UpstreamPauseNotice): Promise<void> => {
    let alreadyKnown = false;
    try {
      const existing = (await store.listUpstreamPauses(now())).find((p) => p.service === pause.service);
      alreadyKnown = existing !== undefined && existing.until >= pause.until - 60_000; // another worker already told
      if (!existing || existing.until < pause.until) await store.recordUpstreamPause({ service: pause.service, until: pause.until, reason: pause.reason }, now());
    } catch (err) {
      logger.warn('could not record the upstream pause; other workers will learn it from their own calls', { service: pause.service, error: (err as Error).message });
    }
    if (alreadyKnown || !alerts || alerts.channels.length === 0) return;
    // not throttled per hour: the recorded pause already makes this one alert per pause across workers
    const results = await alerts.send({ kind: 'upstream-paused', ...pause }, { describe: 'the upstream pause alert', meta: { service: pause.service } });
    if (results.some((r) => r.ok)) logger.info('upstream pause alert sent', { service: pause.service });
  };

  const refresh = async (): Promise<void> => {
    try {
      for (const pause of await store.listUpstreamPauses(now())) {
        const client = clients[pause.service];
        if (!client) continue;
        if ((known.get(pause.service) ?? 0) < pause.until) {
          logger.warn(`${pause.service} paused until ${new Date(pause.until).toISOString()} (recorded by a worker): ${pause.reason}`, { service: pause.service, until: pause.until });
        }
        known.set(pause.service, Math.max(known.get(pause.service) ?? 0, pause.until));
        client.pause(pause.until, pause.reason);
      }
    } catch (err) {
      logger.warn('could not read the upstream pauses', { error: (err as Error).message });
    }
  };

  return {
    onUpstreamPause(pause) {
      known.set(pause.service, Math.max(known.get(pause.service) ?? 0, pause.until));
      logger.error(formatUpstreamPauseAlert(pause, secrets), { service: pause.service, until: pause.until, daily: pause.daily });
      track(record(pause));
    },
    onCall(call) {
      const until = known.get(call.service);
      if (until === undefined || typeof call.status !== 'number' || call.status < 200 || call.status >= 300 || now() < until) return;
      known.delete(call.service);
      logger.info(`${call.service} answers again after its pause; resuming`, { service: call.service });
      track(store.clearUpstreamPause(call.service).catch((err: Error) => {
        logger.warn('could not clear the upstream pause record', { service: call.service, error: err.message });
      }));
    },
    attach(more) {
      Object.assign(clients, more);
    },
    refresh,
    startRefreshing(intervalMs) {
      const timer = setInterval(() => { track(refresh()); }, intervalMs);
      timer.unref?.();
      return () => clearInterval(timer);
    },
    async flush(timeoutMs) {
      if (pending.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); });
      await Promise.race([Promise.all([...pending]), timeout]);
      clearTimeout(timer);
    },
  };
}
