import type { Knex } from 'knex';
import type { Driver } from './drivers/driver';
import type { Lease } from './lease';
import { AttemptOutcome, recordAttempts } from './record-attempt';
import type { AttemptTiming, Completion, Failure, RetryLater } from './store';
import { truncateError } from './truncate-error';

/**
 * Writes an attempt's outcome in one transaction: the event's new state, fenced on the lease (owner and attempt
 * number, so a worker that lost its lease cannot overwrite the newer attempt), then its attempt-history row. When the
 * lease was lost nothing is written and the result is false. The UPDATE comes first, so on SQLite the transaction
 * takes the write lock at its first statement.
 */
async function finishHeldEvent(
  db: Driver, lease: Lease, changes: (knex: Knex) => Record<string, unknown>,
  attempt: AttemptTiming & { outcome: AttemptOutcome; error: string | null },
): Promise<boolean> {
  return db.knex.transaction(async (trx) => {
    const updated = await trx('webhook_events')
      .where({ id: lease.eventId, status: 'processing', lease_owner: lease.owner, attempts: lease.attempt })
      .update(changes(trx));
    if (Number(updated) !== 1) return false;
    await recordAttempts(trx, [{ eventId: lease.eventId, attempt: lease.attempt, ...attempt }]);
    return true;
  });
}

/**
 * success or ignored: the event is done (its payment kept when none is given). The note is the reason an event was
 * ignored (last_error, as before) or a success's summary (its own column: a success is not an error).
 */
export function completeEvent(db: Driver, lease: Lease, outcome: Completion, attempt: AttemptTiming): Promise<boolean> {
  const note = outcome.note ? truncateError(outcome.note) : null;
  const success = outcome.status === 'success';
  return finishHeldEvent(db, lease, () => ({
    status: outcome.status,
    payment_id: outcome.paymentId ?? undefined,
    last_error: success ? null : note,
    summary: success ? note : null,
    lease_expires_at: null,
    processed_at: attempt.finishedAt,
    updated_at: attempt.finishedAt,
  }), { ...attempt, outcome: outcome.status, error: success ? null : outcome.note ?? null });
}

/** Back to pending, due at `nextRetryAt`; only a `retry` counts toward `failed` (a deferral or a release does not). */
export function retryEventLater(db: Driver, lease: Lease, retry: RetryLater, attempt: AttemptTiming): Promise<boolean> {
  return finishHeldEvent(db, lease, (knex) => ({
    status: 'pending',
    next_retry_at: retry.nextRetryAt,
    lease_expires_at: null,
    payment_id: retry.paymentId ?? undefined,
    updated_at: attempt.finishedAt,
    ...(retry.error !== null ? { last_error: truncateError(retry.error) } : {}),
    ...(retry.outcome === 'retry' ? { failures: knex.raw('failures + 1') } : {}),
  }), { ...attempt, outcome: retry.outcome, error: retry.error });
}

/** failed for good: an operator can retry it. */
export function failEvent(db: Driver, lease: Lease, failure: Failure, attempt: AttemptTiming): Promise<boolean> {
  return finishHeldEvent(db, lease, (knex) => ({
    status: 'failed',
    failures: knex.raw('failures + 1'),
    last_error: truncateError(failure.error),
    payment_id: failure.paymentId ?? undefined,
    lease_expires_at: null,
    processed_at: attempt.finishedAt,
    updated_at: attempt.finishedAt,
  }), { ...attempt, outcome: 'failed', error: failure.error });
}
