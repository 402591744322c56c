import type { Knex } from 'knex';
import type { Database } from './database';
import type { Lease } from './lease';

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

/** success or ignored: the event is done. */
export function completeEvent(
  db: Database, lease: Lease,
  outcome: { status: 'success' | 'ignored'; paymentId?: number | null; note?: string | null },
  now: number,
): Promise<boolean> {
  return updateHeldEvent(db, lease, {
    status: outcome.status,
    payment_id: outcome.paymentId ?? undefined,
    last_error: outcome.note ? truncateError(outcome.note) : null,
    lease_expires_at: null,
    processed_at: now,
    updated_at: now,
  });
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
