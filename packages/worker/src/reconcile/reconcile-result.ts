/** A payment MercadoPago has had for a while that no notification announced (a sign notifications are not arriving). */
export interface SilentPayment {
  mpPaymentId: string;
  status: string;
  /** MercadoPago's date_created, as it gave it. */
  dateCreated: string | null;
}

/** What one reconciliation sweep found and did (also what is recorded, shown and alerted). */
export interface ReconcileResult {
  id: number | null;
  /** The account whose MercadoPago payments were searched (`default` or absent: the environment-configured shop). */
  account?: string;
  /** Epoch ms of the window searched (by date_last_updated). */
  windowStart: number;
  windowEnd: number;
  startedAt: number;
  finishedAt: number;
  pages: number;
  checked: number;
  /** Payments we never recorded. */
  missing: number;
  /** Payments whose MercadoPago status differs from the one recorded. */
  changed: number;
  /** Events queued (source `reconcile`); with dryRun, what would have been queued. */
  queued: number;
  errors: number;
  dryRun: boolean;
  /** Missing payments older than the silence threshold: the notifications for them never came. */
  silent: SilentPayment[];
}
