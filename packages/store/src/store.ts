import type { Knex } from 'knex';
import type { EventFilter, Page, PageRequest } from './event-filter';
import type { EventStatus, NewEvent, WebhookEvent } from './event-types';
import type { Lease } from './lease';
import type { AttemptOutcome } from './record-attempt';
import type { FailedAttempt } from './list-failed-attempts';
import type { EventDetail } from './get-event';
import type { EventListItem } from './list-events';
import type { QueueStats } from './get-stats';
import type { Backlog } from './read-backlog';
import type { FailedEventSummary } from './claim-failure-alert';
import type { ExpectedPayment, Payment, PaymentRecord, RecordedPaymentState } from './payments';
import type { PaymentFilter } from './payment-filter';
import type { SignInCode } from './sign-in-codes';
import type { PaymentDetail } from './get-payment';
import type { ActionKey, ActionReservation, AppliedAction, RecordedAction, ReserveResult } from './action-ledger';
import type { StatusChange } from './status-changes';
import type { RecordedSubscriptionState, SubscriptionRecord } from './subscriptions';
import type { PaymentEventState, ReconcileLeaseClaim, ReconcileLeaseRequest, Reconciliation, ReconciliationRecord } from './reconciliations';
import type { AlertClaim, AlertClaimRequest, AlertState } from './alert-state';
import type { DigestCounts } from './count-digest';
import type { BudgetSlot, BudgetSlotRequest } from './ghl-budget';
import type { AccountChanges, AccountRecord, NewAccount } from './accounts';
import type { CreatedPreference, NewPaymentLink, PaymentLink, PaymentLinkClaim, PaymentLinkFilter, PaymentLinkPayment } from './payment-links';
import type { AuditEntry, AuditFilter, AuditRecord } from './audit-log';
import type { PurgeCounts, PurgeRequest } from './retention';
import type { Erasure, ErasureRequest } from './forget-email';
import type { JobLeaseRequest } from './job-leases';

/** Re-exported here so the package's index (which exports this file) carries it. */
export type { FailedAttempt } from './list-failed-attempts';

export type Dialect = 'sqlite' | 'postgres';

/** What insertEvent did: stored a new event, or recognised a redelivery of the event `id`. */
export interface InsertResult {
  id: number;
  duplicate: boolean;
}

/** A notification and when it arrived. */
export interface ArrivedEvent {
  event: NewEvent;
  now: number;
}

export interface ClaimOptions {
  /** Who takes the lease (worker id); fencing also checks the attempt number. */
  owner: string;
  limit: number;
  leaseMs: number;
  now: number;
  /** With several accounts: a fair share each (docs/agencies.md). Absent: oldest due first, whatever the account. */
  fairShare?: FairShare;
}

/**
 * How many events of each account one claim may take: `room[account]` for the accounts listed, `defaultRoom` for
 * the others; none of the `exclude`d accounts (their circuit is open). Within that, oldest due first.
 */
export interface FairShare {
  room: Record<string, number>;
  defaultRoom: number;
  exclude: readonly string[];
}

/** The attempt-history row written with an outcome: who ran it and when (finishedAt is the outcome's time). */
export interface AttemptTiming {
  worker: string | null;
  startedAt: number;
  finishedAt: number;
  /**
   * Rule actions this attempt performed in GoHighLevel: marked `applied` in the same transaction as the outcome
   * (whether or not the lease still held, since the calls happened).
   */
  actionsApplied?: readonly AppliedAction[];
}

/** success or ignored: the event is done. `note` is why an ignored event was ignored (kept as `last_error`), or what a success did (kept as `summary`). */
export interface Completion {
  status: 'success' | 'ignored';
  paymentId?: number | null;
  note?: string | null;
}

