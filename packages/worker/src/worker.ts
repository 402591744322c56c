import type { Config, Logger } from '@ghl-payments/core';
import type { PipelineClients, ProcessEvent } from '@ghl-payments/pipeline';
import { claimDueEvents, Database, Lease, recordAttempts, renewLeases, rescueExpiredLeases, scheduleRetry, WebhookEvent } from '@ghl-payments/store';
import type { CircuitBreaker } from './circuit-breaker';
import { listenForEvents } from './listen-for-events';
import { EventResult, runEvent, WorkerHooks } from './run-event';
import { WakeSignal } from './wake-signal';
import { createWorkerId } from './worker-id';
import { createSummary, WorkerSummary } from './worker-summary';

export interface WorkerDeps {
  db: Database;
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

interface InFlight {
  lease: Lease;
  done: Promise<void>;
}

/** Builds a worker: one claim loop, up to `concurrency` events in parallel, leases renewed while they run. */
export function createWorker(deps: WorkerDeps): Worker {
  const { db, config, logger } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const id = deps.workerId ?? createWorkerId();
  const { concurrency, batchSize, pollIntervalMs, leaseMs, graceMs, retryScheduleMs } = config.worker;
  const maxFailures = retryScheduleMs.length + 1;
  const summary = createSummary();
  const inFlight = new Map<number, InFlight>();
  const wakeSignal = new WakeSignal();
  const ctx = { db, config, logger, now, clients: deps.clients };
  let stopping = false;
  let running: Promise<WorkerSummary> | null = null;
  let lastRescue = -Infinity;

  const count = (result: EventResult): void => {
    summary.processed += result === 'lost' ? 0 : 1;
    if (result === 'success') summary.success += 1;
    else if (result === 'retried') summary.retried += 1;
    else if (result === 'failed') summary.failed += 1;
    else if (result === 'ignored') summary.ignored += 1;
    else if (result === 'deferred') summary.deferred += 1;
    else summary.lost += 1;
  };

  // Claimed events waiting for a slot: a claim tops up this small buffer (`prefetch` events) in one statement instead
  // of one claim per finished event (docs/benchmarks.md).
  const ready: WebhookEvent[] = [];
  const leaseOf = (event: WebhookEvent): Lease => ({ eventId: event.id, owner: id, attempt: event.attempts });
  const prefetch = Math.min(batchSize, Math.ceil(concurrency / 2));
  const claimThreshold = Math.max(1, Math.ceil(prefetch / 2));

  /** How many events to claim now: 0 while the buffer is full enough; never more than the open circuits admit. */
  const roomToClaim = (): number => {
    const admitted = deps.breaker?.admits(inFlight.size) ?? Infinity;
    if (admitted !== Infinity) return Math.max(0, Math.min(batchSize, admitted - ready.length, concurrency - inFlight.size - ready.length));
    const idleSlots = concurrency - inFlight.size - ready.length;
    const room = idleSlots + prefetch;
    return room > 0 && (idleSlots > 0 || room >= claimThreshold) ? Math.min(batchSize, room) : 0;
  };

  const startReady = (): void => {
    let admitted = deps.breaker?.admits(inFlight.size) ?? Infinity;
    while (!stopping && ready.length > 0 && inFlight.size < concurrency && admitted > 0) {
      start(ready.shift()!);
      admitted -= 1;
    }
  };

  const start = (event: WebhookEvent): void => {
    const lease = leaseOf(event);
    const done = runEvent(event, { db, config, logger, processEvent: deps.processEvent, ctx, workerId: id, now, random, hooks: deps.hooks, breaker: deps.breaker })
      .then(count, (err: Error) => {
        // Saving the outcome failed (database down): the lease expires and another attempt picks the event up.
        logger.error('could not save an event outcome; it will be retried after its lease', { eventId: event.id, error: err.message });
        summary.lost += 1;
      })
      .finally(() => {
        inFlight.delete(event.id);
        startReady();
        if (roomToClaim() > 0 || (inFlight.size === 0 && ready.length === 0)) wakeSignal.wake();
      });
    inFlight.set(event.id, { lease, done });
  };

  const renewTimer = setInterval(() => {
    if (inFlight.size === 0 && ready.length === 0) return;
    const leases = [...[...inFlight.values()].map((f) => f.lease), ...ready.map(leaseOf)];
    renewLeases(db, leases, leaseMs, now()).then((renewed) => {
      for (const l of leases) {
        if (!renewed.has(l.eventId) && inFlight.has(l.eventId)) logger.warn('lease could not be renewed; the event may be taken by another worker', { eventId: l.eventId });
      }
    }, (err: Error) => logger.warn('lease renewal failed', { error: err.message }));
  }, Math.max(100, Math.floor(leaseMs / 3)));
  renewTimer.unref();

  const rescueIfDue = async (): Promise<void> => {
    const t = now();
    if (t - lastRescue < Math.min(leaseMs / 2, 5000)) return;
    lastRescue = t;
    const rescued = await rescueExpiredLeases(db, { now: t, maxFailures });
    if (rescued.requeued.length || rescued.failed.length) {
      logger.warn('took back events from a worker that stopped (lease expired)', { requeued: rescued.requeued, failed: rescued.failed });
    }
    for (const eventId of rescued.failed) deps.hooks?.onFailed?.({ eventId, reason: 'its worker stopped during every attempt (lease expired)' });
  };

  const drive = async (mode: 'once' | 'loop'): Promise<WorkerSummary> => {
    const listener = mode === 'loop' && db.dialect === 'postgres' ? listenForEvents(db, logger, () => wakeSignal.wake()) : null;
    let backoffMs = 0;
    try {
      while (!stopping) {
        let claimed: WebhookEvent[] = [];
        let limit = 0;
        try {
          await rescueIfDue();
          limit = roomToClaim();
          if (limit > 0) claimed = await claimDueEvents(db, { owner: id, limit, leaseMs, now: now() });
          if (backoffMs > 0) logger.info('database reachable again; resuming');
          backoffMs = 0;
        } catch (err) {
          backoffMs = Math.min(Math.max(backoffMs * 2, 500), 30_000);
          logger.error(`cannot claim events (database unreachable?); retrying in ${backoffMs}ms`, { error: (err as Error).message });
          await wakeSignal.sleep(backoffMs);
          continue;
        }
        ready.push(...claimed);
        startReady();
        if (limit > 0 && claimed.length === limit) continue; // there may be more due right now
        if (mode === 'once' && claimed.length === 0 && inFlight.size === 0 && ready.length === 0) break;
        await wakeSignal.sleep(pollIntervalMs);
      }
    } finally {
      await listener?.close();
    }
    await drainInFlight();
    return summary;
  };

  const drainInFlight = async (): Promise<void> => {
    await releaseLeases(ready.splice(0, ready.length).map(leaseOf), 'the worker stopped before this attempt started');
    if (inFlight.size === 0) return;
    logger.info(`waiting up to ${graceMs}ms for ${inFlight.size} in-flight event(s)`);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), graceMs); });
    const all = Promise.all([...inFlight.values()].map((f) => f.done)).then(() => 'done' as const);
    const which = await Promise.race([all, graceOver]);
    clearTimeout(timer);
    if (which === 'done') return;
    const left = [...inFlight.values()].map((f) => f.lease);
    logger.warn(`grace period over; releasing ${left.length} event(s) back to pending`, { events: left.map((l) => l.eventId) });
    await releaseLeases(left, 'the worker stopped before this attempt finished');
  };

  /** Gives leased events back to pending at once, without counting a failure. */
  const releaseLeases = async (leases: Lease[], reason: string): Promise<void> => {
    const t = now();
    for (const lease of leases) {
      const released = await scheduleRetry(db, lease, { error: `released: ${reason}`, nextRetryAt: t, countsAsFailure: false }, t)
        .catch(() => false);
      if (released) {
        await recordAttempts(db, [{ eventId: lease.eventId, attempt: lease.attempt, worker: id, startedAt: t, finishedAt: t, outcome: 'released', error: 'worker stopped' }]).catch(() => undefined);
      }
      inFlight.delete(lease.eventId);
    }
  };

  const run = (mode: 'once' | 'loop'): Promise<WorkerSummary> => {
    if (running) throw new Error('this worker is already running');
    running = drive(mode).finally(() => clearInterval(renewTimer));
    return running;
  };

  return {
    id,
    summary,
    runOnce: () => run('once'),
    runLoop: () => run('loop'),
    stop() {
      stopping = true;
      wakeSignal.wake();
    },
    wake: () => wakeSignal.wake(),
  };
}
