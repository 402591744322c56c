import type { Database } from './database';
import { EVENT_STATUSES, EventStatus } from './event-types';

/** The queue as the metrics endpoint reports it at each scrape. */
export interface Backlog {
  /** Every event by status (pending and processing are the backlog; the others are what was processed). */
  byStatus: Record<EventStatus, number>;
  /** Pending events due now (not waiting for a retry time). */
  dueNow: number;
  /** received_at of the oldest pending event (epoch ms); null when nothing is pending. */
  oldestPendingReceivedAt: number | null;
}

/**
 * Three statements, each served by the (status, next_retry_at) index: a count per status, the due pending events,
 * and the oldest pending one (a scan of the pending rows only).
 */
export async function readBacklog(db: Database, now: number): Promise<Backlog> {
  const [statusRows, due, oldest] = await Promise.all([
    db.knex('webhook_events').select('status').count({ n: '*' }).groupBy('status') as Promise<Array<{ status: string; n: number | string }>>,
    db.knex('webhook_events').where('status', 'pending').andWhere('next_retry_at', '<=', now).count({ n: '*' }).first(),
    db.knex('webhook_events').where('status', 'pending').min({ t: 'received_at' }).first(),
  ]);
  const byStatus = Object.fromEntries(EVENT_STATUSES.map((s) => [s, 0])) as Record<EventStatus, number>;
  for (const r of statusRows) if ((EVENT_STATUSES as readonly string[]).includes(r.status)) byStatus[r.status as EventStatus] = Number(r.n);
  const t = (oldest as { t?: unknown } | undefined)?.t;
  return {
    byStatus,
    dueNow: Number((due as { n?: unknown } | undefined)?.n ?? 0),
    oldestPendingReceivedAt: t === null || t === undefined ? null : Number(t),
  };
}
