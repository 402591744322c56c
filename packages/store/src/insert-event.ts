import type { Knex } from 'knex';
import type { Driver } from './drivers/driver';
import { DEFAULT_ACCOUNT, NewEvent, scopeEventKey } from './event-types';
import { columnsAndValues, rowsOf } from './raw-sql';
import type { ArrivedEvent, InsertResult } from './store';

const EVENT_COLUMNS = [
  'dedup_key', 'pending_key', 'source', 'topic', 'raw_type', 'action', 'resource_id', 'notification_id', 'request_id',
  'signature', 'payload', 'headers', 'query', 'status', 'attempts', 'failures', 'duplicates', 'next_retry_at', 'received_at',
  'updated_at', 'account',
];
const INSERT_EVENT_SQL = `INSERT INTO webhook_events ${columnsAndValues(EVENT_COLUMNS)} ON CONFLICT DO NOTHING RETURNING id`;
/** A redelivery: one more duplicate on the original (by dedup key, or by pending key while it waits). */
const COUNT_DUPLICATE_SQL = `UPDATE webhook_events SET duplicates = duplicates + 1
  WHERE id = (SELECT id FROM webhook_events WHERE dedup_key = ? OR pending_key = ? LIMIT 1) RETURNING id`;

/** The values of a new, pending event (due at once), in EVENT_COLUMNS order. */
function toNewEventValues(event: NewEvent, now: number): Knex.RawBinding[] {
  return [
    scopeEventKey(event.account, event.dedupKey), scopeEventKey(event.account, event.pendingKey), event.source, event.topic, event.rawType, event.action, event.resourceId, event.notificationId,
    event.requestId, event.signature, event.payload, JSON.stringify(event.headers), JSON.stringify(event.query), 'pending', 0, 0, 0,
    now, now, now, event.account ?? DEFAULT_ACCOUNT,
  ];
}

/**
 * Stores a notification, or recognises it as a redelivery: INSERT … ON CONFLICT DO NOTHING (the dedup key is unique
 * forever, the pending key while its event waits); on a conflict, the original counts one more duplicate and its id is
 * returned. Each statement commits on its own: there is nothing to keep atomic between them.
 */
export async function insertEvent(db: Driver, event: NewEvent, now: number): Promise<InsertResult> {
  const result = await insertEventOn(db.knex, event, now);
  if (!result.duplicate) await wakeWorkers(db);
  return result;
}

/** Wakes the workers after a new event is committed, where the database does not do it itself (SQLite). */
async function wakeWorkers(db: Driver): Promise<void> {
  if (!db.notifiesOnInsert) await db.notifyWorkers();
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
    if (results.some((r) => !r.duplicate)) await wakeWorkers(db);
    return results.map((value) => ({ status: 'fulfilled', value }));
  } catch {
    return Promise.allSettled(items.map(({ event, now }) => insertEvent(db, event, now)));
  }
}

async function insertEventOn(knex: Knex, event: NewEvent, now: number): Promise<InsertResult> {
  const values = toNewEventValues(event, now);
  // A coalesced notification can race with the claim that clears pending_key: try a few times.
  for (let round = 0; round < 3; round += 1) {
    const [inserted] = rowsOf(await knex.raw(INSERT_EVENT_SQL, values));
    if (inserted) return { id: Number(inserted.id), duplicate: false };
    const [original] = rowsOf(await knex.raw(COUNT_DUPLICATE_SQL, [values[0], values[1]]));
    if (original) return { id: Number(original.id), duplicate: true };
  }
  throw new Error('could not store the notification: it conflicted with an event that then disappeared');
}