/** Back to pending, due at `nextRetryAt`. `outcome` is what the attempt row says: retry (counted), deferred or released (not counted). */
export interface RetryLater {
  outcome: 'retry' | 'deferred' | 'released';
  error: string | null;
  nextRetryAt: number;
  paymentId?: number | null;
  /** Why a deferred event waits when the operator must act (`credentials:mercadopago`, `credentials:ghl`); null/absent otherwise. */
  waitingReason?: string | null;
}

export interface Failure {
  error: string;
  paymentId?: number | null;
}


export interface RescueResult {
  requeued: number[];
  failed: number[];
}

export type RetryEventResult =
  | { state: 'retried'; event: WebhookEvent }
  | { state: 'not-found' }
  | { state: 'conflict'; status: EventStatus };

/** A dashboard sign-in: the SHA-256 of its random id (the id itself is only in the cookie), who opened it, when it ends. */
export interface AdminSession {
  idHash: string;
  client: string | null;
  createdAt: number;
  expiresAt: number;
  /** A viewer's session: the one account it may see (signed in with that account's viewer token); null or absent: the operator. */
  account?: string | null;
}

/** An upstream not to be called before `until` (epoch ms), and why (shown to operators). */
export interface UpstreamPause {
  service: string;
  until: number;
  reason: string;
}

/** What checkConnection found. */
export type ConnectionCheck = { ok: true } | { ok: false; error: string };

/** What a finished SQLite backup holds. */
export interface BackupSummary {
  file: string;
  bytes: number;
  events: number;
  payments: number;
}

/** A live subscription to "new events were stored" (PostgreSQL LISTEN); close() ends it. */
export interface EventListener {
  close(): Promise<void>;
}

export interface ListenHandlers {
  /** A new or retried event may be due. Also called once the subscription (re)connects. */
  onNotify(): void;
  /** The subscription dropped or could not start; it reconnects by itself (polling covers the gap). */
  onError(error: Error): void;
}


/**
 * The one way the receiver, the worker, the pipeline, the operators' API and the CLI reach the database: named
 * operations, each one statement or one explicit transaction. Two drivers implement it, SQLite and PostgreSQL
 * (`drivers/`); what differs between them is listed in `drivers/dialect.ts`. Times are epoch milliseconds passed in
 * by the caller.
 */
export interface Store {
  readonly dialect: Dialect;
  /** Connection string or file, with any password removed (safe to log). */
  readonly description: string;
  /** The Knex instance, for migrations, inspection and tests only: the application calls the operations below. */
  readonly knex: Knex;

  // --- lifecycle
  /** Brings the schema up to date; safe from several processes at once. Returns the migrations applied. */
  migrate(): Promise<string[]>;
  /** Names of migrations not yet applied. */
  listPendingMigrations(): Promise<string[]>;
  /** Whether a trivial query succeeds within the timeout, and the driver's reason when it does not. */
  checkConnection(timeoutMs?: number): Promise<ConnectionCheck>;
  /**
   * Calls `onNotify` when new events are stored or retried (PostgreSQL LISTEN on a connection of its own, reconnecting
   * with backoff). Null on SQLite, where workers poll.
   */
  listenForEvents(handlers: ListenHandlers): EventListener | null;
  /** A consistent copy of a SQLite database while it is in use; PostgreSQL throws (use pg_dump). */
  backupTo(destination: string): Promise<BackupSummary>;
  close(): Promise<void>;

  // --- receiver
  /** Stores a notification, or recognises a redelivery (dedup key, or pending key while the original waits) and counts it. */
  insertEvent(event: NewEvent, now: number): Promise<InsertResult>;
  /**
   * Stores several notifications with one commit, each with insertEvent's outcome (a notification the schema refuses
   * fails alone). What the receiver's insert batcher (`apps/receiver/src/insert-batcher.ts`) calls on SQLite.
   */
  insertEvents(items: readonly ArrivedEvent[]): Promise<Array<PromiseSettledResult<InsertResult>>>;

