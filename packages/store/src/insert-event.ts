import type { Database } from './database';
import type { NewEvent } from './event-types';
import { queryPrepared } from './prepared-statement';

export interface InsertResult {
  id: number;
  duplicate: boolean;
}

const COLUMNS = [
  'dedup_key', 'pending_key', 'source', 'topic', 'raw_type', 'action', 'resource_id', 'notification_id', 'request_id', 'signature',
  'payload', 'headers', 'query', 'status', 'attempts', 'failures', 'duplicates', 'next_retry_at', 'received_at', 'updated_at',
];
const INSERT_SQL = `INSERT INTO webhook_events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT DO NOTHING RETURNING id`;
/** Counts the redelivery on the original (matched by dedup key, or by pending key while it waits) and returns its id. */
const DUPLICATE_SQL = `UPDATE webhook_events SET duplicates = duplicates + 1
  WHERE id = (SELECT id FROM webhook_events WHERE dedup_key = ? OR pending_key = ? LIMIT 1) RETURNING id`;

/**
 * Stores a notification, or recognises it as a redelivery. One INSERT … ON CONFLICT DO NOTHING on the hot path;
 * only a conflict costs a second statement (which counts the duplicate on the original and returns its id). Both
 * are prepared once per connection, and on SQLite notifications arriving together share one commit (runPrepared);
 * the promise resolves once the row is committed.
 */
export async function insertEvent(db: Database, event: NewEvent, now: number): Promise<InsertResult> {
  const values = [
    event.dedupKey, event.pendingKey, event.source, event.topic, event.rawType, event.action, event.resourceId, event.notificationId,
    event.requestId, event.signature, event.payload, JSON.stringify(event.headers), JSON.stringify(event.query), 'pending', 0, 0, 0,
    now, now, now,
  ];
  // A coalesced notification can race with the claim that clears pending_key: try a few times.
  for (let round = 0; round < 3; round += 1) {
    const inserted = await queryPrepared<{ id: number }>(db, 'ghlp_insert_event', INSERT_SQL, values);
    if (inserted) return { id: Number(inserted.id), duplicate: false };
    const original = await queryPrepared<{ id: number }>(db, 'ghlp_count_duplicate', DUPLICATE_SQL, [event.dedupKey, event.pendingKey]);
    if (original) return { id: Number(original.id), duplicate: true };
  }
  throw new Error('could not store the notification: it conflicted with an event that then disappeared');
}
