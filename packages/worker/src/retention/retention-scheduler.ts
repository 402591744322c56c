import type { Logger } from '@ghl-payments/core';
import type { PurgeCounts, Store } from '@ghl-payments/store';

/** The job's row in reconcile_leases. */
export const PURGE_JOB = 'purge';
/** Retention runs once a day. */
export const PURGE_INTERVAL_MS = 24 * 3_600_000;
/** Long enough for a large purge in batches; a worker that died holding it delays the next run by this much at most. */
export const PURGE_LEASE_MS = 30 * 60_000;
/** A worker in --loop looks whether the purge is due at most this often. */
const CHECK_INTERVAL_MS = 5 * 60_000;

export interface RetentionSchedulerDeps {
  store: Store;
  /** RETENTION_DAYS in milliseconds; null (off): never purges. */
  maxAgeMs: number | null;
  /** The worker's id: the lease owner, and named in the audit entry. */
  workerId: string;
  now: () => number;
  logger: Logger;
  leaseMs?: number;
}

/** Retention inside the worker: once a day, one worker at a time across processes and hosts. */
export interface RetentionScheduler {
  /** Purges when the day's purge is due and no other worker holds it; the counts, or null when it did not run. */
  runIfDue(shouldStop?: () => boolean): Promise<PurgeCounts | null>;
  /** For the loop: from time to time, starts runIfDue in the background (never waits for it; never rejects). */
  poll(shouldStop: () => boolean): void;
  /** Resolves once a background purge (if any) has ended. */
  settle(): Promise<void>;
}

/**
 * Builds the scheduler. The first worker to run after installation (or an upgrade) purges at once, then once a day:
 * the schedule lives in the database, so restarts and several workers change nothing.
 */
export function createRetentionScheduler(deps: RetentionSchedulerDeps): RetentionScheduler {
  const { store, logger, now, workerId, maxAgeMs } = deps;
  const leaseMs = deps.leaseMs ?? PURGE_LEASE_MS;
  let running: Promise<void> | null = null;
  let nextCheckAt = -Infinity;

  const runIfDue = async (shouldStop?: () => boolean): Promise<PurgeCounts | null> => {
    if (maxAgeMs === null) return null;
    const startedAt = now();
    const claim = await store.claimJobLease({ name: PURGE_JOB, owner: workerId, leaseMs, now: startedAt, firstDueAt: startedAt });
    if (!claim.claimed) return null;
    let nextDueAt: number | null = startedAt + PURGE_INTERVAL_MS;
    try {
      const counts = await store.purgeExpiredData({
        before: startedAt - maxAgeMs, now: startedAt, actor: 'worker', auditDetail: { worker: workerId }, shouldStop,
      });
      if (shouldStop?.()) nextDueAt = null; // may have stopped early: the next worker to look finishes it
      logger.info(`retention: cleared the personal data of events=${counts.events} payments=${counts.payments} older than ${Math.round(maxAgeMs / 86_400_000)} days`, { ...counts });
      return counts;
    } catch (err) {
      nextDueAt = null;
      throw err;
    } finally {
      await store.releaseJobLease(PURGE_JOB, workerId, nextDueAt).catch(() => undefined);
    }
  };

  return {
    runIfDue,
    poll(shouldStop) {
      if (running || maxAgeMs === null || now() < nextCheckAt) return;
      nextCheckAt = now() + CHECK_INTERVAL_MS;
      running = runIfDue(shouldStop)
        .then(() => undefined)
        .catch((err: Error) => { logger.error('retention purge failed', { error: err.message }); })
        .finally(() => { running = null; });
    },
    settle: async () => { await running; },
  };
}
