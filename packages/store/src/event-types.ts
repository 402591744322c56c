export const EVENT_STATUSES = ['pending', 'processing', 'success', 'failed', 'ignored'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export type EventSource = 'webhook' | 'ipn' | 'reconcile';
/**
 * valid: checked against MP_WEBHOOK_SECRET; unchecked: no secret configured; unsigned: IPN (cannot be signed);
 * unverified: signed with none of the secrets, kept because MP_UNVERIFIED_NOTIFICATIONS=accept.
 */
export type SignatureState = 'valid' | 'unchecked' | 'unsigned' | 'unverified';

/** What the receiver stores for one notification. */
export interface NewEvent {
  /** Permanent deduplication key: a redelivery with the same key is a duplicate forever. */
  dedupKey: string;
  /** Coalescing key for notifications without their own id: identical ones merge while the first is still pending. */
  pendingKey: string | null;
  source: EventSource;
  topic: string;
  rawType: string;
  action: string | null;
  resourceId: string;
  notificationId: string | null;
  requestId: string | null;
  signature: SignatureState;
  payload: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  /** The account it arrived for (docs/agencies.md); `default` (the environment-configured shop) when absent. */
  account?: string;
}

/** The account of everything the environment-configured single shop stores. */
export const DEFAULT_ACCOUNT = 'default';

/**
 * A dedup or pending key scoped to its account: two clients' MercadoPago accounts may send notifications with the
 * same ids, and one must never be taken for a redelivery of the other's. The default account's keys are unchanged.
 */
export function scopeEventKey(account: string | undefined, key: string): string;
export function scopeEventKey(account: string | undefined, key: string | null): string | null;
export function scopeEventKey(account: string | undefined, key: string | null): string | null {
  return key === null || !account || account === DEFAULT_ACCOUNT ? key : `${account}/${key}`;
}

/** One row of webhook_events, as the application sees it. */
export interface WebhookEvent extends Omit<NewEvent, 'pendingKey' | 'payload' | 'account'> {
  id: number;
  account: string;
  payload: string | null;
  status: EventStatus;
  attempts: number;
  failures: number;
  duplicates: number;
  nextRetryAt: number;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  claimedAt: number | null;
  lastError: string | null;
  /** What the successful attempt did, or why it did nothing (null until a success; never an error). */
  summary: string | null;
  paymentId: number | null;
  receivedAt: number;
  updatedAt: number;
  processedAt: number | null;
}

export type EventRow = Record<string, unknown>;

function parseJsonObject(value: unknown): Record<string, string> {
  if (typeof value !== 'string' || value === '') return {};
  try {
    const parsed = JSON.parse(value);
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

const toNumberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Maps a database row (snake_case, dialect-specific types) to a WebhookEvent. */
export function toWebhookEvent(row: EventRow): WebhookEvent {
  return {
    id: Number(row.id),
    account: row.account === undefined || row.account === null ? DEFAULT_ACCOUNT : String(row.account),
    dedupKey: String(row.dedup_key),
    source: row.source as EventSource,
    topic: String(row.topic),
    rawType: String(row.raw_type),
    action: (row.action as string | null) ?? null,
    resourceId: String(row.resource_id),
    notificationId: (row.notification_id as string | null) ?? null,
    requestId: (row.request_id as string | null) ?? null,
    signature: row.signature as SignatureState,
    payload: (row.payload as string | null) ?? null,
    headers: parseJsonObject(row.headers),
    query: parseJsonObject(row.query),
    status: row.status as EventStatus,
    attempts: Number(row.attempts),
    failures: Number(row.failures),
    duplicates: Number(row.duplicates),
    nextRetryAt: Number(row.next_retry_at),
    leaseOwner: (row.lease_owner as string | null) ?? null,
    leaseExpiresAt: toNumberOrNull(row.lease_expires_at),
    claimedAt: toNumberOrNull(row.claimed_at),
    lastError: (row.last_error as string | null) ?? null,
    summary: (row.summary as string | null) ?? null,
    paymentId: toNumberOrNull(row.payment_id),
    receivedAt: Number(row.received_at),
    updatedAt: Number(row.updated_at),
    processedAt: toNumberOrNull(row.processed_at),
  };
}
