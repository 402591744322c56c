import type { Driver } from './drivers/driver';
import { applyEventFilter, EventFilter } from './event-filter';
import { EventStatus, toWebhookEvent } from './event-types';
import type { RetryEventResult } from './store';

/** Statuses an operator may send back to the queue one by one (a pending event is simply made due now). */
export const RETRYABLE_STATUSES: readonly EventStatus[] = ['failed', 'ignored', 'pending'];
/** Statuses a bulk retry touches: the finished-but-not-successful ones. */
export const BULK_RETRYABLE_STATUSES: readonly EventStatus[] = ['failed', 'ignored'];

/** What a retry writes: pending, due now, a fresh retry schedule, no lease. */
function retryChanges(now: number): Record<string, unknown> {
  return {
    status: 'pending', next_retry_at: now, failures: 0, lease_owner: null, lease_expires_at: null, processed_at: null, updated_at: now,
  };
}

/**
 * Sends one event back to `pending`, due now (failed, ignored or pending events only; a processing or successful one is a
 * conflict). Atomic: a worker claiming it at the same moment either wins (conflict) or finds it pending.
 */
export async function retryEvent(db: Driver, id: number, now: number): Promise<RetryEventResult> {
  const rows = await db.knex('webhook_events').where('id', id).whereIn('status', [...RETRYABLE_STATUSES])
    .update(retryChanges(now)).returning('*');
  if (rows.length === 1) {
    await db.notifyWorkers();
    return { state: 'retried', event: toWebhookEvent(rows[0]) };
  }
  const current = await db.knex('webhook_events').where('id', id).first('status');
  return current ? { state: 'conflict', status: current.status as EventStatus } : { state: 'not-found' };
}

/** The statuses of the filter that a bulk retry may touch (all of BULK_RETRYABLE_STATUSES when the filter has none). */
function bulkStatuses(filter: EventFilter): EventStatus[] {
  const wanted = filter.statuses && filter.statuses.length > 0 ? filter.statuses : BULK_RETRYABLE_STATUSES;
  return BULK_RETRYABLE_STATUSES.filter((s) => wanted.includes(s));
}

/**
 * Retries every failed or ignored event matching the filter in one statement; with `dryRun` only counts them.
 * Returns how many events were (or would be) retried.
 */
export async function retryEvents(db: Driver, filter: EventFilter, options: { now: number; dryRun?: boolean }): Promise<number> {
  const statuses = bulkStatuses(filter);
  if (statuses.length === 0) return 0;
  const scoped: EventFilter = { ...filter, statuses };
  if (options.dryRun) {
    const row = await applyEventFilter(db.knex, db.knex({ e: 'webhook_events' }), scoped).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }
  const ids = applyEventFilter(db.knex, db.knex({ e: 'webhook_events' }).select('e.id'), scoped);
  const count = Number(await db.knex('webhook_events').whereIn('id', ids).whereIn('status', statuses).update(retryChanges(options.now)));
  if (count > 0) await db.notifyWorkers();
  return count;
}
