import type { Logger } from '@ghl-payments/core';
import type { MercadoPagoClient, MpPayment } from '@ghl-payments/pipeline';
import { scopeEventKey, Store } from '@ghl-payments/store';
import { buildReconcileEvent, reconcileDedupKey, ReconcileFinding } from './reconcile-event';
import type { ReconcileResult, SilentPayment } from './reconcile-result';
import { searchWindowPages, TimeWindow } from './search-window-pages';
import { isPastSilenceThreshold } from './silence-threshold';

/** The most findings a dry run lists (the counts cover all of them). */
export const MAX_LISTED_FINDINGS = 100;

export interface SweepOptions {
  store: Store;
  mercadopago: Pick<MercadoPagoClient, 'searchPayments'>;
  window: TimeWindow;
  /** Compare and count only: queue nothing. */
  dryRun: boolean;
  /** Who runs the sweep (recorded); also the owner of the sweep lease when `leaseMs` is given. */
  runBy: string;
  now: () => number;
  logger?: Logger;
  /** The sweep lease `runBy` holds: renewed before each page once a third of it has passed; a lost lease ends the sweep. */
  leaseMs?: number;
  /** Asked before each page: true ends the sweep early (the worker is stopping). */
  shouldStop?: () => boolean;
  /** Whose payments are searched (its lease, its events, its record); absent: the environment-configured shop. */
  account?: string;
  /** MercadoPago's limits, smaller in tests. */
  pageSize?: number;
  offsetCeiling?: number;
}

/** A recorded sweep, why it ended early (null when it went through) and, for a dry run, what it would queue. */
export interface SweepOutcome {
  result: ReconcileResult;
  error: string | null;
  /** Ended by shouldStop or a lost lease, not by an error: the sweep is still due. */
  interrupted: boolean;
  /** The first MAX_LISTED_FINDINGS payments queued (or, in a dry run, that would be). */
  findings: ReconcileFinding[];
}

/** Whether a search result differs from what we recorded (null: it matches). */
function compareWithRecorded(payment: MpPayment, recorded: Map<string, string | null>): ReconcileFinding | null {
  const mpPaymentId = String(payment.id);
  const common = { mpPaymentId, status: payment.status, dateLastUpdated: payment.date_last_updated ?? null };
  if (!recorded.has(mpPaymentId)) return { ...common, reason: 'missing', recordedStatus: null };
  const recordedStatus = recorded.get(mpPaymentId) ?? null;
  return recordedStatus === payment.status ? null : { ...common, reason: 'changed', recordedStatus };
}

/**
 * One reconciliation sweep: searches MercadoPago's payments updated in the window (a call per page), compares each
 * page with what we recorded (a statement per page), and queues an event (source `reconcile`) for every payment we
 * never recorded or whose status changed, unless an equivalent event is already waiting. The sweep is recorded, also
 * when it ends early; a failed MercadoPago call ends it (counted in `errors`, its message in `error`).
 */
export async function sweepPayments(o: SweepOptions): Promise<SweepOutcome> {
  const { store, now } = o;
  const startedAt = now();
  const counts = { pages: 0, checked: 0, missing: 0, changed: 0, queued: 0, errors: 0 };
  const silent: SilentPayment[] = [];
  const findings: ReconcileFinding[] = [];
  const seen = new Set<string>();
  let error: string | null = null;
  let interrupted = false;
  let renewedAt = startedAt;

  const mayContinue = async (): Promise<boolean> => {
    if (o.shouldStop?.()) {
      error = 'stopped before the end: the worker was shutting down';
      interrupted = true;
      return false;
    }
    if (o.leaseMs !== undefined && now() - renewedAt >= o.leaseMs / 3) {
      renewedAt = now();
      if (!(await store.renewReconcileLease(o.runBy, o.leaseMs, renewedAt, o.account))) {
        error = 'stopped before the end: the sweep lease expired and another worker took it over';
        interrupted = true;
        return false;
      }
    }
    return true;
  };

  /** Compares one page and queues what differs: one read of the payments, one of the events, one commit of new events. */
  const handlePage = async (results: MpPayment[]): Promise<void> => {
    const fresh = results.filter((p) => !seen.has(String(p.id)));
    fresh.forEach((p) => seen.add(String(p.id)));
    counts.checked += fresh.length;
    const recorded = await store.findPaymentStatuses(fresh.map((p) => String(p.id)));
    const differing = fresh.map((p) => ({ payment: p, finding: compareWithRecorded(p, recorded) }))
      .filter((d): d is { payment: MpPayment; finding: ReconcileFinding } => d.finding !== null);
    if (differing.length === 0) return;
    const keyOf = (finding: ReconcileFinding) => scopeEventKey(o.account, reconcileDedupKey(finding));
    const events = await store.findPaymentEventState(differing.map((d) => d.finding.mpPaymentId), differing.map((d) => keyOf(d.finding)));
    const toQueue: ReconcileFinding[] = [];
    for (const { payment, finding } of differing) {
      counts[finding.reason] += 1;
      if (finding.reason === 'missing' && !events.notified.has(finding.mpPaymentId) && isPastSilenceThreshold(payment.date_created, startedAt)) {
        silent.push({ mpPaymentId: finding.mpPaymentId, status: finding.status, dateCreated: payment.date_created ?? null });
      }
      if (!events.pending.has(finding.mpPaymentId) && !events.storedKeys.has(keyOf(finding))) toQueue.push(finding);
    }
    const queued = o.dryRun ? toQueue : await queueFindings(store, toQueue, now(), counts, o.logger, o.account);
    counts.queued += queued.length;
    findings.push(...queued.slice(0, MAX_LISTED_FINDINGS - findings.length));
  };

  try {
    const pages = searchWindowPages({
      mercadopago: o.mercadopago, window: o.window, pageSize: o.pageSize, offsetCeiling: o.offsetCeiling, mayContinue,
      onCall: () => { counts.pages += 1; },
      onUnreachable: (w, total) => {
        counts.errors += 1;
        o.logger?.warn(`MercadoPago holds ${total} payments updated within one millisecond (${new Date(w.start).toISOString()}): only the first ones could be read`);
      },
    });
    for await (const results of pages) await handlePage(results);
  } catch (err) {
    counts.errors += 1;
    error = (err as Error).message;
  }
  const finishedAt = now();
  const record = {
    startedAt, finishedAt, windowStart: o.window.start, windowEnd: o.window.end, ...counts, dryRun: o.dryRun, runBy: o.runBy, error,
    ...(o.account ? { account: o.account } : {}),
  };
  const id = await store.recordReconciliation(record);
  const { runBy: _runBy, error: _error, ...shown } = record;
  return { result: { id, ...shown, silent }, error, interrupted, findings };
}

/** Stores the events of one page in one commit; returns the findings actually queued (not coalesced, not refused). */
async function queueFindings(
  store: Store, findings: ReconcileFinding[], now: number, counts: { errors: number }, logger?: Logger, account?: string,
): Promise<ReconcileFinding[]> {
  if (findings.length === 0) return [];
  const outcomes = await store.insertEvents(findings.map((f) => ({ event: { ...buildReconcileEvent(f), ...(account ? { account } : {}) }, now })));
  const queued: ReconcileFinding[] = [];
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'rejected') {
      counts.errors += 1;
      logger?.error('could not queue a payment found by reconciliation', { mpPaymentId: findings[i].mpPaymentId, error: String(outcome.reason?.message ?? outcome.reason) });
    } else if (!outcome.value.duplicate) {
      queued.push(findings[i]);
    }
  });
  return queued;
}
