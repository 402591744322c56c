import type { Driver } from './drivers/driver';

/** What a `failed` alert says about its event. */
export interface FailedEventSummary {
  id: number;
  topic: string;
  resourceId: string;
  attempts: number;
  lastError: string | null;
  receivedAt: number;
  paymentId: number | null;
  /** The account the event arrived for (absent or `default`: the environment-configured shop). */
  account?: string;
}

/**
 * Takes the right to alert about a failed event: one conditional UPDATE (`alerted_at IS NULL`), so however many
 * workers see the failure, exactly one gets the summary back. Null when already alerted or no longer failed.
 */
export async function claimFailureAlert(db: Driver, eventId: number, now: number): Promise<FailedEventSummary | null> {
  const rows = await db.knex('webhook_events')
    .where({ id: eventId, status: 'failed' })
    .whereNull('alerted_at')
    .update({ alerted_at: now })
    .returning(['id', 'topic', 'resource_id', 'attempts', 'last_error', 'received_at', 'payment_id', 'account']) as Array<Record<string, unknown>>;
  const row = rows[0];
  if (!row) return null;
  return {
    id: Number(row.id),
    topic: String(row.topic),
    resourceId: String(row.resource_id),
    attempts: Number(row.attempts),
    lastError: (row.last_error as string | null) ?? null,
    receivedAt: Number(row.received_at),
    paymentId: row.payment_id === null || row.payment_id === undefined ? null : Number(row.payment_id),
    account: row.account === null || row.account === undefined ? 'default' : String(row.account),
  };
}
