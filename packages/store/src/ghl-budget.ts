import type { Driver } from './drivers/driver';
import { rowsOf } from './raw-sql';

/** One request for the right to send a GoHighLevel call now, against a budget shared by every process. */
export interface BudgetSlotRequest {
  /** The GHL location whose budget is spent (GoHighLevel counts per location). */
  locationId: string;
  /** Calls allowed in any window of `perMs`. */
  requests: number;
  /** The window, in ms (any safety margin already added by the caller). */
  perMs: number;
  /** Epoch ms: the grant's time if granted. */
  now: number;
}

/** Granted (send now), or refused with the earliest instant a slot can free (no slot frees before it). */
export type BudgetSlot = { granted: true } | { granted: false; retryAt: number };

const EXPIRE_SQL = 'DELETE FROM ghl_budget_grants WHERE location_id = ? AND granted_at <= ?';
/** The latest `requests` grants still in the window (the index on (location_id, granted_at) serves both statements). */
const LATEST_SQL = 'SELECT granted_at FROM ghl_budget_grants WHERE location_id = ? ORDER BY granted_at DESC LIMIT ?';
const GRANT_SQL = 'INSERT INTO ghl_budget_grants (location_id, granted_at) VALUES (?, ?)';

/**
 * Takes one slot of a location's sliding-window budget, in one transaction holding the location's key, so processes
 * on any host take slots one after the other: that location's grants older than the window are deleted, and if
 * fewer than `requests` remain, one is recorded at `now` and granted. Otherwise the answer is when the oldest of the
 * latest `requests` grants leaves the window: the earliest a slot can free (later grants only push it further).
 */
export function takeBudgetSlot(db: Driver, request: BudgetSlotRequest): Promise<BudgetSlot> {
  const { locationId, requests, perMs, now } = request;
  return db.knex.transaction(async (trx) => {
    await db.lockKey(trx, `ghl-budget:${locationId}`);
    await trx.raw(EXPIRE_SQL, [locationId, now - perMs]);
    const latest = rowsOf(await trx.raw(LATEST_SQL, [locationId, requests]));
    if (latest.length < requests) {
      await trx.raw(GRANT_SQL, [locationId, now]);
      return { granted: true } as const;
    }
    return { granted: false, retryAt: Number(latest[latest.length - 1].granted_at) + perMs } as const;
  });
}
