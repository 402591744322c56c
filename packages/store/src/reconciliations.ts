import type { Driver } from './drivers/driver';
import { rowsOf } from './raw-sql';
import { DEFAULT_ACCOUNT } from './event-types';

/** What one reconciliation sweep searched, found and did (a row of `reconciliations`). */
export interface ReconciliationRecord {
  startedAt: number;
  finishedAt: number;
  /** The window searched, by MercadoPago's date_last_updated (epoch ms, both ends included). */
  windowStart: number;
  windowEnd: number;
  pages: number;
  checked: number;
  /** Payments we never recorded. */
  missing: number;
  /** Payments whose MercadoPago status differs from the one recorded. */
  changed: number;
  /** Events queued (source `reconcile`); with dryRun, what would have been queued. */
  queued: number;
  errors: number;
  dryRun: boolean;
  /** Who ran it: a worker id, or `cli:<host>:<pid>` for the command. */
  runBy: string;
  /** What ended the sweep early (refused token, MercadoPago down, shutdown); null when it went through. */
  error: string | null;
  /** The account whose MercadoPago payments were searched (absent: `default`, the environment-configured shop). */
  account?: string;
}

export interface Reconciliation extends ReconciliationRecord {
  id: number;
  account: string;
}

/** Whether the sweep lease was taken; when not, who holds it (or why not) and when the next sweep is due. */
export type ReconcileLeaseClaim =
  | { claimed: true }
  | { claimed: false; owner: string | null; expiresAt: number; dueAt: number };

export interface ReconcileLeaseRequest {
  owner: string;
  leaseMs: number;
  now: number;
  /** When the first sweep is due if none was ever scheduled (the row is created with it). */
  firstDueAt: number;
  /** Take the lease even before the next sweep is due (the `reconcile` command); never while another holds it. */
  ignoreSchedule?: boolean;
  /** Whose sweep: each account has its own lease and schedule (absent: the environment-configured shop). */
  account?: string;
}

/** What the events table already holds for payments a sweep found. */
export interface PaymentEventState {
  /** Payment ids with an event still waiting or running (pending or processing), from any source. */
  pending: Set<string>;
  /** Payment ids a notification (webhook or IPN) ever announced. */
  notified: Set<string>;
  /** The dedup keys, among those asked about, that are already stored. */
  storedKeys: Set<string>;
}

/** The sweep lease of an account: `reconcile` for the environment-configured shop, `rc:<slug>` for a stored account. */
const leaseName = (account?: string): string => (!account || account === DEFAULT_ACCOUNT ? 'reconcile' : `rc:${account}`);
const ENSURE_LEASE_SQL = 'INSERT INTO reconcile_leases (name, owner, expires_at, due_at) VALUES (?, NULL, 0, ?) ON CONFLICT (name) DO NOTHING';
/** Takes the lease when nobody holds it (or the holder's expired) and the sweep is due: one statement, so one winner. */
const CLAIM_LEASE_SQL = `UPDATE reconcile_leases SET owner = ?, expires_at = ?
  WHERE name = ? AND (owner IS NULL OR expires_at <= ?) AND due_at <= ? RETURNING owner`;

const EVENT_STATE_COLUMNS = "MAX(CASE WHEN status IN ('pending', 'processing') THEN 1 ELSE 0 END) AS pending, "
  + "MAX(CASE WHEN source IN ('webhook', 'ipn') THEN 1 ELSE 0 END) AS notified";

const toBool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';

function toReconciliation(row: Record<string, unknown>): Reconciliation {
  return {
    id: Number(row.id),
    startedAt: Number(row.started_at),
    finishedAt: Number(row.finished_at),
    windowStart: Number(row.window_start),
    windowEnd: Number(row.window_end),
    pages: Number(row.pages),
    checked: Number(row.checked),
    missing: Number(row.missing),
    changed: Number(row.changed),
    queued: Number(row.queued),
    errors: Number(row.errors),
    dryRun: toBool(row.dry_run),
    runBy: String(row.run_by),
    error: (row.error as string | null) ?? null,
    account: row.account === null || row.account === undefined ? DEFAULT_ACCOUNT : String(row.account),
  };
}

/** Records a finished sweep; returns its id. */
export async function recordReconciliation(db: Driver, record: ReconciliationRecord): Promise<number> {
  const [row] = await db.knex('reconciliations').insert({
    started_at: record.startedAt, finished_at: record.finishedAt, window_start: record.windowStart, window_end: record.windowEnd,
    pages: record.pages, checked: record.checked, missing: record.missing, changed: record.changed, queued: record.queued,
    errors: record.errors, dry_run: record.dryRun, run_by: record.runBy, error: record.error, account: record.account ?? DEFAULT_ACCOUNT,
  }).returning('id');
  return Number(typeof row === 'object' ? (row as { id: number }).id : row);
}