  // --- worker: the queue
  /** Atomically takes up to `limit` due pending events, leasing them to `owner` (attempts + 1), oldest due first. */
  claimDueEvents(options: ClaimOptions): Promise<WebhookEvent[]>;
  /** Extends the leases still held (same owner and attempt); returns the event ids renewed. */
  renewLeases(leases: readonly Lease[], leaseMs: number, now: number): Promise<Set<number>>;
  /** success or ignored, its attempt row and its applied actions, in one transaction; false (the event untouched) when the lease was lost. */
  completeEvent(lease: Lease, outcome: Completion, attempt: AttemptTiming): Promise<boolean>;
  /** Back to pending with its attempt row, in one transaction; a `retry` counts toward failed. False when the lease was lost. */
  retryEventLater(lease: Lease, retry: RetryLater, attempt: AttemptTiming): Promise<boolean>;
  /** failed for good, with its attempt row, in one transaction. False when the lease was lost. */
  failEvent(lease: Lease, failure: Failure, attempt: AttemptTiming): Promise<boolean>;
  /** Expired leases back to pending (or failed once the lost attempts reach maxFailures), with `lost` attempt rows. */
  rescueExpiredLeases(options: { now: number; maxFailures: number }): Promise<RescueResult>;
  /** The right to alert about a failed event: exactly one caller gets the summary; null when already taken. */
  claimFailureAlert(eventId: number, now: number): Promise<FailedEventSummary | null>;

  // --- worker: payments and the rule-action ledger
  /**
   * Records what MercadoPago says about a payment, in one transaction: a payment registered in advance with the same
   * external reference (and no MercadoPago id yet) is completed rather than duplicated. Returns the stored payment.
   */
  recordPayment(record: PaymentRecord, now: number): Promise<Payment>;
  /**
   * recordPayment and the status round the payment is in, in one transaction (rules run once per round); an answer
   * older than the stored state writes nothing and is reported stale.
   */
  recordPaymentState(record: PaymentRecord, eventId: number | null, now: number): Promise<RecordedPaymentState>;
  /** recordPaymentState for a MercadoPago subscription (preapproval). */
  recordSubscriptionState(record: SubscriptionRecord, eventId: number | null, now: number): Promise<RecordedSubscriptionState>;
  setSubscriptionContact(subscriptionId: number, contactId: string, now: number): Promise<void>;
  /** Remembers which GHL contact a payment belongs to. */
  setPaymentContact(paymentId: number, contactId: string, now: number): Promise<void>;
  /** The GHL contact an email resolved to in a location (the contact cache), or null. */
  findCachedContact(locationId: string, email: string): Promise<string | null>;
  rememberContact(locationId: string, email: string, contactId: string, now: number): Promise<void>;
  /** Drops a cached contact GoHighLevel no longer knows (only if the email still points at it). */
  forgetCachedContact(locationId: string, email: string, contactId: string): Promise<void>;
  /** The GHL contact of the newest payment with this external reference that has one. */
  findContactIdByExternalReference(externalReference: string): Promise<string | null>;
  /** The right to perform one rule action: the first caller wins; a dead holder's reservation is taken over. */
  reserveAction(reservation: ActionReservation): Promise<ReserveResult>;
  /** Marks one action applied at once (outside an attempt's outcome, e.g. from a command). */
  markActionApplied(action: AppliedAction, now: number): Promise<void>;
  releaseAction(key: ActionKey, eventId: number): Promise<void>;
  renewAction(key: ActionKey, eventId: number, leaseMs: number, now: number): Promise<void>;

