import { countDuplicate } from './count-duplicate';
import type { Database } from './database';
import type { NewEvent } from './event-types';
import { toNewEventValues } from './event-row-values';
import { insertEventRow } from './insert-event-row';

export interface InsertResult {
  id: number;
  duplicate: boolean;
}

/**
 * Stores a notification, or recognises it as a redelivery. One INSERT … ON CONFLICT DO NOTHING on the hot path;
 * only a conflict costs a second statement (which counts the duplicate on the original and returns its id). Both
 * are prepared once per connection, and notifications arriving together share one commit (on SQLite one transaction,
 * on PostgreSQL one multi-row INSERT: insertEventRow) and copies of one notification arriving together one count
 * (countDuplicate); the promise resolves once the row is committed.
 */
export async function insertEvent(db: Database, event: NewEvent, now: number): Promise<InsertResult> {
  const values = toNewEventValues(event, now);
  // A coalesced notification can race with the claim that clears pending_key: try a few times.
  for (let round = 0; round < 3; round += 1) {
    const inserted = await insertEventRow(db, values);
    if (inserted !== undefined) return { id: inserted, duplicate: false };
    const original = await countDuplicate(db, event.dedupKey, event.pendingKey);
    if (original !== undefined) return { id: original, duplicate: true };
  }
  throw new Error('could not store the notification: it conflicted with an event that then disappeared');
}
