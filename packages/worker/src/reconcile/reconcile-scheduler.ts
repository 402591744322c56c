import type { Config, Logger } from '@ghl-payments/core';
import type { MercadoPagoClient } from '@ghl-payments/pipeline';
import type { Store } from '@ghl-payments/store';
import type { WorkerHooks } from '../run-event';
import type { ReconcileResult } from './reconcile-result';
import { sweepPayments } from './sweep-payments';

/** How long the sweep lease lasts; renewed before each page, so only a dead sweeper lets it expire. */
export const RECONCILE_LEASE_MS = 60_000;
/** A worker looks whether a sweep is due at most this often (and at least four times per interval). */
const MAX_CHECK_INTERVAL_MS = 60_000;

export interface ReconcileSchedulerDeps {
  store: Store;
  mercadopago: Pick<MercadoPagoClient, 'searchPayments'>;
  config: Pick<Config, 'reconcile'>;
  /** The worker's id: the lease owner and who the sweeps are recorded as run by. */
  workerId: string;
  now: () => number;
  logger: Logger;
  hooks?: WorkerHooks;
  leaseMs?: number;
  /** Stored accounts to sweep as well, each with its own MercadoPago client, lease and schedule (docs/agencies.md). */
  listAccounts?: () => Promise<SweepTarget[]>;
  /** False when the environment-configured shop has no MercadoPago token: only the stored accounts are swept. */
  sweepsDefault?: boolean;
}

/** One account a scheduled sweep covers: its slug and a MercadoPago client with its token. */
export interface SweepTarget {
  account: string;
  mercadopago: Pick<MercadoPagoClient, 'searchPayments'>;
}

/** Runs the scheduled sweeps of one worker: at most one at a time in the process, one at a time across workers. */
export interface ReconcileScheduler {
  /**
   * Sweeps each account whose sweep is due and whose lease no other worker holds; the environment-configured shop's
   * result, or null when it did not run.
   */
  runIfDue(shouldStop?: () => boolean): Promise<ReconcileResult | null>;
  /** For the loop: from time to time, starts runIfDue in the background (never waits for it); `onSwept` gets its result. */
  poll(shouldStop: () => boolean, onSwept: (result: ReconcileResult) => void): void;
  /** Resolves once a background sweep (if any) has ended. */
  settle(): Promise<void>;
}

/** Builds the scheduler; with RECONCILE_INTERVAL=off it never sweeps. */
export function createReconcileScheduler(deps: ReconcileSchedulerDeps): ReconcileScheduler {
  const { store, logger, now, workerId } = deps;
  const intervalMs = deps.config.reconcile.intervalMs;
  const leaseMs = deps.leaseMs ?? RECONCILE_LEASE_MS;
  const checkEveryMs = intervalMs === null ? Infinity : Math.min(MAX_CHECK_INTERVAL_MS, Math.max(intervalMs / 4, 250));
  let running: Promise<void> | null = null;
  let nextCheckAt = -Infinity;

  /** One account's sweep when it is due and no other worker holds that account's lease; null when none ran. */
  const sweepIfDue = async (target: SweepTarget | null, shouldStop?: () => boolean): Promise<ReconcileResult | null> => {
    if (intervalMs === null) return null;
    const account = target?.account;
    const startedAt = now();
    const claim = await store.claimReconcileLease({ owner: workerId, leaseMs, now: startedAt, firstDueAt: startedAt + intervalMs, account });
    if (!claim.claimed) return null;
    let nextDueAt: number | null = startedAt + intervalMs;
    try {
      const window = { start: startedAt - deps.config.reconcile.windowMs, end: startedAt };
      const outcome = await sweepPayments({
        store, mercadopago: target?.mercadopago ?? deps.mercadopago, window, dryRun: false, runBy: workerId, now, logger, leaseMs, shouldStop, account,
      });
      if (outcome.interrupted) nextDueAt = null; // still due: the next worker to look sweeps
      const result = { ...outcome.result, ...(account ? { account } : {}) };
      const summary = {
        ...(account ? { account } : {}), pages: result.pages, checked: result.checked, missing: result.missing, changed: result.changed, queued: result.queued, silent: result.silent.length,
      };
      const whose = account ? ` of account ${account}` : '';
      if (outcome.error) logger.warn(`reconciliation sweep${whose} ended early: ${outcome.error}`, summary);
      else logger.info(`reconciliation sweep${whose}: checked=${result.checked} missing=${result.missing} changed=${result.changed} queued=${result.queued}`, summary);
      try {
        deps.hooks?.onReconciled?.(result);
      } catch (err) {
        logger.warn('observer onReconciled failed', { error: (err as Error).message });
      }
      return result;
    } finally {
      await store.releaseReconcileLease(workerId, nextDueAt, account);
    }
  };

  /** Every due sweep, the environment-configured shop's first, then each account's; one account's failure does not stop the others. */
  const sweepAll = async (shouldStop: (() => boolean) | undefined, onSwept: (result: ReconcileResult) => void): Promise<ReconcileResult | null> => {
    const first = deps.sweepsDefault === false ? null : await sweepIfDue(null, shouldStop);
    if (first) onSwept(first);
    for (const target of (await deps.listAccounts?.()) ?? []) {
      if (shouldStop?.()) break;
      const result = await sweepIfDue(target, shouldStop).catch((err: Error) => {
        logger.error(`reconciliation sweep of account ${target.account} failed`, { account: target.account, error: err.message });
        return null;
      });
      if (result) onSwept(result);
    }
    return first;
  };
  const runIfDue = (shouldStop?: () => boolean): Promise<ReconcileResult | null> => sweepAll(shouldStop, () => undefined);

  return {
    runIfDue,
    poll(shouldStop, onSwept) {
      if (running || intervalMs === null || now() < nextCheckAt) return;
      nextCheckAt = now() + checkEveryMs;
      running = sweepAll(shouldStop, onSwept)
        .then(() => undefined)
        .catch((err: Error) => { logger.error('reconciliation sweep failed', { error: err.message }); })
        .finally(() => { running = null; });
    },
    settle: async () => { await running; },
  };
}