  // --- operators
  registerExpectedPayment(payment: ExpectedPayment, now: number): Promise<Payment>;
  findExpectedPayment(externalReference: string): Promise<Payment | null>;
  listEvents(filter: EventFilter, page: PageRequest): Promise<Page<EventListItem>>;
  getEvent(id: number): Promise<EventDetail | null>;
  listEventTypes(): Promise<string[]>;
  /** One failed, ignored or pending event back to pending, due now (a processing or successful one is a conflict). */
  retryEvent(id: number, now: number): Promise<RetryEventResult>;
  /** Every failed or ignored event matching the filter back to pending; with dryRun only counted. */
  retryEvents(filter: EventFilter, options: { now: number; dryRun?: boolean }): Promise<number>;
  /** One page of payments, each with its rule actions (what was done on the buyer's contact; one statement for the page). */
  listPayments(filter: PaymentFilter, page: PageRequest): Promise<Page<Payment & { actions: RecordedAction[] }>>;
  getPayment(id: number): Promise<PaymentDetail | null>;
  /** The failed attempts (retry, failed, lost) of these events, oldest first, errors as stored: a payment's failed actions. */
  listFailedAttempts(eventIds: readonly number[]): Promise<FailedAttempt[]>;
  /** The rule actions recorded for a subject (`payment:<id>`, `subscription:<id>`), oldest first. */
  listActions(subject: string): Promise<RecordedAction[]>;
  /** The statuses a subject went through, with their rounds, oldest first. */
  listStatusChanges(subject: string): Promise<StatusChange[]>;
  /** The queue's numbers: of one account's events when `account` is given, of all otherwise. */
  getStats(now: number, account?: string): Promise<QueueStats>;
  readBacklog(now: number): Promise<Backlog>;
  /** The highest attempt-row id (0 when none): where counting new attempts starts. */
  maxAttemptId(): Promise<number>;
  /** Attempts with afterId < id <= upToId, by outcome. */
  countAttemptsBetween(afterId: number, upToId: number): Promise<Partial<Record<AttemptOutcome, number>>>;

  // --- operators' sessions
  createAdminSession(session: AdminSession): Promise<void>;
  /** The session if still valid at `now` (not expired, not revoked); null otherwise. */
  findAdminSession(idHash: string, now: number): Promise<AdminSession | null>;
  revokeAdminSession(idHash: string, now: number): Promise<void>;
  /** Ends every viewer session of an account (its viewer token was replaced or withdrawn, or it was disabled). */
  revokeAccountSessions(account: string, now: number): Promise<void>;
  /** Records a one-time sign-in code (sign-in-codes.ts). */
  createSignInCode(code: SignInCode): Promise<void>;
  /** Uses up a sign-in code: true only once, and only before it expires. */
  useSignInCode(codeHash: string, now: number): Promise<boolean>;

  // --- GoHighLevel budget
  /**
   * One slot of a location's request budget shared by every process and host (a sliding window of `requests` per
   * `perMs`), in one transaction under the location's lock: granted and recorded at `now`, or refused with `retryAt`,
   * the earliest instant a slot can free. What every worker's GHL client waits on before each call.
   */
  takeBudgetSlot(request: BudgetSlotRequest): Promise<BudgetSlot>;

  // --- upstream pauses and health
  /** Records that an upstream must not be called before `pause.until` (every worker and the dashboard see it). */
  recordUpstreamPause(pause: UpstreamPause, now: number): Promise<void>;
  listUpstreamPauses(now: number): Promise<UpstreamPause[]>;
  clearUpstreamPause(service: string): Promise<void>;
  /** One small write: succeeds only while the database accepts writes (the receiver's health check). */
  probeWrite(now: number): Promise<void>;

  // --- reconciliation against MercadoPago's payment search
  /** Records a finished sweep; returns its id. */
  recordReconciliation(record: ReconciliationRecord): Promise<number>;
  /** The latest sweeps, newest first: one account's when `account` is given. */
  listReconciliations(limit: number, account?: string): Promise<Reconciliation[]>;
  /** The sweep lease: one sweeper at a time, and only once the next sweep is due (unless ignoreSchedule). */
  claimReconcileLease(request: ReconcileLeaseRequest): Promise<ReconcileLeaseClaim>;
  /** Extends the sweep lease; false when it was lost. */
  renewReconcileLease(owner: string, leaseMs: number, now: number, account?: string): Promise<boolean>;
  /** Gives the sweep lease back, scheduling the next sweep at nextDueAt (null: unchanged). */
  releaseReconcileLease(owner: string, nextDueAt: number | null, account?: string): Promise<void>;
  /** The recorded status of each stored payment among these MercadoPago ids, in one statement. */
  findPaymentStatuses(mpPaymentIds: readonly string[]): Promise<Map<string, string | null>>;
  /** Pending events, notifications and already-stored dedup keys for these payment ids. */
  findPaymentEventState(mpPaymentIds: readonly string[], dedupKeys: readonly string[]): Promise<PaymentEventState>;

