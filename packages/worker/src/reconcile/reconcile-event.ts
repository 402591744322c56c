import type { NewEvent } from '@ghl-payments/store';

/** Why a sweep queues a payment: we never recorded it, or MercadoPago's status differs from ours. */
export type ReconcileReason = 'missing' | 'changed';

/** A payment a sweep queues (or, in a dry run, would queue). */
export interface ReconcileFinding {
  mpPaymentId: string;
  reason: ReconcileReason;
  /** MercadoPago's status now. */
  status: string;
  /** The status we recorded; null when missing. */
  recordedStatus: string | null;
  dateLastUpdated: string | null;
}

/**
 * Unique for this payment in this MercadoPago state: a later sweep that finds the payment in the same state (its event
 * failed, say) does not queue it again; a new state (a refund) is a new key.
 */
export function reconcileDedupKey(finding: Pick<ReconcileFinding, 'mpPaymentId' | 'status' | 'dateLastUpdated'>): string {
  return `reconcile:payment:${finding.mpPaymentId}:${finding.status}:${finding.dateLastUpdated ?? ''}`;
}

/**
 * The event a sweep queues for a payment: topic `payment`, like a notification, so the worker reads the payment from
 * MercadoPago and runs its rules. Its pending key coalesces the same payment queued by two sweeps at once.
 */
export function buildReconcileEvent(finding: ReconcileFinding): NewEvent {
  return {
    dedupKey: reconcileDedupKey(finding),
    pendingKey: `reconcile:payment:${finding.mpPaymentId}`,
    source: 'reconcile',
    topic: 'payment',
    rawType: 'payment',
    action: `reconcile.${finding.reason}`,
    resourceId: finding.mpPaymentId,
    notificationId: null,
    requestId: null,
    signature: 'unsigned',
    payload: JSON.stringify({
      reason: finding.reason, status: finding.status, recorded_status: finding.recordedStatus, date_last_updated: finding.dateLastUpdated,
    }),
    headers: {},
    query: {},
  };
}
