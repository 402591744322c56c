import type { Driver } from './drivers/driver';
import { recordAttempts } from './record-attempt';
import type { RescueResult } from './store';

/**
 * Events whose worker died (lease expired while processing) go back to pending, due now; the lost attempt counts
 * as a failure, so an event that kills its worker every time ends `failed` instead of looping forever. The events and
 * their `lost` attempt rows are written in one transaction.
 */
export async function rescueExpiredLeases(db: Driver, options: { now: number; maxFailures: number }): Promise<RescueResult> {
  const { now, maxFailures } = options;
  const rows = await db.knex.transaction(async (trx) => {
    const rescued = await trx('webhook_events')
      .where('status', 'processing') // served by the due index (status first)
      .andWhere('lease_expires_at', '<', now)
      .update({
        status: trx.raw(`CASE WHEN failures + 1 >= ? THEN 'failed' ELSE 'pending' END`, [maxFailures]),
        failures: trx.raw('failures + 1'),
        next_retry_at: now,
        last_error: trx.raw(`'worker ' || COALESCE(lease_owner, 'unknown') || ' stopped holding this event (lease expired); attempt ' || attempts || ' abandoned'`),
        processed_at: trx.raw(`CASE WHEN failures + 1 >= ? THEN CAST(? AS BIGINT) ELSE NULL END`, [maxFailures, now]),
        lease_expires_at: null,
        updated_at: now,
      })
      .returning(['id', 'attempts', 'status', 'lease_owner', 'claimed_at', 'last_error']) as Array<{
        id: number; attempts: number; status: string; lease_owner: string | null; claimed_at: number | null; last_error: string;
      }>;
    await recordAttempts(trx, rescued.map((r) => ({
      eventId: Number(r.id),
      attempt: Number(r.attempts),
      worker: r.lease_owner,
      startedAt: Number(r.claimed_at ?? now),
      finishedAt: now,
      outcome: 'lost' as const,
      error: r.last_error,
    })));
    return rescued;
  });
  return {
    requeued: rows.filter((r) => r.status === 'pending').map((r) => Number(r.id)),
    failed: rows.filter((r) => r.status === 'failed').map((r) => Number(r.id)),
  };
}