/** The latest sweeps, newest first: one account's when `account` is given, everyone's otherwise. */
export async function listReconciliations(db: Driver, limit: number, account?: string): Promise<Reconciliation[]> {
  const query = db.knex('reconciliations').orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit);
  if (account !== undefined) query.where('account', account);
  return (await query).map(toReconciliation);
}

/**
 * Takes the sweep lease for `owner` until now + leaseMs: only when no live lease is held and the next sweep is due
 * (unless ignoreSchedule). The row is created on first use with `firstDueAt`, so a new installation sweeps one interval
 * after its first worker starts.
 */
export async function claimReconcileLease(db: Driver, request: ReconcileLeaseRequest): Promise<ReconcileLeaseClaim> {
  const { owner, leaseMs, now } = request;
  const name = leaseName(request.account);
  await db.knex.raw(ENSURE_LEASE_SQL, [name, request.firstDueAt]);
  const dueBy = request.ignoreSchedule ? Number.MAX_SAFE_INTEGER : now;
  const claimed = rowsOf(await db.knex.raw(CLAIM_LEASE_SQL, [owner, now + leaseMs, name, now, dueBy]));
  if (claimed.length > 0) return { claimed: true };
  const row = await db.knex('reconcile_leases').where('name', name).first();
  const live = row && row.owner !== null && Number(row.expires_at) > now;
  return { claimed: false, owner: live ? String(row.owner) : null, expiresAt: Number(row?.expires_at ?? 0), dueAt: Number(row?.due_at ?? 0) };
}

/** Extends the lease while `owner` still holds it; false when it was lost (expired and taken over). */
export async function renewReconcileLease(db: Driver, owner: string, leaseMs: number, now: number, account?: string): Promise<boolean> {
  const updated = await db.knex('reconcile_leases').where({ name: leaseName(account), owner }).update({ expires_at: now + leaseMs });
  return Number(updated) > 0;
}

/** Gives the lease back; `nextDueAt` schedules the next sweep (null leaves the schedule as it was). */
export async function releaseReconcileLease(db: Driver, owner: string, nextDueAt: number | null, account?: string): Promise<void> {
  await db.knex('reconcile_leases').where({ name: leaseName(account), owner })
    .update(nextDueAt === null ? { owner: null, expires_at: 0 } : { owner: null, expires_at: 0, due_at: nextDueAt });
}

/** The recorded status of each of these MercadoPago payments that is stored, in one statement (absent: never seen). */
export async function findPaymentStatuses(db: Driver, mpPaymentIds: readonly string[]): Promise<Map<string, string | null>> {
  if (mpPaymentIds.length === 0) return new Map();
  const rows = await db.knex('payments').select('mp_payment_id', 'status').whereIn('mp_payment_id', [...new Set(mpPaymentIds)]);
  return new Map(rows.map((r: Record<string, unknown>) => [String(r.mp_payment_id), (r.status as string | null) ?? null]));
}

/**
 * For these payment ids: which have a pending or processing event (any source), which a notification ever announced,
 * and which of `dedupKeys` are already stored. Two statements on indexed columns (resource_id, dedup_key).
 */
export async function findPaymentEventState(db: Driver, mpPaymentIds: readonly string[], dedupKeys: readonly string[]): Promise<PaymentEventState> {
  const state: PaymentEventState = { pending: new Set(), notified: new Set(), storedKeys: new Set() };
  if (mpPaymentIds.length > 0) {
    const rows = await db.knex('webhook_events')
      .select('resource_id', db.knex.raw(EVENT_STATE_COLUMNS))
      .where('topic', 'payment')
      .whereIn('resource_id', [...new Set(mpPaymentIds)])
      .groupBy('resource_id');
    for (const row of rows as Array<Record<string, unknown>>) {
      if (Number(row.pending) === 1) state.pending.add(String(row.resource_id));
      if (Number(row.notified) === 1) state.notified.add(String(row.resource_id));
    }
  }
  if (dedupKeys.length > 0) {
    const rows = await db.knex('webhook_events').select('dedup_key').whereIn('dedup_key', [...new Set(dedupKeys)]);
    for (const row of rows as Array<Record<string, unknown>>) state.storedKeys.add(String(row.dedup_key));
  }
  return state;
}
