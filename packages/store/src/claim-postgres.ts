import type { Database } from './database';
import type { ClaimOptions } from './claim-due-events';
import type { EventRow } from './event-types';
import { runPrepared } from './prepared-statement';

/**
 * PostgreSQL: lock due rows with FOR UPDATE SKIP LOCKED and update them in the same statement, so any number of
 * workers on any number of hosts claim disjoint batches without waiting on each other.
 */
export async function claimDueEventsPostgres(db: Database, o: ClaimOptions): Promise<EventRow[]> {
  const result = await runPrepared<EventRow>(
    db, 'ghlp_claim',
    `WITH due AS (
       SELECT id FROM webhook_events
        WHERE status = 'pending' AND next_retry_at <= ?
        ORDER BY next_retry_at, id
        LIMIT ?
        FOR UPDATE SKIP LOCKED)
     UPDATE webhook_events e
        SET status = 'processing', attempts = e.attempts + 1, lease_owner = ?, lease_expires_at = ?,
            pending_key = NULL, claimed_at = ?, updated_at = ?
       FROM due
      WHERE e.id = due.id
     RETURNING e.*`,
    [o.now, o.limit, o.owner, o.now + o.leaseMs, o.now, o.now],
    { pgNamed: false }, // RETURNING e.*: its columns follow the schema
  );
  return result.rows;
}
