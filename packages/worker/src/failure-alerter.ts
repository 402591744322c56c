import { isUnknownResourceText, redactAndTruncate, redactText } from '@ghl-payments/core';
import type { Logger } from '@ghl-payments/core';
import type { FailedEventSummary, Store } from '@ghl-payments/store';
import { postAlert } from './post-alert';

export interface FailureAlerterOptions {
  store: Store;
  /** ALERT_WEBHOOK_URL (Slack-compatible incoming webhook). */
  url: string;
  logger: Logger;
  now: () => number;
  /** Values scrubbed from the alert text (the configured secrets). */
  secrets: readonly string[];
  /** Longest one POST may take (default 5 s). */
  timeoutMs?: number;
  /** Injected in tests; default the global fetch. */
  fetch?: typeof fetch;
  /** Sent or not (metrics); must not throw. */
  onResult?(result: 'sent' | 'error'): void;
  /** Shortest time between two summaries of failures on resources MercadoPago does not know (default one hour). */
  summaryIntervalMs?: number;
}

/**
 * Posts one alert per failed event, in the background; except events that failed because MercadoPago does not know
 * the resource they name (likely forged notifications), which are counted and summarised at most once per
 * `summaryIntervalMs` per process, so a burst of forged notifications cannot become a burst of alerts.
 */
export interface FailureAlerter {
  /** Claims the event's alert and posts it (or counts it for the summary); returns at once, never throws. */
  notify(eventId: number): void;
  /**
   * Before the process exits: sends the summary of failures counted since the last one (they would be lost otherwise),
   * then waits for alerts still in flight, at most `timeoutMs`.
   */
  flush(timeoutMs: number): Promise<void>;
}

const MAX_REASON_LENGTH = 500;
const HOUR_MS = 3_600_000;

/** The Slack `text`: which event, which resource, how many attempts and why, and where to retry it. */
export function formatFailureAlert(event: FailedEventSummary, secrets: readonly string[]): string {
  const reason = redactAndTruncate((event.lastError ?? 'no reason recorded').replace(/\s+/g, ' ').trim(), secrets, MAX_REASON_LENGTH);
  const text = `ghl-payments: event ${event.id} (${event.topic} ${event.resourceId}) failed after ${event.attempts} attempt${event.attempts === 1 ? '' : 's'}: ${reason}`
    + ` — received ${new Date(event.receivedAt).toISOString()}. Retry it from the dashboard (/admin) or with \`ghl-payments events retry ${event.id}\` once the cause is fixed.`;
  return redactText(text, secrets);
}

/** The failures a summary reports: how many, on which topics, and the latest one. */
export interface UnknownResourceTally {
  count: number;
  topics: ReadonlySet<string>;
  last: FailedEventSummary;
}

/** What the topics name, in words: `payments`, `merchant orders`, or both. */
function describeTopics(topics: ReadonlySet<string>): string {
  const words = [...topics].map((t) => (t === 'payment' ? 'payments' : t === 'merchant_order' ? 'merchant orders' : `${t} resources`));
  return [...new Set(words)].sort().reverse().join(' or ');
}

/**
 * The Slack `text` of a summary of failures on resources MercadoPago does not know. A summary of one failure is that
 * failure's usual alert (it has the details and the retry command) followed by why the next ones are only summarised.
 */
export function formatUnknownResourceSummary(tally: UnknownResourceTally, secrets: readonly string[]): string {
  const { count, last } = tally;
  if (count === 1) {
    return `${formatFailureAlert(last, secrets)} MercadoPago does not know it (likely a forged notification, or one from another account):`
      + ' further failures like it are summarised, not alerted one by one.';
  }
  const text = `ghl-payments: ${count} notification${count === 1 ? '' : 's'} named ${describeTopics(tally.topics)} MercadoPago does not know`
    + ` (likely forged or from another account); last: event ${last.id} (${last.topic} ${last.resourceId}), received ${new Date(last.receivedAt).toISOString()}.`
    + ' They ended failed without individual alerts; see the failed events in the dashboard (/admin).';
  return redactText(text, secrets);
}

/** Waits for the tasks (those added meanwhile too), at most `timeoutMs`. */
async function settle(tasks: Set<Promise<void>>, timeoutMs: number): Promise<void> {
  if (tasks.size === 0 || timeoutMs <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<void>((resolve) => { timer = setTimeout(() => { timedOut = true; resolve(); }, timeoutMs); });
  while (tasks.size > 0 && !timedOut) await Promise.race([Promise.all([...tasks]), timeout]);
  clearTimeout(timer);
}

/**
 * Creates the alerter. Each failed event is claimed in the database first (`alerted_at`), so it is alerted (or counted
 * in a summary) at most once even with several workers; the POST runs in the background with a timeout, and its errors
 * are only logged. Failures on resources MercadoPago does not know are summarised: the first at once, then at most one
 * summary per interval in this process (each worker process keeps its own count).
 */
export function createFailureAlerter(options: FailureAlerterOptions): FailureAlerter {
  const { store, url, logger, now, secrets } = options;
  const timeoutMs = options.timeoutMs ?? 5000;
  const pending = new Set<Promise<void>>();
  const report = (result: 'sent' | 'error') => {
    try { options.onResult?.(result); } catch { /* metrics must not break alerts */ }
  };

  const summaryIntervalMs = options.summaryIntervalMs ?? HOUR_MS;
  /** Unknown-resource failures claimed since the last summary, and when that summary went out. */
  let tally: { count: number; topics: Set<string>; last?: FailedEventSummary } = { count: 0, topics: new Set() };
  let lastSummaryAt: number | undefined;
  let summaryTimer: NodeJS.Timeout | undefined;

  const post = async (text: string): Promise<void> => {
    await postAlert({ url, text, timeoutMs, fetch: options.fetch });
    report('sent');
  };

  /** Runs an alert in the background: tracked for flush(), its failure only logged. */
  const track = (work: Promise<void>, meta: Record<string, unknown>): void => {
    const task = work.catch((err: Error) => {
      report('error');
      const message = err.name === 'TimeoutError' ? `no answer within ${timeoutMs}ms` : err.message;
      logger.warn('could not send the failure alert (it is not retried)', { ...meta, error: redactText(message, secrets) });
    }).finally(() => { pending.delete(task); });
    pending.add(task);
  };

  /** Posts the summary of the failures counted so far (none: nothing to post). */
  const sendSummary = (): Promise<void> | undefined => {
    summaryTimer = undefined;
    const { count, topics, last } = tally;
    if (count === 0 || !last) return undefined;
    tally = { count: 0, topics: new Set() };
    lastSummaryAt = now();
    return post(formatUnknownResourceSummary({ count, topics, last }, secrets)).then(() => {
      logger.info('unknown-resource failure summary sent', { failures: count, lastEventId: last.id });
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
    await post(formatFailureAlert(event, secrets));
    logger.info('failure alert sent', { eventId });
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
    },
  };
}
