import type { Driver } from './drivers/driver';
import type { Lease } from './lease';

/** Extends the leases this worker still holds (same owner and attempt); returns the event ids whose lease was renewed. */
export async function renewLeases(db: Driver, leases: readonly Lease[], leaseMs: number, now: number): Promise<Set<number>> {
  if (leases.length === 0) return new Set();
  const owner = leases[0].owner;
  const rows = await db.knex('webhook_events')
    .where({ status: 'processing', lease_owner: owner })
    .whereIn('id', leases.map((l) => l.eventId))
    .update({ lease_expires_at: now + leaseMs, updated_at: now })
    .returning(['id', 'attempts']) as Array<{ id: number; attempts: number }>;
  const wanted = new Map(leases.map((l) => [l.eventId, l.attempt]));
  return new Set(rows.filter((r) => wanted.get(Number(r.id)) === Number(r.attempts)).map((r) => Number(r.id)));
}
