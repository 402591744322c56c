import type { Database } from './database';
import type { ClaimOptions } from './claim-due-events';
import type { EventRow } from './event-types';
import { runPrepared } from './prepared-statement';

/**
 * SQLite: one UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING. Atomic because SQLite has a single writer;
 * Knex would silently drop FOR UPDATE SKIP LOCKED here, so a select-then-update is never used. Prepared once per
 * connection (runPrepared): the worker claims about once per event.
 */
export async function claimDueEventsSqlite(db: Database, o: ClaimOptions): Promise<EventRow[]> {
  const result = await runPrepared<EventRow>(
    db, 'ghlp_claim',
    `UPDATE webhook_events
        SET status = 'processing', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?,
            pending_key = NULL, claimed_at = ?, updated_at = ?
      WHERE id IN (SELECT id FROM webhook_events
                    WHERE status = 'pending' AND next_retry_at <= ?
                    ORDER BY next_retry_at, id
                    LIMIT ?)
      RETURNING *`,
    [o.owner, o.now + o.leaseMs, o.now, o.now, o.now, o.limit],
  );
  return result.rows;
}
