import type { Knex } from 'knex';
import { columnsAndValues } from './raw-sql';
import { truncateError } from './truncate-error';

const INSERT_ATTEMPT_SQL = `INSERT INTO webhook_attempts ${columnsAndValues([
  'event_id', 'attempt', 'worker', 'started_at', 'finished_at', 'duration_ms', 'outcome', 'error',
])}`;

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
  for (const r of records) {
    await knex.raw(INSERT_ATTEMPT_SQL, [
      r.eventId, r.attempt, r.worker, r.startedAt, r.finishedAt, Math.max(0, r.finishedAt - r.startedAt), r.outcome,
      r.error ? truncateError(r.error) : null,
    ]);
  }
}
