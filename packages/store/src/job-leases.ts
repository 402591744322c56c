import type { Driver } from './drivers/driver';
import { rowsOf } from './raw-sql';
import type { ReconcileLeaseClaim } from './reconciliations';

/**
 * A periodic job other than the reconciliation sweep (e.g. `purge`, the retention job) run by one worker at a time,
 * with the same lease rows as the sweeps (`reconcile_leases`, one row per job name): who holds it, until when, and
 * when the job is next due.
 */
export interface JobLeaseRequest {
  /** The job's row: `purge`. At most 32 characters, and never `reconcile` or `rc:…` (the sweeps' rows). */
  name: string;
  owner: string;
  leaseMs: number;
  now: number;
  /** When the job is first due if it never ran (the row is created with it). */
  firstDueAt: number;
  /** Take the lease even before the job is due (a command run by hand); never while another holds it. */
  ignoreSchedule?: boolean;
}

const ENSURE_SQL = 'INSERT INTO reconcile_leases (name, owner, expires_at, due_at) VALUES (?, NULL, 0, ?) ON CONFLICT (name) DO NOTHING';
/** Takes the lease when nobody holds it (or the holder's expired) and the job is due: one statement, so one winner. */
const CLAIM_SQL = `UPDATE reconcile_leases SET owner = ?, expires_at = ?
  WHERE name = ? AND (owner IS NULL OR expires_at <= ?) AND due_at <= ? RETURNING owner`;

/** Takes a job's lease for `owner` until now + leaseMs, when no live lease is held and the job is due (unless ignoreSchedule). */
export async function claimJobLease(db: Driver, request: JobLeaseRequest): Promise<ReconcileLeaseClaim> {
  const { name, owner, leaseMs, now } = request;
  await db.knex.raw(ENSURE_SQL, [name, request.firstDueAt]);
  const dueBy = request.ignoreSchedule ? Number.MAX_SAFE_INTEGER : now;
  if (rowsOf(await db.knex.raw(CLAIM_SQL, [owner, now + leaseMs, name, now, dueBy])).length > 0) return { claimed: true };
  const row = await db.knex('reconcile_leases').where('name', name).first();
  const live = row && row.owner !== null && Number(row.expires_at) > now;
  return { claimed: false, owner: live ? String(row.owner) : null, expiresAt: Number(row?.expires_at ?? 0), dueAt: Number(row?.due_at ?? 0) };
}

/** Gives a job's lease back; `nextDueAt` schedules the next run (null leaves the schedule as it was). */
export async function releaseJobLease(db: Driver, name: string, owner: string, nextDueAt: number | null): Promise<void> {
  await db.knex('reconcile_leases').where({ name, owner })
    .update(nextDueAt === null ? { owner: null, expires_at: 0 } : { owner: null, expires_at: 0, due_at: nextDueAt });
}
