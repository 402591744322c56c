import type { Knex } from 'knex';
import type { AttemptOutcome, EventStatus, PaymentRecord, Store } from '@ghl-payments/store';

export interface SeedEvent {
  status?: EventStatus;
  topic?: string;
  resourceId?: string;
  notificationId?: string;
  /** The notification's action (default `<topic>.created`). */
  action?: string;
  receivedAt?: number;
  attempts?: number;
  failures?: number;
  lastError?: string | null;
  nextRetryAt?: number;
  processedAt?: number | null;
  paymentId?: number | null;
  leaseOwner?: string | null;
  payload?: string;
  headers?: Record<string, string>;
  /** Attempt history rows to add (attempt numbers from 1). */
  history?: Array<{ outcome: AttemptOutcome; startedAt: number; durationMs?: number; error?: string | null }>;
}

let counter = 0;

/** The webhook_events row for a seed (as the receiver stored it and the worker left it). */
function toRow(seed: SeedEvent): Record<string, unknown> {
  counter += 1;
  // letters only, so searches for digits in tests (`q=55`) match only the resource ids they set on purpose
  const n = `seed-${counter.toString(10).replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`;
  const topic = seed.topic ?? 'payment';
  const resourceId = seed.resourceId ?? String(100000 + counter);
  const receivedAt = seed.receivedAt ?? 1_700_000_000_000;
  const notificationId = seed.notificationId ?? `n${n}`;
  const action = seed.action ?? `${topic}.created`;
  const status = seed.status ?? 'pending';
  const finished = status === 'success' || status === 'failed' || status === 'ignored';
  return {
    dedup_key: `webhook:${topic}:${notificationId}`, pending_key: null, source: 'webhook', topic, raw_type: topic, action,
    resource_id: resourceId, notification_id: notificationId, request_id: `req-${n}`, signature: 'unchecked',
    payload: seed.payload ?? JSON.stringify({ id: notificationId, type: topic, action, data: { id: resourceId } }),
    headers: JSON.stringify(seed.headers ?? { 'x-request-id': `req-${n}`, 'content-type': 'application/json' }),
    query: JSON.stringify({ 'data.id': resourceId, type: topic }),
    status,
    attempts: seed.attempts ?? (seed.history?.length ?? (status === 'pending' ? 0 : 1)),
    failures: seed.failures ?? (status === 'failed' ? 1 : 0),
    duplicates: 0,
    last_error: seed.lastError ?? (status === 'failed' ? 'MercadoPago answered 404 for this payment' : null),
    next_retry_at: seed.nextRetryAt ?? receivedAt,
    processed_at: seed.processedAt !== undefined ? seed.processedAt : finished ? receivedAt + 1000 : null,
    payment_id: seed.paymentId ?? null,
    lease_owner: seed.leaseOwner ?? (status === 'processing' ? 'host:1:abc' : null),
    lease_expires_at: status === 'processing' ? receivedAt + 30_000 : null,
    received_at: receivedAt,
    updated_at: receivedAt,
  };
}

/** Stores events in the given states, as if the receiver and worker had handled them (in batches); returns their ids. */
export async function seedEvents(db: Store, seeds: readonly SeedEvent[]): Promise<number[]> {
  return insertSeedEvents(db.knex, seeds);
}

/** seedEvents through any Knex connection, or a transaction (so that many events become visible at one commit). */
export async function insertSeedEvents(knex: Knex, seeds: readonly SeedEvent[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < seeds.length; i += 100) {
    const chunk = seeds.slice(i, i + 100);
    const inserted = await knex('webhook_events').insert(chunk.map(toRow)).returning('id');
    const chunkIds = (inserted as Array<{ id: number } | number>).map((r) => Number(typeof r === 'object' ? r.id : r));
    ids.push(...chunkIds);
    // attempt rows straight into the table: the store writes them only together with a worker's outcome
    const attempts = chunk.flatMap((seed, k) => (seed.history ?? []).map((h, a) => {
      const durationMs = h.durationMs ?? 120;
      return {
        event_id: chunkIds[k], attempt: a + 1, worker: 'host:1:abc', started_at: h.startedAt, finished_at: h.startedAt + durationMs,
        duration_ms: durationMs, outcome: h.outcome, error: h.error ?? null,
      };
    }));
    for (let j = 0; j < attempts.length; j += 100) await knex('webhook_attempts').insert(attempts.slice(j, j + 100));
  }
  return ids;
}

/** Stores one event in the given state, as if the receiver and worker had handled it; returns its id. */
export async function seedEvent(db: Store, seed: SeedEvent = {}): Promise<number> {
  const [id] = await seedEvents(db, [seed]);
  return id;
}

/** Stores a payment as the worker would after reading it from MercadoPago; returns its row id. */
export async function seedPayment(db: Store, record: Partial<PaymentRecord> & { mpPaymentId: string }, now = 1_700_000_000_000): Promise<number> {
  const payment = await db.recordPayment({
    status: 'approved', statusDetail: 'accredited', amount: 150.5, currency: 'ARS', description: 'Curso online',
    externalReference: null, payerEmail: 'ana@example.com', dateCreated: '2023-11-14T22:13:20.000-03:00',
    dateApproved: '2023-11-14T22:13:21.000-03:00', dateLastUpdated: '2023-11-14T22:13:21.000-03:00',
    raw: JSON.stringify({ id: Number(record.mpPaymentId), status: record.status ?? 'approved' }), ...record,
  }, now);
  return payment.id;
}
