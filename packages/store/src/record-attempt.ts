import type { Database } from './database';
import { truncateError } from './finish-event';
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

/** Appends attempt history rows (what the API's `history` shows). */
export async function recordAttempts(db: Database, records: readonly AttemptRecord[]): Promise<void> {
  if (records.length === 0) return;
  if (records.length === 1) { // every attempt writes one: a prepared statement
    const r = records[0];
    await runPrepared(db, 'ghlp_record_attempt',
      `INSERT INTO webhook_attempts (event_id, attempt, worker, started_at, finished_at, duration_ms, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [r.eventId, r.attempt, r.worker, r.startedAt, r.finishedAt, Math.max(0, r.finishedAt - r.startedAt), r.outcome, r.error ? truncateError(r.error) : null]);
    return;
  }
  await db.knex('webhook_attempts').insert(records.map((r) => ({
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
