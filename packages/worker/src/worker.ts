import type { Config, Logger } from '@ghl-payments/core';
import type { PipelineClients, ProcessEvent } from '@ghl-payments/pipeline';
import { DEFAULT_ACCOUNT, FairShare, Store, WebhookEvent } from '@ghl-payments/store';
import type { AccountRuntimes } from './account-runtimes';
import type { CircuitBreaker } from './circuit-breaker';
import { countEventsToClaim } from './count-events-to-claim';
import { keepLeasesAlive } from './keep-leases-alive';
import { LeasedEvents } from './leased-events';
import { createReconcileScheduler } from './reconcile/reconcile-scheduler';
import { releaseLeases } from './release-leases';
import { createRetentionScheduler } from './retention/retention-scheduler';
import { deferEvent, EventResult, runEvent, RunEventDeps, WorkerHooks } from './run-event';
import { WakeSignal } from './wake-signal';
import { createWorkerId } from './worker-id';
import { countResult, createSummary, WorkerSummary } from './worker-summary';

export interface WorkerDeps {
  store: Store;
  config: Config;
  logger: Logger;
  processEvent: ProcessEvent;
  clients: PipelineClients;
  workerId?: string;
  now?: () => number;
  random?: () => number;
  hooks?: WorkerHooks;
  /** Stops claiming while an upstream's circuit is open (fed by the pipeline clients' HttpHooks.onCall). */
  breaker?: CircuitBreaker;
  /** How long the reconciliation sweep lease lasts (default RECONCILE_LEASE_MS; shorter in tests). */
  reconcileLeaseMs?: number;
  /** Stored accounts (docs/agencies.md): each account's events run with its credentials and rules, and get a fair share. */
  accounts?: AccountRuntimes;
}

export interface Worker {
  readonly id: string;
  readonly summary: WorkerSummary;
  /** Processes every event due now (and those that become due while it runs), then resolves. */
  runOnce(): Promise<WorkerSummary>;
  /** Keeps claiming until stop(); resolves once in-flight events finished or were released. */
  runLoop(): Promise<WorkerSummary>;
  /** Stops claiming; in-flight events get `worker.graceMs` to finish, then their leases are released. */
  stop(): void;
  /** Cuts the idle sleep short (a new event was stored). */
  wake(): void;
}

type RunMode = 'once' | 'loop';

const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** Expired leases are looked for at most this often (and at least twice per lease). */
const MAX_RESCUE_INTERVAL_MS = 5000;

/**
 * Builds a worker, shaped like pg-boss's: one loop claims due events, starts them (up to `concurrency` at once, with a
 * few claimed ahead), then sleeps until woken — a new event notified, a slot freed, stop() — or the poll interval.
 * While it runs, the leases it holds are renewed and the expired leases of dead workers are taken back.
 */
