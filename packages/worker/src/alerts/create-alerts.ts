import type { AlertLanguage, Logger } from '@ghl-payments/core';
import type { Store } from '@ghl-payments/store';
import type { Alert, AlertFacts } from './alert';
import type { AlertChannel } from './alert-channel';
import { buildAlert } from './build-alert';
import { ChannelResult, deliverAlert } from './deliver-alert';

/** One alert per key per hour at most (the issue's "no storm"). */
export const ALERT_THROTTLE_MS = 3_600_000;

export interface AlertsOptions {
  store: Store;
  channels: readonly AlertChannel[];
  logger: Logger;
  now: () => number;
  language: AlertLanguage;
  timeZone: string;
  publicUrl?: string;
  /** Values scrubbed from every alert and log line (the configured secrets). */
  secrets: readonly string[];
  /** Shortest time between two alerts of one key (default one hour). */
  throttleMs?: number;
  /** Longest one channel may take, as the channels were built with (for the log's wording). */
  timeoutMs?: number;
  /** One result per channel and alert (metrics); must not throw. */
  onResult?(result: 'sent' | 'error'): void;
}

/** What happened to a raised alert. */
export type RaiseOutcome = 'sent' | 'suppressed' | 'failed' | 'no-channel';

export interface RaiseOptions {
  /** What is throttled: default the kind; e.g. `credentials-rejected:ghl` throttles each upstream on its own. */
  key?: string;
  /** Sent only when the key was last sent at or before this time (default now − throttle). */
  notSentSince?: number;
}

/**
 * The alerts of one process: written in the configured language, sent to every channel. `raise` is throttled per key
 * through the database (alert_state), so across workers and restarts one alert per key per hour goes out, and the next
 * one says how many were held back; `send` is for alerts that are deduplicated elsewhere (a failed event is claimed
 * on its row, a pause on its record).
 */
export interface Alerts {
  readonly channels: readonly AlertChannel[];
  readonly language: AlertLanguage;
  /** Writes the alert (for tests and `alerts test`) without sending it. */
  build(facts: AlertFacts, suppressed?: { count: number; since: number | null }): Alert;
  /** Sends at once, unthrottled; resolves with each channel's result, never rejects. */
  send(facts: AlertFacts, options?: { describe?: string; meta?: Record<string, unknown> }): Promise<ChannelResult[]>;
  /** Claims the key, then sends (or counts it as held back); never rejects. */
  raise(facts: AlertFacts, options?: RaiseOptions): Promise<RaiseOutcome>;
  /** raise() in the background, tracked for flush(). */
  notify(facts: AlertFacts, options?: RaiseOptions): void;
  /** Runs a task in the background, tracked for flush() (its failure only logged). */
  track(task: Promise<unknown>): void;
  /** Waits for alerts in flight (those started meanwhile too), at most `timeoutMs`. */
  flush(timeoutMs: number): Promise<void>;
  close(): void;
}

export function createAlerts(o: AlertsOptions): Alerts {
  const throttleMs = o.throttleMs ?? ALERT_THROTTLE_MS;
  const timeoutMs = o.timeoutMs ?? 5000;
  const pending = new Set<Promise<unknown>>();
  /** When this process last sent each key: the throttle to fall back on while the database cannot be reached. */
  const sentHere = new Map<string, number>();
  const report = (results: ChannelResult[]) => {
    for (const r of results) {
      try { o.onResult?.(r.ok ? 'sent' : 'error'); } catch { /* metrics must not break alerts */ }
    }
  };

  const build = (facts: AlertFacts, suppressed?: { count: number; since: number | null }): Alert => buildAlert(facts, {
    language: o.language, timeZone: o.timeZone, publicUrl: o.publicUrl, secrets: o.secrets, now: o.now(), suppressed,
  });

  const deliver = async (alert: Alert, describe?: string, meta?: Record<string, unknown>): Promise<ChannelResult[]> => {
    const results = await deliverAlert(alert, o.channels, { logger: o.logger, secrets: o.secrets, timeoutMs, describe, meta });
    report(results);
    if (results.some((r) => r.ok)) o.logger.info(`${describe ?? `${alert.kind} alert`} sent`, { ...meta, kind: alert.kind, channels: results.filter((r) => r.ok).map((r) => r.channel) });
    return results;
  };

  /** The store's claim, or, when the database cannot answer, this process's own memory of what it sent. */
  const claim = async (key: string, now: number, notSentSince: number): Promise<{ sent: boolean; suppressed: number; since: number | null }> => {
    try {
      const result = await o.store.claimAlert({ key, now, notSentSince });
      if (result.sent) sentHere.set(key, now);
      return result.sent ? { sent: true, suppressed: result.suppressed, since: result.previousSentAt } : { sent: false, suppressed: result.suppressed, since: null };
    } catch (err) {
      o.logger.warn('could not read the alert throttle from the database; throttling in this process only', { key, error: (err as Error).message });
      const last = sentHere.get(key);
      if (last !== undefined && last > notSentSince) return { sent: false, suppressed: 0, since: null };
      sentHere.set(key, now);
      return { sent: true, suppressed: 0, since: last ?? null };
    }
  };

  const raise = async (facts: AlertFacts, options: RaiseOptions = {}): Promise<RaiseOutcome> => {
    if (o.channels.length === 0) return 'no-channel';
    const key = options.key ?? facts.kind;
    const now = o.now();
    const granted = await claim(key, now, options.notSentSince ?? now - throttleMs);
    if (!granted.sent) {
      o.logger.info(`${facts.kind} alert held back (at most one an hour)`, { key, heldBack: granted.suppressed });
      return 'suppressed';
    }
    const results = await deliver(build(facts, { count: granted.suppressed, since: granted.since }), undefined, { key });
    return results.some((r) => r.ok) ? 'sent' : 'failed';
  };

  const track = (task: Promise<unknown>): void => {
    const done = task.catch((err: Error) => { o.logger.warn('alert task failed', { error: err.message }); }).finally(() => { pending.delete(done); });
    pending.add(done);
  };

  return {
    channels: o.channels,
    language: o.language,
    build,
    send: (facts, options = {}) => deliver(build(facts), options.describe, options.meta),
    raise,
    notify(facts, options) {
      track(raise(facts, options));
    },
    track,
    async flush(flushTimeoutMs) {
      const deadline = Date.now() + flushTimeoutMs;
      while (pending.size > 0 && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, deadline - Date.now()); });
        await Promise.race([Promise.all([...pending]), timeout]);
        clearTimeout(timer);
      }
    },
    close() {
      for (const channel of o.channels) channel.close?.();
    },
  };
}
