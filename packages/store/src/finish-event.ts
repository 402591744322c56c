import type { Knex } from 'knex';
import type { Database } from './database';
import type { Lease } from './lease';
import { runPrepared } from './prepared-statement';

const MAX_ERROR_LENGTH = 2000;

/** Trims an error message to what the column keeps. */
export function truncateError(message: string): string {
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

/** Updates the event only while this lease still holds it; false means the lease was lost (another worker has it). */
async function updateHeldEvent(db: Database, lease: Lease, changes: Record<string, unknown>): Promise<boolean> {
  const count = await db.knex('webhook_events')
    .where({ id: lease.eventId, status: 'processing', lease_owner: lease.owner, attempts: lease.attempt })
    .update(changes);
  return Number(count) === 1;
}

/** success or ignored: the event is done (prepared: the worker's most frequent outcome; payment_id kept when null). */
export async function completeEvent(
  db: Database, lease: Lease,
  outcome: { status: 'success' | 'ignored'; paymentId?: number | null; note?: string | null },
  now: number,
): Promise<boolean> {
  const result = await runPrepared(db, 'ghlp_complete_event',
    `UPDATE webhook_events SET status = ?, payment_id = COALESCE(?, payment_id), last_error = ?, lease_expires_at = NULL, processed_at = ?, updated_at = ?
      WHERE id = ? AND status = 'processing' AND lease_owner = ? AND attempts = ?`,
    [outcome.status, outcome.paymentId ?? null, outcome.note ? truncateError(outcome.note) : null, now, now, lease.eventId, lease.owner, lease.attempt]);
  return result.changes === 1;
}

/** Back to pending, due at `nextRetryAt`; `countsAsFailure` is false for rate-limit deferrals and shutdown. */
export function scheduleRetry(
  db: Database, lease: Lease,
  retry: { error: string | null; nextRetryAt: number; countsAsFailure: boolean; paymentId?: number | null },
  now: number,
): Promise<boolean> {
  const changes: Record<string, unknown> = {
    status: 'pending',
    next_retry_at: retry.nextRetryAt,
    lease_expires_at: null,
    payment_id: retry.paymentId ?? undefined,
    updated_at: now,
  };
  if (retry.error !== null) changes.last_error = truncateError(retry.error);
  if (retry.countsAsFailure) changes.failures = db.knex.raw('failures + 1') as Knex.Raw;
  return updateHeldEvent(db, lease, changes);
}

/** failed for good: an operator can retry it. */
export function failEvent(db: Database, lease: Lease, failure: { error: string; paymentId?: number | null }, now: number): Promise<boolean> {
  return updateHeldEvent(db, lease, {
    status: 'failed',
    failures: db.knex.raw('failures + 1'),
    last_error: truncateError(failure.error),
    payment_id: failure.paymentId ?? undefined,
    lease_expires_at: null,
    processed_at: now,
    updated_at: now,
  });
}
