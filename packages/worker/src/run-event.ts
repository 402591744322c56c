import { listSecrets, redactText, RetryableError } from '@ghl-payments/core';
import type { ProcessContext, ProcessEvent, ProcessOutcome } from '@ghl-payments/pipeline';
import type { ReconcileResult } from './reconcile/reconcile-result';
import type { AttemptTiming, Completion, Failure, Lease, RetryLater, Store, AppliedAction, WebhookEvent } from '@ghl-payments/store';
import type { CircuitBreaker } from './circuit-breaker';
import { deferForOpenCircuit } from './circuit-deferral';
import { leaseOf } from './leased-events';
import { decideRetry, describeError } from './retry-policy';

export type EventResult = 'success' | 'ignored' | 'retried' | 'deferred' | 'failed' | 'lost';

/** Observers of what the worker does (metrics, alerts); every hook is optional and must not throw. */
export interface WorkerHooks {
  onAttempt?(info: { event: WebhookEvent; result: EventResult; durationMs: number; error?: string }): void;
  /** An event reached `failed` (after an attempt, or because its worker kept dying: `event` is then absent). */
  onFailed?(info: { eventId: number; reason: string; event?: WebhookEvent }): void;
  /** A reconciliation sweep finished (what it found: missing, changed and silent payments). */
  onReconciled?(result: ReconcileResult): void;
}

export interface RunEventDeps {
  /** What processEvent is given; the store, config, logger and clock are read from it too. */
  ctx: ProcessContext;
  processEvent: ProcessEvent;
  workerId: string;
  random: () => number;
  hooks?: WorkerHooks;
  /** When given, a failure on an upstream whose circuit is open is deferred without counting. */
  breaker?: CircuitBreaker;
}

/** Where one attempt leaves the event: done, back to pending, or failed for good. */
type Verdict =
  | { result: 'success' | 'ignored'; completion: Completion }
  | { result: 'retried' | 'deferred'; retry: RetryLater }
  | { result: 'failed'; failure: Failure };

/**
 * Processes one leased event and saves its outcome with the attempt's history row and the tags it applied (one
 * transaction, fenced on the lease: `lost` when another worker took the event meanwhile). Never throws for the event's own errors; rejects only
 * when the outcome could not be saved.
 */
export async function runEvent(event: WebhookEvent, deps: RunEventDeps): Promise<EventResult> {
  const { store, logger, now } = deps.ctx;
  const startedAt = now();
  const appliedActions: AppliedAction[] = [];
  const verdict = redactVerdict(await processToVerdict(event, { ...deps, ctx: { ...deps.ctx, appliedActions } }), listSecrets(deps.ctx.config));
  const attempt: AttemptTiming = { worker: deps.workerId, startedAt, finishedAt: now(), actionsApplied: appliedActions };
  const held = await saveVerdict(store, leaseOf(event, deps.workerId), verdict, attempt);

  const durationMs = attempt.finishedAt - startedAt;
  const { result } = verdict;
  if (!held) {
    logger.warn('lease lost before the outcome was saved; another worker owns this event now', { eventId: event.id, attempt: event.attempts, outcome: result });
    deps.hooks?.onAttempt?.({ event, result: 'lost', durationMs });
    return 'lost';
  }
  const error = describeVerdict(verdict);
  const summary = result === 'success' && 'completion' in verdict ? verdict.completion.note : null;
  const level = result === 'failed' ? 'error' : result === 'retried' ? 'warn' : 'info';
  logger.log(level, `event ${event.id} attempt ${event.attempts}: ${result}`, {
    ...(event.account !== 'default' ? { account: event.account } : {}), eventId: event.id, attempt: event.attempts, topic: event.topic, resourceId: event.resourceId, outcome: result, durationMs,
    ...(error ? { error } : {}), ...(summary ? { summary } : {}),
  });
  deps.hooks?.onAttempt?.({ event, result, durationMs, ...(error ? { error } : {}) });
  if (result === 'failed') deps.hooks?.onFailed?.({ eventId: event.id, event, reason: error ?? 'failed' });
  return result;
}

/**
 * Puts an event back to wait, not counted as a failure, for a reason that is not the event's (its account is
 * disabled, unknown, or its secrets unreadable): it runs again after the first retry delay.
 */
