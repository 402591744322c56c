import type { Knex } from 'knex';
import { truncateError } from './truncate-error';

export type AttemptOutcome = 'success' | 'ignored' | 'retry' | 'deferred' | 'failed' | 'lost' | 'released';

export interface AttemptRecord {
  eventId: number;
  attempt: number;
  worker: string | null;
  startedAt: number;
  finishedAt: number;
  outcome: AttemptOutcome;
  error: string | null;
}

/** Appends attempt history rows (what the API's `history` shows), on the given connection or transaction. */
export async function recordAttempts(knex: Knex, records: readonly AttemptRecord[]): Promise<void> {
  if (records.length === 0) return;
  await knex('webhook_attempts').insert(records.map((r) => ({
    event_id: r.eventId,
    attempt: r.attempt,
    worker: r.worker,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
    duration_ms: Math.max(0, r.finishedAt - r.startedAt),
    outcome: r.outcome,
    error: r.error ? truncateError(r.error) : null,
  })));
}
