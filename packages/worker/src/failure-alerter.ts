import { redactText } from '@ghl-payments/core';
import type { Logger } from '@ghl-payments/core';
import type { FailedEventSummary, Store } from '@ghl-payments/store';

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
}

/** Posts one alert per failed event, in the background. */
export interface FailureAlerter {
  /** Claims the event's alert and posts it; returns at once, never throws. */
  notify(eventId: number): void;
  /** Waits for alerts still in flight, at most `timeoutMs` (before the process exits). */
  flush(timeoutMs: number): Promise<void>;
}

const MAX_REASON_LENGTH = 500;

/** The Slack `text`: which event, which resource, how many attempts and why, and where to retry it. */
export function formatFailureAlert(event: FailedEventSummary, secrets: readonly string[]): string {
  const reason = (event.lastError ?? 'no reason recorded').replace(/\s+/g, ' ').trim();
  const short = reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
  const text = `ghl-payments: event ${event.id} (${event.topic} ${event.resourceId}) failed after ${event.attempts} attempt${event.attempts === 1 ? '' : 's'}: ${short}`
    + ` — received ${new Date(event.receivedAt).toISOString()}. Retry it from the dashboard (/admin) or with \`ghl-payments events retry ${event.id}\` once the cause is fixed.`;
  return redactText(text, secrets);
}

/**
 * Creates the alerter. Each failed event is claimed in the database first (`alerted_at`), so it is alerted at most
 * once even with several workers; the POST runs in the background with a timeout, and its errors are only logged.
 */
export function createFailureAlerter(options: FailureAlerterOptions): FailureAlerter {
  const { store, url, logger, now, secrets } = options;
  const timeoutMs = options.timeoutMs ?? 5000;
  const send = options.fetch ?? fetch;
  const pending = new Set<Promise<void>>();
  const report = (result: 'sent' | 'error') => {
    try { options.onResult?.(result); } catch { /* metrics must not break alerts */ }
  };

  const deliver = async (eventId: number): Promise<void> => {
    const event = await store.claimFailureAlert(eventId, now());
    if (!event) return;
    const response = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: formatFailureAlert(event, secrets) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`the alert webhook answered HTTP ${response.status}`);
    report('sent');
    logger.info('failure alert sent', { eventId });
  };

  return {
    notify(eventId) {
      const task = deliver(eventId).catch((err: Error) => {
        report('error');
        const message = err.name === 'TimeoutError' ? `no answer within ${timeoutMs}ms` : err.message;
        logger.warn('could not send the failure alert (it is not retried)', { eventId, error: redactText(message, secrets) });
      }).finally(() => { pending.delete(task); });
      pending.add(task);
    },
    async flush(flushTimeoutMs) {
      if (pending.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, flushTimeoutMs); });
      await Promise.race([Promise.all([...pending]), timeout]);
      clearTimeout(timer);
    },
  };
}