export async function deferEvent(event: WebhookEvent, deps: RunEventDeps, reason: string): Promise<EventResult> {
  const { store, logger, now } = deps.ctx;
  const startedAt = now();
  const retry: RetryLater = { outcome: 'deferred', error: reason, nextRetryAt: startedAt + deps.ctx.config.worker.retryScheduleMs[0] };
  const held = await store.retryEventLater(leaseOf(event, deps.workerId), retry, { worker: deps.workerId, startedAt, finishedAt: now() });
  if (!held) return 'lost';
  logger.warn(`event ${event.id} attempt ${event.attempts}: deferred`, { eventId: event.id, account: event.account, outcome: 'deferred', error: reason });
  deps.hooks?.onAttempt?.({ event, result: 'deferred', durationMs: now() - startedAt, error: reason });
  return 'deferred';
}

/** Runs the pipeline on the event and turns what it returned or threw into a verdict. */
async function processToVerdict(event: WebhookEvent, deps: RunEventDeps): Promise<Verdict> {
  let outcome: ProcessOutcome;
  try {
    outcome = await deps.processEvent(event, deps.ctx);
  } catch (err) {
    if (!(err instanceof Error) || !['RetryableError', 'PermanentError'].includes(err.name)) {
      deps.ctx.logger.error('unexpected error while processing an event', { eventId: event.id, error: describeError(err), stack: (err as Error)?.stack });
    }
    return decideAfterError(err, event, deps);
  }
  // The note says why: the reason an event was ignored, or what a success did (or why it did nothing, e.g. no tags
  // configured for the payment's status), so an operator can tell from the event alone.
  const note = outcome.status === 'ignored' ? outcome.reason : outcome.summary;
  return { result: outcome.status, completion: { status: outcome.status, paymentId: outcome.paymentId ?? null, note } };
}

/** An open circuit defers without counting; otherwise the retry policy decides (retry on schedule, or fail). */
function decideAfterError(err: unknown, event: WebhookEvent, deps: RunEventDeps): Verdict {
  const now = deps.ctx.now();
  const decision = (deps.breaker && deferForOpenCircuit(err, deps.breaker, now, deps.random, event.account))
    ?? decideRetry({
      error: err, failures: event.failures, scheduleMs: deps.ctx.config.worker.retryScheduleMs, now, random: deps.random,
      // an uncounted wait that names no time (missing or refused credentials) is retried like a first retry
      defaultDeferMs: deps.ctx.config.worker.retryScheduleMs[0],
    });
  if (decision.kind === 'fail') return { result: 'failed', failure: { error: decision.reason } };
  if (decision.countsAsFailure) return { result: 'retried', retry: { outcome: 'retry', error: decision.reason, nextRetryAt: decision.at } };
  // a wait the operator must end (credentials missing or refused) says so, for the overview's banner
  return { result: 'deferred', retry: { outcome: 'deferred', error: decision.reason, nextRetryAt: decision.at, waitingReason: credentialsWaitOf(err) } };
}

/**
 * The waiting reason of an event deferred because an upstream's credentials are missing or refused:
 * `credentials:<service>` (what the overview's banner counts), else null. The pipeline marks such waits
 * (`missingCredential` and the 401/403 mapping of `mapHttpError`).
 */
export function credentialsWaitOf(error: unknown): string | null {
  if (!(error instanceof RetryableError) || error.waitingFor !== 'credentials' || !error.service) return null;
  return `credentials:${error.service}`;
}

/** Saves the event's new state and the attempt row in one transaction; false (nothing written) when the lease was lost. */
function saveVerdict(store: Store, lease: Lease, verdict: Verdict, attempt: AttemptTiming): Promise<boolean> {
  if ('completion' in verdict) return store.completeEvent(lease, verdict.completion, attempt);
  if ('retry' in verdict) return store.retryEventLater(lease, verdict.retry, attempt);
  return store.failEvent(lease, verdict.failure, attempt);
}

/**
 * Every text about to be stored, logged or alerted on, with the configured secrets redacted: the store cuts long
 * texts, and a cut made before redaction could keep the beginning of a secret.
 */
function redactVerdict(verdict: Verdict, secrets: readonly string[]): Verdict {
  const clean = (text: string | null | undefined) => (typeof text === 'string' ? redactText(text, secrets) : text ?? null);
  if ('completion' in verdict) return { ...verdict, completion: { ...verdict.completion, note: clean(verdict.completion.note) } };
  if ('retry' in verdict) return { ...verdict, retry: { ...verdict.retry, error: clean(verdict.retry.error) } };
  return { ...verdict, failure: { ...verdict.failure, error: redactText(verdict.failure.error, secrets) } };
}

/** The reason kept with the attempt: why it was ignored, retried or failed; null for a success (its note is a summary). */
function describeVerdict(verdict: Verdict): string | null {
  if ('completion' in verdict) return verdict.completion.status === 'ignored' ? verdict.completion.note ?? null : null;
  if ('retry' in verdict) return verdict.retry.error;
  return verdict.failure.error;
}
