import type { Knex } from 'knex';
import type { Database } from './database';
import type { Lease } from './lease';
import { settledValue } from '@ghl-payments/core';
import { runPrepared, runPreparedSequence } from './prepared-statement';
import { truncateError } from './truncate-error';
import { ATTEMPT_INSERT_COLUMNS, attemptValues, AttemptRecord } from './record-attempt';

/** Updates the event only while this lease still holds it; false means the lease was lost (another worker has it). */
async function updateHeldEvent(db: Database, lease: Lease, changes: Record<string, unknown>): Promise<boolean> {
  const count = await db.knex('webhook_events')
    .where({ id: lease.eventId, status: 'processing', lease_owner: lease.owner, attempts: lease.attempt })
    .update(changes);
  return Number(count) === 1;
}

const COMPLETE_SQL = `UPDATE webhook_events SET status = ?, payment_id = COALESCE(?, payment_id), last_error = ?, lease_expires_at = NULL, processed_at = ?, updated_at = ?
  WHERE id = ? AND status = 'processing' AND lease_owner = ? AND attempts = ?`;

/** The attempt's history row, written only if the event shows this lease's completion (see completeEventWithAttempt). */
const COMPLETED_ATTEMPT_SQL = `INSERT INTO webhook_attempts (${ATTEMPT_INSERT_COLUMNS.join(', ')})
  SELECT ${ATTEMPT_INSERT_COLUMNS.map(() => '?').join(', ')}
  WHERE EXISTS (SELECT 1 FROM webhook_events WHERE id = ? AND status = ? AND lease_owner = ? AND attempts = ? AND processed_at = ?)`;

type Completion = { status: 'success' | 'ignored'; paymentId?: number | null; note?: string | null };

function completeValues(lease: Lease, outcome: Completion, now: number): unknown[] {
  return [outcome.status, outcome.paymentId ?? null, outcome.note ? truncateError(outcome.note) : null, now, now, lease.eventId, lease.owner, lease.attempt];
}

/** success or ignored: the event is done (prepared: the worker's most frequent outcome; payment_id kept when null). */
export async function completeEvent(db: Database, lease: Lease, outcome: Completion, now: number): Promise<boolean> {
  const result = await runPrepared(db, 'ghlp_complete_event', COMPLETE_SQL, completeValues(lease, outcome, now));
  return result.changes === 1;
}

/**
 * completeEvent plus the attempt's history row, as one sequence (one commit on SQLite): the row is inserted only if
 * the event shows this lease's completion, so a lost lease leaves no row, exactly as completing then recording would.
 * `attempt.finishedAt` is the completion time.
 */
export async function completeEventWithAttempt(
  db: Database, lease: Lease, outcome: Completion, attempt: Omit<AttemptRecord, 'eventId' | 'attempt' | 'outcome' | 'error'>,
): Promise<boolean> {
  const now = attempt.finishedAt;
  const row: AttemptRecord = { ...attempt, eventId: lease.eventId, attempt: lease.attempt, outcome: outcome.status, error: outcome.note ?? null };
  const [completed, recorded] = await runPreparedSequence(db, [
    { name: 'ghlp_complete_event', sql: COMPLETE_SQL, values: completeValues(lease, outcome, now) },
    { name: 'ghlp_record_completed_attempt', sql: COMPLETED_ATTEMPT_SQL, values: [...attemptValues(row), lease.eventId, outcome.status, lease.owner, lease.attempt, now] },
  ]);
  const held = settledValue(completed).changes === 1;
  settledValue(recorded);
  return held;
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
