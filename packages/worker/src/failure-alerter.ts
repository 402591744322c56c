import { isUnknownResourceText } from '@ghl-payments/core';
import type { AlertLanguage, Logger } from '@ghl-payments/core';
import type { FailedEventSummary, Store } from '@ghl-payments/store';
import type { AlertFacts } from './alerts/alert';
import { Alerts, createAlerts } from './alerts/create-alerts';
import { createSlackWebhookChannel } from './alerts/slack-webhook-channel';

export interface FailureAlerterOptions {
  store: Store;
  logger: Logger;
  now: () => number;
  /** Values scrubbed from the alert text (the configured secrets). */
  secrets: readonly string[];
  /** The process's alerts (every configured channel, the language). Without it, `url` alone is used. */
  alerts?: Alerts;
  /** ALERT_WEBHOOK_URL (Slack-compatible incoming webhook), when `alerts` is not given. */
  url?: string;
  /** With `url`: the language of the alerts (default `es`, like ALERT_LANGUAGE) and the zone of their times. */
  language?: AlertLanguage;
  timeZone?: string;
  /** With `url`: longest one POST may take (default 5 s). */
  timeoutMs?: number;
  /** With `url`: injected in tests; default the global fetch. */
  fetch?: typeof fetch;
  /** With `url`: sent or not, per channel (metrics); must not throw. */
  onResult?(result: 'sent' | 'error'): void;
  /** Shortest time between two summaries of failures on resources MercadoPago does not know (default one hour). */
  summaryIntervalMs?: number;
}

/**
 * Sends one alert per failed event, in the background; except events that failed because MercadoPago does not know
 * the resource they name (likely forged notifications), which are counted and summarised at most once per
 * `summaryIntervalMs` per process, so a burst of forged notifications cannot become a burst of alerts.
 */
export interface FailureAlerter {
  /** Claims the event's alert and sends it (or counts it for the summary); returns at once, never throws. */
  notify(eventId: number): void;
  /**
   * Before the process exits: sends the summary of failures counted since the last one (they would be lost otherwise),
   * then waits for alerts still in flight, at most `timeoutMs`.
   */
  flush(timeoutMs: number): Promise<void>;
}

const HOUR_MS = 3_600_000;

/** Waits for the tasks (those added meanwhile too), at most `timeoutMs`. */
async function settle(tasks: Set<Promise<void>>, timeoutMs: number): Promise<void> {
  if (tasks.size === 0 || timeoutMs <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<void>((resolve) => { timer = setTimeout(() => { timedOut = true; resolve(); }, timeoutMs); });
  while (tasks.size > 0 && !timedOut) await Promise.race([Promise.all([...tasks]), timeout]);
  clearTimeout(timer);
}

/** The alerts of a failure alerter built from a bare webhook URL (tests, and callers without the other channels). */
function alertsForUrl(options: FailureAlerterOptions): Alerts {
  if (!options.url) throw new Error('createFailureAlerter needs `alerts` or `url`');
  const timeoutMs = options.timeoutMs ?? 5000;
  return createAlerts({
    store: options.store,
    channels: [createSlackWebhookChannel({ url: options.url, timeoutMs, fetch: options.fetch })],
    logger: options.logger,
    now: options.now,
    language: options.language ?? 'es',
    timeZone: options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    secrets: options.secrets,
    timeoutMs,
    onResult: options.onResult,
  });
}

/**
 * Creates the alerter. Each failed event is claimed in the database first (`alerted_at`), so it is alerted (or counted
 * in a summary) at most once even with several workers; every channel gets the alert in the background, and a
 * channel's errors are only logged. Failed events are not throttled per hour: each one needs its own retry, and the
 * claim already keeps it to one alert. Failures on resources MercadoPago does not know are summarised: the first at
 * once, then at most one summary per interval in this process (each worker process keeps its own count).
 */
export function createFailureAlerter(options: FailureAlerterOptions): FailureAlerter {
  const { store, logger, now } = options;
  const alerts = options.alerts ?? alertsForUrl(options);
  const pending = new Set<Promise<void>>();

  const summaryIntervalMs = options.summaryIntervalMs ?? HOUR_MS;
  /** Unknown-resource failures claimed since the last summary, and when that summary went out. */
  let tally: { count: number; topics: Set<string>; last?: FailedEventSummary } = { count: 0, topics: new Set() };
  let lastSummaryAt: number | undefined;
  let summaryTimer: NodeJS.Timeout | undefined;

  /** Sends to every channel; true when at least one took it. */
  const send = async (facts: AlertFacts, meta: Record<string, unknown>): Promise<boolean> => {
    const results = await alerts.send(facts, { describe: 'the failure alert', meta });
    return results.some((r) => r.ok);
  };

  /** Runs an alert in the background, tracked for flush(). */
  const track = (work: Promise<void>, meta: Record<string, unknown>): void => {
    const task = work.catch((err: Error) => {
      logger.warn('could not send the failure alert (it is not retried)', { ...meta, error: err.message });
    }).finally(() => { pending.delete(task); });
    pending.add(task);
  };

  /** Sends the summary of the failures counted so far (none: nothing to send). */
  const sendSummary = (): Promise<void> | undefined => {
    summaryTimer = undefined;
    const { count, topics, last } = tally;
    if (count === 0 || !last) return undefined;
    tally = { count: 0, topics: new Set() };
    lastSummaryAt = now();
    return send({ kind: 'event-failed', event: last, account: last.account, unknownResources: { count, topics: [...topics] } }, { summary: true }).then((ok) => {
      if (ok) logger.info('unknown-resource failure summary sent', { failures: count, lastEventId: last.id });
    });
  };

  /** Counts the failure; the first summary goes at once (the caller awaits it), later ones at most once per interval. */
  const countUnknownResource = (event: FailedEventSummary): Promise<void> | undefined => {
    tally.count += 1;
    tally.topics.add(event.topic);
    tally.last = event;
    const elapsed = lastSummaryAt === undefined ? Infinity : now() - lastSummaryAt;
    if (elapsed >= summaryIntervalMs) {
      clearTimeout(summaryTimer);
      return sendSummary();
    }
    if (!summaryTimer) {
      summaryTimer = setTimeout(() => {
        const task = sendSummary();
        if (task) track(task, { summary: true });
      }, Math.min(summaryIntervalMs, Math.max(0, summaryIntervalMs - elapsed)));
      summaryTimer.unref(); // a pending summary never keeps the process alive
    }
    return undefined;
  };

  const deliver = async (eventId: number): Promise<void> => {
    const event = await store.claimFailureAlert(eventId, now());
    if (!event) return;
    if (isUnknownResourceText(event.lastError)) {
      await countUnknownResource(event);
      return;
    }
    if (await send({ kind: 'event-failed', event, account: event.account }, { eventId })) logger.info('failure alert sent', { eventId });
  };

  return {
    notify(eventId) {
      track(deliver(eventId), { eventId });
    },
    async flush(flushTimeoutMs) {
      const deadline = Date.now() + flushTimeoutMs;
      await settle(pending, flushTimeoutMs); // deliveries still claiming may add to the summary
      clearTimeout(summaryTimer);
      const summary = sendSummary();
      if (summary) track(summary, { summary: true });
      await settle(pending, deadline - Date.now());
      await alerts.flush(Math.max(0, deadline - Date.now()));
    },
  };
}
