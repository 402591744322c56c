import { redactAndTruncate, redactText } from '@ghl-payments/core';
import type { FailedEventSummary } from '@ghl-payments/store';

const MAX_REASON_LENGTH = 500;

/** The recorded reason of a failure: one line, redacted, at most 500 characters. */
export function describeFailureReason(event: FailedEventSummary, secrets: readonly string[]): string {
  return redactAndTruncate((event.lastError ?? 'no reason recorded').replace(/\s+/g, ' ').trim(), secrets, MAX_REASON_LENGTH);
}

/** The English text of a failed-event alert: which event, which resource, how many attempts and why, and where to retry it. */
export function formatFailureAlert(event: FailedEventSummary, secrets: readonly string[]): string {
  const reason = describeFailureReason(event, secrets);
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
 * The English text of a summary of failures on resources MercadoPago does not know. A summary of one failure is that
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
