import type { Database } from './database';
import { toWebhookEvent, WebhookEvent } from './event-types';
import { claimDueEventsPostgres } from './claim-postgres';
import { claimDueEventsSqlite } from './claim-sqlite';

export interface ClaimOptions {
  /** Who takes the lease (worker id); fencing also checks the attempt number. */
  owner: string;
  limit: number;
  leaseMs: number;
  now: number;
}

/** Atomically takes up to `limit` due pending events, leasing them to `owner`. The one query that differs by dialect. */
export async function claimDueEvents(db: Database, options: ClaimOptions): Promise<WebhookEvent[]> {
  const rows = db.dialect === 'postgres' ? await claimDueEventsPostgres(db, options) : await claimDueEventsSqlite(db, options);
  return rows.map(toWebhookEvent).sort((a, b) => a.nextRetryAt - b.nextRetryAt || a.id - b.id);
}
