import type { Config, Logger } from '@ghl-payments/core';
import type { ProcessContext, ProcessEvent } from '@ghl-payments/pipeline';
import { completeEventWithAttempt, Database, failEvent, Lease, recordAttempts, scheduleRetry, WebhookEvent } from '@ghl-payments/store';
import type { CircuitBreaker } from './circuit-breaker';
import { deferForOpenCircuit } from './circuit-deferral';
import { decideRetry, describeError } from './retry-policy';

export type EventResult = 'success' | 'ignored' | 'retried' | 'deferred' | 'failed' | 'lost';

/** Observers of what the worker does (metrics, alerts); every hook is optional and must not throw. */
export interface WorkerHooks {
  onAttempt?(info: { event: WebhookEvent; result: EventResult; durationMs: number; error?: string }): void;
  /** An event reached `failed` (after an attempt, or because its worker kept dying: `event` is then absent). */
  onFailed?(info: { eventId: number; reason: string; event?: WebhookEvent }): void;
}

export interface RunEventDeps {
  db: Database;
  config: Config;
  logger: Logger;
  processEvent: ProcessEvent;
  ctx: ProcessContext;
  workerId: string;
  now: () => number;
  random: () => number;
  hooks?: WorkerHooks;
  /** When given, a failure on an upstream whose circuit is open is deferred without counting. */
  breaker?: CircuitBreaker;
}

/** Processes one leased event and records the outcome, fenced on the lease. Never throws for the event's own errors. */
export async function runEvent(event: WebhookEvent, deps: RunEventDeps): Promise<EventResult> {
  const { db, logger, now } = deps;
  const lease: Lease = { eventId: event.id, owner: deps.workerId, attempt: event.attempts };
  const startedAt = now();
  let result: Exclude<EventResult, 'lost'>;
  let error: string | null;
  let held: boolean;
  let recorded = false;
  let finishedAt: number;
  try {
    const outcome = await deps.processEvent(event, deps.ctx);
    result = outcome.status;
    error = outcome.status === 'ignored' ? outcome.reason : null;
    finishedAt = now();
    held = await completeEventWithAttempt(db, lease, { status: outcome.status, paymentId: outcome.paymentId ?? null, note: error }, { worker: deps.workerId, startedAt, finishedAt });
    recorded = true;
  } catch (err) {
    const decision = (deps.breaker && deferForOpenCircuit(err, deps.breaker, now(), deps.random))
      ?? decideRetry({ error: err, failures: event.failures, scheduleMs: deps.config.worker.retryScheduleMs, now: now(), random: deps.random });
    error = decision.reason;
    if (decision.kind === 'fail') {
      result = 'failed';
      held = await failEvent(db, lease, { error: decision.reason }, now());
    } else {
      result = decision.countsAsFailure ? 'retried' : 'deferred';
      held = await scheduleRetry(db, lease, { error: decision.reason, nextRetryAt: decision.at, countsAsFailure: decision.countsAsFailure }, now());
    }
    if (!(err instanceof Error) || !['RetryableError', 'PermanentError'].includes(err.name)) {
      logger.error('unexpected error while processing an event', { eventId: event.id, error: describeError(err), stack: (err as Error)?.stack });
    }
    finishedAt = now();
  }
  const durationMs = finishedAt - startedAt;
  if (!held) {
    logger.warn('lease lost before the outcome was saved; another worker owns this event now', { eventId: event.id, attempt: event.attempts, outcome: result });
    deps.hooks?.onAttempt?.({ event, result: 'lost', durationMs });
    return 'lost';
  }
  if (!recorded) await recordAttempts(db, [{ eventId: event.id, attempt: event.attempts, worker: deps.workerId, startedAt, finishedAt, outcome: toAttemptOutcome(result), error }]);
  const level = result === 'failed' ? 'error' : result === 'retried' ? 'warn' : 'info';
  logger.log(level, `event ${event.id} attempt ${event.attempts}: ${result}`, {
    eventId: event.id, attempt: event.attempts, topic: event.topic, resourceId: event.resourceId, outcome: result, durationMs, ...(error ? { error } : {}),
  });
  deps.hooks?.onAttempt?.({ event, result, durationMs, ...(error ? { error } : {}) });
  if (result === 'failed') deps.hooks?.onFailed?.({ eventId: event.id, event, reason: error ?? 'failed' });
  return result;
}

function toAttemptOutcome(result: Exclude<EventResult, 'lost'>): 'success' | 'ignored' | 'retry' | 'deferred' | 'failed' {
  return result === 'retried' ? 'retry' : result;
}
