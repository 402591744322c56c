import type { EventAttempt, EventDetail, EventListItem } from '@ghl-payments/store';
import { isoTime } from './iso-time';

/** An event as the API shows it in lists (snake_case, ISO times). */
export function toEventJson(e: EventListItem): Record<string, unknown> {
  return {
    id: e.id,
    account: e.account,
    type: e.topic,
    raw_type: e.rawType,
    action: e.action,
    source: e.source,
    resource_id: e.resourceId,
    payment_id: e.mpPaymentId,
    payment_record_id: e.paymentId,
    dedup_key: e.dedupKey,
    notification_id: e.notificationId,
    request_id: e.requestId,
    signature: e.signature,
    status: e.status,
    attempts: e.attempts,
    failures: e.failures,
    duplicates: e.duplicates,
    last_error: e.lastError,
    received_at: isoTime(e.receivedAt),
    updated_at: isoTime(e.updatedAt),
    next_retry_at: e.status === 'pending' ? isoTime(e.nextRetryAt) : null,
    processed_at: isoTime(e.processedAt),
    lease_owner: e.status === 'processing' ? e.leaseOwner : null,
    lease_expires_at: e.status === 'processing' ? isoTime(e.leaseExpiresAt) : null,
  };
}

/** One attempt of the history. */
export function toAttemptJson(a: EventAttempt): Record<string, unknown> {
  return {
    attempt: a.attempt,
    started_at: isoTime(a.startedAt),
    finished_at: isoTime(a.finishedAt),
    duration_ms: a.durationMs,
    outcome: a.outcome,
    error: a.error,
    worker: a.worker,
  };
}

/** The stored body: parsed when it is JSON, the text otherwise, null when empty. */
export function parsePayload(payload: string | null): unknown {
  if (payload === null || payload === '') return null;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

/** An event with its request and history: the list fields plus payload, headers, query and history. */
export function toEventDetailJson(e: EventDetail): Record<string, unknown> {
  return {
    ...toEventJson(e),
    // What the successful attempt did, or why it did nothing; last_error stays for errors (and ignore reasons)
    summary: e.summary,
    payload: parsePayload(e.payload),
    headers: e.headers,
    query: e.query,
    history: e.history.map(toAttemptJson),
  };
}