export function createWorker(deps: WorkerDeps): Worker {
  const { store, config, logger } = deps;
  const now = deps.now ?? Date.now;
  const id = deps.workerId ?? createWorkerId();
  const { concurrency, batchSize, pollIntervalMs, leaseMs, graceMs, retryScheduleMs } = config.worker;
  const runDeps: RunEventDeps = {
    ctx: { store, config, logger, now, clients: deps.clients },
    processEvent: deps.processEvent,
    workerId: id,
    random: deps.random ?? Math.random,
    hooks: deps.hooks,
    breaker: deps.breaker,
  };
  const summary = createSummary();
  const events = new LeasedEvents(id);
  const wakeSignal = new WakeSignal();
  // reconciliation sweeps every RECONCILE_INTERVAL, one worker at a time (reconcile/reconcile-scheduler.ts)
  const reconciler = createReconcileScheduler({
    store, mercadopago: deps.clients.mercadopago, config, workerId: id, now, logger, hooks: deps.hooks, leaseMs: deps.reconcileLeaseMs,
    listAccounts: deps.accounts && (async () => (await deps.accounts!.listEnabled()).map((r) => ({ account: r.account, mercadopago: r.clients.mercadopago }))),
    // an agency's deployment may have no shop of its own: without MP_ACCESS_TOKEN only the stored accounts are swept
    sweepsDefault: config.mercadopago.accessToken !== undefined || !deps.accounts,
  });
  // retention (RETENTION_DAYS): once a day, one worker at a time (retention/retention-scheduler.ts)
  const retention = createRetentionScheduler({ store, maxAgeMs: config.retention?.maxAgeMs ?? null, workerId: id, now, logger });
  let stopping = false;
  let started = false;

  let fairShare: FairShare | undefined; // set by each claim while the database holds accounts
  // with accounts, each account's circuits hold back only that account's events (blockedAccounts in the claim)
  const admitted = (): number => (fairShare ? Infinity : deps.breaker?.admits(events.runningCount) ?? Infinity);

  /** Each account's room (ACCOUNT_MAX_IN_FLIGHT less what this worker holds of it), without the accounts whose circuit is open. */
  const shareAccounts = async (): Promise<FairShare | undefined> => {
    if (!deps.accounts || !(await deps.accounts.hasAccounts())) return undefined;
    const max = config.accounts.maxInFlight;
    const room: Record<string, number> = {};
    for (const [account, held] of events.countByAccount()) room[account] = Math.max(0, max - held);
    return { room, defaultRoom: max, exclude: deps.breaker?.blockedAccounts((account) => events.runningOf(account)) ?? [] };
  };
  const countToClaim = (): number => countEventsToClaim({
    concurrency, batchSize, running: events.runningCount, buffered: events.waitingCount, admitted: admitted(),
  });

  /** Starts waiting events while a slot is free and the circuits admit them. */
  const startWaiting = (): void => {
    for (let admits = admitted(); !stopping && admits > 0 && events.runningCount < concurrency; admits -= 1) {
      const event = events.takeNextWaiting();
      if (!event) return;
      events.markRunning(event, runAttempt(event));
    }
  };

  /** One attempt; when it ends its slot goes to a waiting event, and the loop is woken if it has claiming to do. */
  const runAttempt = (event: WebhookEvent): Promise<void> => runForAccount(event)
    .then((result) => countResult(summary, result), (err: Error) => {
      // Saving the outcome failed (database down): the lease expires and another attempt picks the event up.
      logger.error('could not save an event outcome; it will be retried after its lease', { eventId: event.id, error: err.message });
      summary.lost += 1;
    })
    .finally(() => {
      events.markFinished(event.id);
      startWaiting();
      if (events.isEmpty || countToClaim() > 0) wakeSignal.wake();
    });

  /** Runs an event with its account's credentials and rules; a disabled or unknown account's event waits. */
  const runForAccount = async (event: WebhookEvent): Promise<EventResult> => {
    if (!deps.accounts || event.account === DEFAULT_ACCOUNT) return runEvent(event, runDeps);
    const runtime = await deps.accounts.runtimeOf(event.account);
    if ('unavailable' in runtime) return deferEvent(event, runDeps, runtime.unavailable);
    return runEvent(event, { ...runDeps, ctx: { ...runDeps.ctx, config: runtime.config, clients: runtime.clients, rules: runtime.rules } });
  };

  /** Claim → start → sleep, until stop() (loop mode) or until nothing is due or running any more (once mode). */
  const claimUntilDone = async (mode: RunMode): Promise<void> => {
    let backoffMs = 0;
    let lastRescueAt = -Infinity;
    while (!stopping) {
      if (mode === 'loop') reconciler.poll(() => stopping, (swept) => { if (swept.queued > 0) wakeSignal.wake(); });
      if (mode === 'loop') retention.poll(() => stopping);
      let limit: number;
      let claimed: WebhookEvent[];
      try {
        if (now() - lastRescueAt >= Math.min(leaseMs / 2, MAX_RESCUE_INTERVAL_MS)) {
          lastRescueAt = now();
          await takeBackExpiredLeases(store, { now: lastRescueAt, maxFailures: retryScheduleMs.length + 1, logger, hooks: deps.hooks });
        }
        fairShare = await shareAccounts();
        limit = countToClaim();
        claimed = limit > 0 ? await store.claimDueEvents({ owner: id, limit, leaseMs, now: now(), fairShare }) : [];
        if (backoffMs > 0) logger.info('database reachable again; resuming');
        backoffMs = 0;
      } catch (err) {
        backoffMs = Math.min(Math.max(backoffMs * 2, FIRST_BACKOFF_MS), MAX_BACKOFF_MS);
        logger.error(`cannot claim events (database unreachable?); retrying in ${backoffMs}ms`, { error: (err as Error).message });
        await wakeSignal.sleep(backoffMs);
        continue;
      }
      events.addWaiting(claimed);
      startWaiting();
      if (limit > 0 && claimed.length === limit) continue; // there may be more due right now
      if (mode === 'once' && events.isEmpty) return;
      await wakeSignal.sleep(pollIntervalMs);
    }
  };

  /** Graceful stop: events never started go back at once; running ones get `graceMs` to finish, then go back too. */
  const releaseHeldEvents = async (): Promise<void> => {
    await releaseLeases(store, events.takeAllWaiting(), { reason: 'the worker stopped before this attempt started', worker: id, now });
    if (events.runningCount === 0) return;
    logger.info(`waiting up to ${graceMs}ms for ${events.runningCount} in-flight event(s)`);
    if (await events.waitForRunning(graceMs)) return;
    const left = events.runningLeases();
    logger.warn(`grace period over; releasing ${left.length} event(s) back to pending`, { events: left.map((l) => l.eventId) });
    await releaseLeases(store, left, { reason: 'the worker stopped before this attempt finished', worker: id, now });
  };

  const run = async (mode: RunMode): Promise<WorkerSummary> => {
    const stopRenewing = keepLeasesAlive({ store, events, leaseMs, now, logger });
    try {
      // loop mode: storing an event wakes the worker (PostgreSQL LISTEN/NOTIFY, a local datagram on SQLite); polling is the fallback
      const listener = mode === 'loop' ? store.listenForEvents({
        onNotify: () => wakeSignal.wake(),
        onError: (err) => logger.warn('LISTEN connection lost; polling until it is back', { error: err.message }),
      }) : null;
      try {
        if (mode === 'once') await reconciler.runIfDue(() => stopping).catch((err: Error) => logger.error('reconciliation sweep failed', { error: err.message }));
        await claimUntilDone(mode);
        if (mode === 'once') await retention.runIfDue(() => stopping).catch((err: Error) => logger.error('retention purge failed', { error: err.message }));
        await reconciler.settle();
        await retention.settle();
      } finally {
        await listener?.close();
      }
      await releaseHeldEvents();
    } finally {
      stopRenewing();
    }
    return summary;
  };

  const start = (mode: RunMode): Promise<WorkerSummary> => {
    if (started) throw new Error('this worker is already running');
    started = true;
    return run(mode);
  };

  return {
    id,
    summary,
    runOnce: () => start('once'),
    runLoop: () => start('loop'),
    stop() {
      stopping = true;
      wakeSignal.wake();
    },
    wake: () => wakeSignal.wake(),
  };
}

/**
 * Events whose worker died (lease expired) go back to pending, or to failed once their lost attempts reach
 * `maxFailures`; those are reported to the onFailed hook like any other failure.
 */
async function takeBackExpiredLeases(
  store: Store,
  options: { now: number; maxFailures: number; logger: Logger; hooks?: WorkerHooks },
): Promise<void> {
  const rescued = await store.rescueExpiredLeases({ now: options.now, maxFailures: options.maxFailures });
  if (rescued.requeued.length || rescued.failed.length) {
    options.logger.warn('took back events from a worker that stopped (lease expired)', { requeued: rescued.requeued, failed: rescued.failed });
  }
  for (const eventId of rescued.failed) options.hooks?.onFailed?.({ eventId, reason: 'its worker stopped during every attempt (lease expired)' });
}
