import type { Driver } from './drivers/driver';
import { EventAttempt, toEventAttempt } from './get-event';
import type { AttemptOutcome } from './record-attempt';

/** An attempt that did not succeed, with its event: what `rules explain` and the payment page show as a failed action. */
export interface FailedAttempt extends EventAttempt {
  eventId: number;
}

/** Outcomes that mean the attempt failed: retried later, failed for good, or lost with its worker. */
export const FAILED_OUTCOMES: readonly AttemptOutcome[] = ['retry', 'failed', 'lost'];

/** Statement size: far under every driver's bound-parameter limit. */
const CHUNK = 500;

/**
 * The failed attempts of these events (a payment's events), oldest first, with their error as stored (already
 * truncated and redacted when it was recorded). Read in chunks so a long list of events stays one statement each.
 */
export async function listFailedAttempts(db: Driver, eventIds: readonly number[]): Promise<FailedAttempt[]> {
  const ids = [...new Set(eventIds)];
  const found: FailedAttempt[] = [];
  for (let start = 0; start < ids.length; start += CHUNK) {
    const rows = await db.knex('webhook_attempts')
      .whereIn('event_id', ids.slice(start, start + CHUNK))
      .whereIn('outcome', FAILED_OUTCOMES as AttemptOutcome[])
      .select('event_id', 'attempt', 'worker', 'started_at', 'finished_at', 'duration_ms', 'outcome', 'error');
    for (const r of rows as Array<Record<string, unknown>>) {
      found.push({ eventId: Number(r.event_id), ...toEventAttempt(r) });
    }
  }
  return found.sort((a, b) => a.finishedAt - b.finishedAt || a.eventId - b.eventId || a.attempt - b.attempt);
}
