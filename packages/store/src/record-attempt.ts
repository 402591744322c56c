import type { Database } from './database';
import { truncateError } from './truncate-error';
import { runPrepared } from './prepared-statement';

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

export const ATTEMPT_INSERT_COLUMNS = ['event_id', 'attempt', 'worker', 'started_at', 'finished_at', 'duration_ms', 'outcome', 'error'];

/** An attempt row's values, in ATTEMPT_INSERT_COLUMNS order. */
export function attemptValues(r: AttemptRecord): unknown[] {
  return [r.eventId, r.attempt, r.worker, r.startedAt, r.finishedAt, Math.max(0, r.finishedAt - r.startedAt), r.outcome, r.error ? truncateError(r.error) : null];
}

/** Appends attempt history rows (what the API's `history` shows). */
export async function recordAttempts(db: Database, records: readonly AttemptRecord[]): Promise<void> {
  if (records.length === 0) return;
  if (records.length === 1) { // every attempt writes one: a prepared statement
    await runPrepared(db, 'ghlp_record_attempt',
      `INSERT INTO webhook_attempts (${ATTEMPT_INSERT_COLUMNS.join(', ')}) VALUES (${ATTEMPT_INSERT_COLUMNS.map(() => '?').join(', ')})`, attemptValues(records[0]));
    return;
  }
  await db.knex('webhook_attempts').insert(records.map((r) => {
    const values = attemptValues(r);
    return Object.fromEntries(ATTEMPT_INSERT_COLUMNS.map((c, i) => [c, values[i]]));
  }));
}
