import type { Driver } from './drivers/driver';

/** Statuses that need work or attention: their counts are bounded by the backlog, not by history. */
export const BACKLOG_STATUSES = ['pending', 'processing', 'failed'] as const;
export type BacklogStatus = (typeof BACKLOG_STATUSES)[number];

/** The queue as the metrics endpoint reports it at each scrape. */
export interface Backlog {
  byStatus: Record<BacklogStatus, number>;
  /** Pending events due now (not waiting for a retry time). */
  dueNow: number;
  /** received_at of the oldest pending event (epoch ms); null when nothing is pending. */
  oldestPendingReceivedAt: number | null;
}

/**
 * Three statements served by the (status, next_retry_at) index, each reading only backlog rows (never the
 * success/ignored history): counts for pending/processing/failed, the due pending events, the oldest pending one.
 */
export async function readBacklog(db: Driver, now: number): Promise<Backlog> {
  const [statusRows, due, oldest] = await Promise.all([
    db.knex('webhook_events').select('status').count({ n: '*' }).whereIn('status', [...BACKLOG_STATUSES]).groupBy('status') as Promise<Array<{ status: BacklogStatus; n: number | string }>>,
    db.knex('webhook_events').where('status', 'pending').andWhere('next_retry_at', '<=', now).count({ n: '*' }).first(),
    db.knex('webhook_events').where('status', 'pending').min({ t: 'received_at' }).first(),
  ]);
  const byStatus: Record<BacklogStatus, number> = { pending: 0, processing: 0, failed: 0 };
  for (const r of statusRows) byStatus[r.status] = Number(r.n);
  const t = (oldest as { t?: unknown } | undefined)?.t;
  return {
    byStatus,
    dueNow: Number((due as { n?: unknown } | undefined)?.n ?? 0),
    oldestPendingReceivedAt: t === null || t === undefined ? null : Number(t),
  };
}