  // --- alerts
  /** The right to send one alert of a key (one caller per period, across processes); otherwise counts it as held back. */
  claimAlert(request: AlertClaimRequest): Promise<AlertClaim>;
  readAlertState(key: string): Promise<AlertState | null>;
  /** The daily digest's figures for [from, to). */
  countDigest(from: number, to: number): Promise<DigestCounts>;

  // --- accounts (docs/agencies.md); secrets arrive and leave encrypted
  /** Adds an account; false (nothing written) when the slug is taken. */
  createAccount(account: NewAccount, now: number): Promise<boolean>;
  /** Changes an account's fields; false when there is no such account. */
  updateAccount(slug: string, changes: AccountChanges, now: number): Promise<boolean>;
  getAccount(slug: string): Promise<AccountRecord | null>;
  listAccounts(): Promise<AccountRecord[]>;
  findAccountByViewerToken(tokenHash: string): Promise<AccountRecord | null>;
  /** How many accounts there are and when any last changed: a cheap check before reloading them. */
  readAccountsVersion(): Promise<{ count: number; updatedAt: number }>;

  // --- payment links (docs/payment-links.md); states are computed at `now`
  /** Reserves a new link; with an idempotency key, answers the key's live link or reports another caller creating it. */
  claimPaymentLink(link: NewPaymentLink, now: number, staleMs: number): Promise<PaymentLinkClaim>;
  /** A reserved link gets its preference, and its payment is registered in advance, in one transaction. */
  completePaymentLink(id: number, preference: CreatedPreference, expected: ExpectedPayment, now: number): Promise<PaymentLink>;
  /** Drops a reservation whose preference could not be created. */
  abandonPaymentLink(id: number): Promise<void>;
  getPaymentLink(id: number, now: number): Promise<PaymentLink | null>;
  /** True when another link of this account, or an unpaid registered payment, already uses this external reference. */
  paymentLinkReferenceTaken(account: string, externalReference: string, exceptId?: number): Promise<boolean>;
  listPaymentLinks(filter: PaymentLinkFilter, page: PageRequest, now: number): Promise<Page<PaymentLink>>;
  /** The worker recorded an approved payment: the account's unpaid links with its external reference become paid. */
  markPaymentLinkPaid(payment: PaymentLinkPayment): Promise<number>;

  // --- audit log, retention and erasure (docs/security.md)
  /** Appends one entry to the audit log (email-like values in its target and detail are masked). Never updated or deleted. */
  recordAudit(entry: AuditEntry): Promise<void>;
  /** Audit entries matching the filter, newest first. */
  listAudit(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>>;
  /** Retention: clears the personal data of final events and payments older than `before`, in batches; audited. */
  purgeExpiredData(request: PurgeRequest): Promise<PurgeCounts>;
  /** Erasure: removes a buyer's email and what holds it from every table, unrecoverably; audited without the address. */
  forgetEmail(request: ErasureRequest): Promise<Erasure>;
  /** The lease of a periodic job (`purge`): one worker at a time, once due (rows of reconcile_leases). */
  claimJobLease(request: JobLeaseRequest): Promise<ReconcileLeaseClaim>;
  /** Gives a job's lease back, scheduling its next run at nextDueAt (null: unchanged). */
  releaseJobLease(name: string, owner: string, nextDueAt: number | null): Promise<void>;
}
