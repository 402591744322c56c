import type { Database } from './database';
import { runPrepared } from './prepared-statement';
import { createDatabaseBatchers } from './turn-batcher';

/** Adds `n` redeliveries to the original (matched by dedup key, or by pending key while it waits) and returns its id. */
const COUNT_SQL = `UPDATE webhook_events SET duplicates = duplicates + ?
  WHERE id = (SELECT id FROM webhook_events WHERE dedup_key = ? OR pending_key = ? LIMIT 1) RETURNING id`;

interface PendingCount {
  dedupKey: string;
  pendingKey: string | null;
  resolve(id: number | undefined): void;
  reject(error: unknown): void;
}

/**
 * Counts a redelivery on the event it repeats; resolves to that event's id, or undefined when there is none (any
 * more). On PostgreSQL the redeliveries of one notification that arrive together (in the same turn of the event loop)
 * are counted with one statement: when MercadoPago resends a notification many times at once they would otherwise
 * each update the same row, one after the other, each waiting for the row lock and the previous one's commit. (On
 * SQLite the updates of one turn already share a transaction, and grouping them would cost one more turn.)
 */
export function countDuplicate(db: Database, dedupKey: string, pendingKey: string | null): Promise<number | undefined> {
  if (db.dialect !== 'postgres' || db.knex.isTransaction) return countRedeliveries(db, dedupKey, pendingKey, 1);
  const add = batcher(db);
  return new Promise((resolve, reject) => add({ dedupKey, pendingKey, resolve, reject }));
}

async function countRedeliveries(db: Database, dedupKey: string, pendingKey: string | null, n: number): Promise<number | undefined> {
  const result = await runPrepared<{ id: number | string }>(db, 'ghlp_count_duplicates', COUNT_SQL, [n, dedupKey, pendingKey]);
  return result.rows[0] ? Number(result.rows[0].id) : undefined;
}

const batcher = createDatabaseBatchers<PendingCount>((db, counts) => {
  const groups = new Map<string, PendingCount[]>();
  for (const count of counts) {
    const key = JSON.stringify([count.dedupKey, count.pendingKey]);
    const group = groups.get(key);
    if (group) group.push(count);
    else groups.set(key, [count]);
  }
  for (const group of groups.values()) {
    countRedeliveries(db, group[0].dedupKey, group[0].pendingKey, group.length).then(
      (id) => { for (const count of group) count.resolve(id); },
      (error: unknown) => { for (const count of group) count.reject(error); },
    );
  }
});
