import type { Database } from './database';

/** The channel workers LISTEN on (the insert trigger of migration 20261130000002 notifies it too). */
export const EVENTS_NOTIFY_CHANNEL = 'ghl_payments_events';

/** Wakes LISTENing workers at once (PostgreSQL); SQLite workers find the events at their next poll. */
export async function notifyWorkers(db: Database): Promise<void> {
  if (db.dialect !== 'postgres') return;
  await db.knex.raw(`SELECT pg_notify(?, '')`, [EVENTS_NOTIFY_CHANNEL]);
}
