import type { Knex } from 'knex';
import type { Driver } from './drivers/driver';
import type { NewEvent } from './event-types';
import type { ArrivedEvent, InsertResult } from './store';

/** The row of a new, pending event (due at once). */
function toNewEventRow(event: NewEvent, now: number): Record<string, unknown> {
  return {
    dedup_key: event.dedupKey, pending_key: event.pendingKey, source: event.source, topic: event.topic, raw_type: event.rawType,
    action: event.action, resource_id: event.resourceId, notification_id: event.notificationId, request_id: event.requestId,
    signature: event.signature, payload: event.payload, headers: JSON.stringify(event.headers), query: JSON.stringify(event.query),
    status: 'pending', attempts: 0, failures: 0, duplicates: 0, next_retry_at: now, received_at: now, updated_at: now,
  };
}

/**
 * Stores a notification, or recognises it as a redelivery: INSERT … ON CONFLICT DO NOTHING (the dedup key is unique
 * forever, the pending key while its event waits); on a conflict, the original counts one more duplicate and its id is
 * returned. Each statement commits on its own: there is nothing to keep atomic between them.
 */
export function insertEvent(db: Driver, event: NewEvent, now: number): Promise<InsertResult> {
  return insertEventOn(db.knex, event, now);
}

/**
 * Stores several notifications in one transaction, in order, with the same outcome for each as insertEvent: one
 * commit for all of them. If any of them cannot be stored (a value the schema refuses), the transaction is rolled
 * back and each is stored on its own, so only that one fails; if the commit itself fails, they all fail.
 */
export async function insertEvents(db: Driver, items: readonly ArrivedEvent[]): Promise<Array<PromiseSettledResult<InsertResult>>> {
  try {
    const results = await db.knex.transaction(async (trx) => {
      const stored: InsertResult[] = [];
      for (const { event, now } of items) stored.push(await insertEventOn(trx, event, now));
      return stored;
    });
    return results.map((value) => ({ status: 'fulfilled', value }));
  } catch {
    return Promise.allSettled(items.map(({ event, now }) => insertEventOn(db.knex, event, now)));
  }
}

async function insertEventOn(knex: Knex, event: NewEvent, now: number): Promise<InsertResult> {
  const row = toNewEventRow(event, now);
  // A coalesced notification can race with the claim that clears pending_key: try a few times.
  for (let round = 0; round < 3; round += 1) {
    const inserted = await knex('webhook_events').insert(row).onConflict().ignore().returning('id') as Array<{ id: number }>;
    if (inserted.length === 1) return { id: Number(inserted[0].id), duplicate: false };
    const original = await knex('webhook_events')
      .where('id', knex('webhook_events').select('id')
        .where('dedup_key', event.dedupKey)
        .modify((q) => { if (event.pendingKey !== null) q.orWhere('pending_key', event.pendingKey); })
        .limit(1))
      .increment('duplicates', 1)
      .returning('id') as Array<{ id: number }>;
    if (original.length === 1) return { id: Number(original[0].id), duplicate: true };
  }
  throw new Error('could not store the notification: it conflicted with an event that then disappeared');
}
