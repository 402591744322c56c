import type { Database } from './database';
import type { NewEvent } from './event-types';

export interface InsertResult {
  id: number;
  duplicate: boolean;
}

/**
 * Stores a notification, or recognises it as a redelivery. One INSERT … ON CONFLICT DO NOTHING on the hot path;
 * only a conflict costs a second statement (to find the original and count the duplicate).
 */
export async function insertEvent(db: Database, event: NewEvent, now: number): Promise<InsertResult> {
  const row = {
    dedup_key: event.dedupKey,
    pending_key: event.pendingKey,
    source: event.source,
    topic: event.topic,
    raw_type: event.rawType,
    action: event.action,
    resource_id: event.resourceId,
    notification_id: event.notificationId,
    request_id: event.requestId,
    signature: event.signature,
    payload: event.payload,
    headers: JSON.stringify(event.headers),
    query: JSON.stringify(event.query),
    status: 'pending',
    attempts: 0,
    failures: 0,
    duplicates: 0,
    next_retry_at: now,
    received_at: now,
    updated_at: now,
  };
  // A coalesced notification can race with the claim that clears pending_key: try a few times.
  for (let round = 0; round < 3; round += 1) {
    const inserted = await db.knex('webhook_events').insert(row).onConflict().ignore().returning('id');
    if (inserted.length > 0) return { id: Number((inserted[0] as { id: number }).id), duplicate: false };
    const original = await db.knex('webhook_events')
      .where('dedup_key', event.dedupKey)
      .modify((q) => { if (event.pendingKey) q.orWhere('pending_key', event.pendingKey); })
      .first('id');
    if (original) {
      await db.knex('webhook_events').where('id', original.id).increment('duplicates', 1);
      return { id: Number(original.id), duplicate: true };
    }
  }
  throw new Error('could not store the notification: it conflicted with an event that then disappeared');
}
