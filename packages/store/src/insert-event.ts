import type { Database } from './database';
import type { NewEvent } from './event-types';
import { toNewEventValues } from './event-row-values';
import { insertEventRow } from './insert-event-row';
import { queryPrepared } from './prepared-statement';

export interface InsertResult {
  id: number;
  duplicate: boolean;
}

/** Counts the redelivery on the original (matched by dedup key, or by pending key while it waits) and returns its id. */
const DUPLICATE_SQL = `UPDATE webhook_events SET duplicates = duplicates + 1
  WHERE id = (SELECT id FROM webhook_events WHERE dedup_key = ? OR pending_key = ? LIMIT 1) RETURNING id`;

/**
 * Stores a notification, or recognises it as a redelivery. One INSERT … ON CONFLICT DO NOTHING on the hot path;
 * only a conflict costs a second statement (which counts the duplicate on the original and returns its id). Both
 * are prepared once per connection, and notifications arriving together share one commit (on SQLite one transaction,
 * on PostgreSQL one multi-row INSERT: insertEventRow); the promise resolves once the row is committed.
 */
export async function insertEvent(db: Database, event: NewEvent, now: number): Promise<InsertResult> {
  const values = toNewEventValues(event, now);
  // A coalesced notification can race with the claim that clears pending_key: try a few times.
  for (let round = 0; round < 3; round += 1) {
    const inserted = await insertEventRow(db, values);
    if (inserted !== undefined) return { id: inserted, duplicate: false };
    const original = await queryPrepared<{ id: number }>(db, 'ghlp_count_duplicate', DUPLICATE_SQL, [event.dedupKey, event.pendingKey]);
    if (original) return { id: Number(original.id), duplicate: true };
  }
  throw new Error('could not store the notification: it conflicted with an event that then disappeared');
}
