import type { ReconciliationRecord } from '@ghl-payments/store';

/** A payment MercadoPago has had for a while that no notification announced (a sign notifications are not arriving). */
export interface SilentPayment {
  mpPaymentId: string;
  status: string;
  /** MercadoPago's date_created, as it gave it. */
  dateCreated: string | null;
}

/**
 * What one reconciliation sweep found and did (also what is recorded, shown and alerted): the recorded counters, before
 * it is known who ran it or how it ended, plus what only the alerts need.
 */
export interface ReconcileResult extends Omit<ReconciliationRecord, 'runBy' | 'error'> {
  /** The recorded row's id; null until (or unless) the sweep was recorded. */
  id: number | null;
  /** Missing payments older than the silence threshold: the notifications for them never came. */
  silent: SilentPayment[];
}
