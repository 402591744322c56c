import type { Store } from '@ghl-payments/store';

export interface BulkEventsOptions {
  /** Sequence numbers `from` … `from + count - 1` make the keys (`webhook:payment:<prefix><n>`), so batches never collide. */
  from: number;
  count: number;
  prefix: string;
  /** `resource_id` = firstPaymentId + n. */
  firstPaymentId: number;
  /** Every `pendingEvery`-th event is pending and due; the others are already `success` (history). 1 = all pending. */
  pendingEvery: number;
  /** Time of the newest event (epoch ms); older ones are spaced 1 s apart before it. */
  now: number;
}

const COLUMNS = `dedup_key, pending_key, source, topic, raw_type, action, resource_id, notification_id, request_id, signature,
  payload, headers, query, status, attempts, failures, duplicates, next_retry_at, received_at, updated_at, processed_at`;

/**
 * The SELECT list shared by both dialects; `n` is the sequence number. Placeholders (see `params` below for the order): prefix ×5 (`?t`),
 * firstPaymentId ×3, pendingEvery ×3, now/last pairs ×4 (`?b`). PostgreSQL needs their types spelled out.
 */
function selectList(dialect: Store['dialect']): string {
  const t = dialect === 'postgres' ? '?::text' : '?';
  const b = dialect === 'postgres' ? '?::bigint' : 'CAST(? AS INTEGER)'; // better-sqlite3 binds JS numbers as REAL
  const id = `CAST(${b} + n AS TEXT)`;
  return `'webhook:payment:' || ${t} || n, NULL, 'webhook', 'payment', 'payment', 'payment.updated', ${id}, ${t} || n, ${t} || '-req-' || n, 'valid',
    '{"id":"' || ${t} || n || '","live_mode":false,"type":"payment","api_version":"v1","action":"payment.updated","data":{"id":"' || ${id} || '"}}',
    '{"content-type":"application/json","x-request-id":"' || ${t} || '-req-' || n || '"}',
    '{"data.id":"' || ${id} || '","type":"payment"}',
    CASE WHEN n % ${b} = 0 THEN 'pending' ELSE 'success' END,
    CASE WHEN n % ${b} = 0 THEN 0 ELSE 1 END, 0, 0,
    ${b} - (${b} - n) * 1000, ${b} - (${b} - n) * 1000, ${b} - (${b} - n) * 1000,
    CASE WHEN n % ${b} = 0 THEN NULL ELSE ${b} - (${b} - n) * 1000 + 1000 END`;
}

/**
 * Inserts `count` events with one INSERT … SELECT over a generated sequence (recursive CTE on SQLite, generate_series
 * on PostgreSQL): a million rows in seconds, all indexes maintained as for real inserts.
 */
export async function insertBulkEvents(db: Store, o: BulkEventsOptions): Promise<void> {
  const last = o.from + o.count - 1;
  const params = [
    o.prefix, o.firstPaymentId, o.prefix, o.prefix, o.prefix, o.firstPaymentId, o.prefix, o.firstPaymentId,
    o.pendingEvery, o.pendingEvery,
    o.now, last, o.now, last, o.now, last,
    o.pendingEvery, o.now, last,
  ];
  if (db.dialect === 'postgres') {
    await db.knex.raw(
      `INSERT INTO webhook_events (${COLUMNS}) SELECT ${selectList('postgres')} FROM generate_series(?::bigint, ?::bigint) AS n`,
      [...params, o.from, last],
    );
    return;
  }
  await db.knex.raw(
    `WITH RECURSIVE seq(n) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
     INSERT INTO webhook_events (${COLUMNS}) SELECT ${selectList('sqlite')} FROM seq`,
    [o.from, last, ...params],
  );
}
