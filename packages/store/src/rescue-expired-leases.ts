import type { Database } from './database';
import { recordAttempts } from './record-attempt';

export interface RescueResult {
  requeued: number[];
  failed: number[];
}

/**
 * Events whose worker died (lease expired while processing) go back to pending, due now; the lost attempt counts
 * as a failure, so an event that kills its worker every time ends `failed` instead of looping forever.
 */
export async function rescueExpiredLeases(db: Database, options: { now: number; maxFailures: number }): Promise<RescueResult> {
  const { now, maxFailures } = options;
  const rows = await db.knex('webhook_events')
    .where('status', 'processing') // served by the due index (status first)
    .andWhere('lease_expires_at', '<', now)
    .update({
      status: db.knex.raw(`CASE WHEN failures + 1 >= ? THEN 'failed' ELSE 'pending' END`, [maxFailures]),
      failures: db.knex.raw('failures + 1'),
      next_retry_at: now,
      last_error: db.knex.raw(`'worker ' || COALESCE(lease_owner, 'unknown') || ' stopped holding this event (lease expired); attempt ' || attempts || ' abandoned'`),
      processed_at: db.knex.raw(`CASE WHEN failures + 1 >= ? THEN CAST(? AS BIGINT) ELSE NULL END`, [maxFailures, now]),
      lease_expires_at: null,
      updated_at: now,
    })
    .returning(['id', 'attempts', 'status', 'lease_owner', 'claimed_at', 'last_error']);
  const list = rows as Array<{ id: number; attempts: number; status: string; lease_owner: string | null; claimed_at: number | null; last_error: string }>;
  if (list.length > 0) {
    await recordAttempts(db, list.map((r) => ({
      eventId: Number(r.id),
      attempt: Number(r.attempts),
      worker: r.lease_owner,
      startedAt: Number(r.claimed_at ?? now),
      finishedAt: now,
      outcome: 'lost' as const,
      error: r.last_error,
    })));
  }
  return {
    requeued: list.filter((r) => r.status === 'pending').map((r) => Number(r.id)),
    failed: list.filter((r) => r.status === 'failed').map((r) => Number(r.id)),
  };
}
