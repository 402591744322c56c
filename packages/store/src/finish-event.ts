import type { Knex } from 'knex';
import type { Driver } from './drivers/driver';
import type { Lease } from './lease';
import { AttemptOutcome, recordAttempts } from './record-attempt';
import { markActionAppliedOn } from './action-ledger';
import type { AttemptTiming, Completion, Failure, RetryLater } from './store';
import { rowsOf } from './raw-sql';
import { truncateError } from './truncate-error';

/** Only while this lease still holds the event: its owner and attempt number (the fencing token). */
const HELD = `id = ? AND status = 'processing' AND lease_owner = ? AND attempts = ?`;
const COMPLETE_SQL = `UPDATE webhook_events SET status = ?, payment_id = COALESCE(?, payment_id), last_error = ?, summary = ?,
  waiting_reason = NULL, lease_expires_at = NULL, processed_at = ?, updated_at = ? WHERE ${HELD} RETURNING id`;
const RETRY_LATER_SQL = `UPDATE webhook_events SET status = 'pending', next_retry_at = ?, lease_expires_at = NULL,
  payment_id = COALESCE(?, payment_id), last_error = COALESCE(?, last_error), failures = failures + ?, waiting_reason = ?, updated_at = ?
  WHERE ${HELD} RETURNING id`;
const FAIL_SQL = `UPDATE webhook_events SET status = 'failed', failures = failures + 1, last_error = ?, payment_id = COALESCE(?, payment_id),
  waiting_reason = NULL, lease_expires_at = NULL, processed_at = ?, updated_at = ? WHERE ${HELD} RETURNING id`;

/**
 * Writes an attempt's outcome in one transaction: the event's new state (`sql` with `values`, then the lease's fence),
 * fenced on the lease (owner and attempt number, so a worker that lost its lease cannot overwrite the newer attempt),
 * its attempt-history row, and the `applied` mark of the rule actions the attempt performed in GoHighLevel. When the lease was lost
 * the event and its history are left alone (the result is false), but the marks are still written: the calls
 * happened. The UPDATE comes first, so on SQLite the transaction takes the write lock at its first statement.
 */
async function finishHeldEvent(
  db: Driver, lease: Lease, sql: string, values: Knex.RawBinding[],
  attempt: AttemptTiming & { outcome: AttemptOutcome; error: string | null },
): Promise<boolean> {
  return db.knex.transaction(async (trx) => {
    const updated = rowsOf(await trx.raw(sql, [...values, lease.eventId, lease.owner, lease.attempt]));
    for (const action of attempt.actionsApplied ?? []) await markActionAppliedOn(trx, action, attempt.finishedAt);
    if (updated.length !== 1) return false;
    const { actionsApplied: _marked, ...row } = attempt;
    await recordAttempts(trx, [{ eventId: lease.eventId, attempt: lease.attempt, ...row }]);
    return true;
  });
}

/**
 * success or ignored: the event is done (its payment kept when none is given). The note is the reason an event was
 * ignored (last_error) or a success's summary (its own column: a success is not an error).
 */
export function completeEvent(db: Driver, lease: Lease, outcome: Completion, attempt: AttemptTiming): Promise<boolean> {
  const note = outcome.note ? truncateError(outcome.note) : null;
  const success = outcome.status === 'success';
  return finishHeldEvent(db, lease, COMPLETE_SQL, [
    outcome.status, outcome.paymentId ?? null, success ? null : note, success ? note : null, attempt.finishedAt, attempt.finishedAt,
  ], { ...attempt, outcome: outcome.status, error: success ? null : outcome.note ?? null });
}

/**
 * Back to pending, due at `nextRetryAt`; only a `retry` counts toward `failed` (a deferral or a release does not). A
 * deferral may say why the event waits for the operator (`waitingReason`, what the overview's banner counts).
 */
export function retryEventLater(db: Driver, lease: Lease, retry: RetryLater, attempt: AttemptTiming): Promise<boolean> {
  const waitingReason = retry.outcome === 'deferred' ? retry.waitingReason ?? null : null;
  return finishHeldEvent(db, lease, RETRY_LATER_SQL, [
    retry.nextRetryAt, retry.paymentId ?? null, retry.error === null ? null : truncateError(retry.error), retry.outcome === 'retry' ? 1 : 0,
    waitingReason, attempt.finishedAt,
  ], { ...attempt, outcome: retry.outcome, error: retry.error });
}

/** failed for good: an operator can retry it. */
export function failEvent(db: Driver, lease: Lease, failure: Failure, attempt: AttemptTiming): Promise<boolean> {
  return finishHeldEvent(db, lease, FAIL_SQL, [
    truncateError(failure.error), failure.paymentId ?? null, attempt.finishedAt, attempt.finishedAt,
  ], { ...attempt, outcome: 'failed', error: failure.error });
}
