import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { recordAudit } from './audit-log';
import type { Driver } from './drivers/driver';
import { escapeLike } from './event-filter';

/** Who asked for an erasure, and of which address. */
export interface ErasureRequest {
  /** The buyer's email address (any case; trimmed and lower-cased before use). */
  email: string;
  now: number;
  /** Recorded in the audit log: `admin`, `cli:<user>@<host>`. */
  actor: string;
  client?: string | null;
}

/** How many rows an erasure changed, table by table. */
export interface ErasureCounts {
  /** Payments whose payer email, payer name and raw MercadoPago JSON were removed. */
  payments: number;
  /** Subscriptions whose payer email and raw JSON were removed. */
  subscriptions: number;
  /** Events whose stored request (payload, headers, query) was removed. */
  events: number;
  /** Cached contacts (email → GoHighLevel contact) deleted. */
  contacts: number;
  /** Other texts (errors, summaries, rule action details, payment links, descriptions) the address was cut out of. */
  texts: number;
}

/** What `forgetEmail` did. */
export interface Erasure {
  counts: ErasureCounts;
  /** SHA-256 (hex) of the lower-cased address: what the audit log keeps instead of the address. */
  emailSha256: string;
  /**
   * True when the database files no longer hold the erased values: SQLite was vacuumed and its write-ahead log
   * truncated; PostgreSQL's tables were vacuumed. False when that step could not finish (another connection was
   * reading, or the role may not VACUUM): the values are then only unreachable, until the space is reused.
   */
  compacted: boolean;
}

/** What replaces the address inside a longer text. */
export const ERASED = '[erased]';
const MAX_EMAIL = 320;
const EMAIL = /^[^\s@<>,;"'()]+@[^\s@<>,;"'()]+$/;

/** The address as it is matched: trimmed and lower-cased. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** The SHA-256 (hex) of the lower-cased address. */
export const emailSha256 = (email: string): string => createHash('sha256').update(normaliseEmail(email), 'utf8').digest('hex');

/** A usable address (trimmed, lower-cased), or null when `raw` is not one. */
export function readBuyerEmail(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const email = normaliseEmail(raw);
  return email.length <= MAX_EMAIL && EMAIL.test(email) ? email : null;
}

/**
 * The text columns besides the ones cleared outright where an address may have been copied: an upstream's error body,
 * a rule action's note, a payment link's title, a description. Each is searched (case-insensitively) and the address
 * replaced by `[erased]`; `key` is the row's primary key.
 */
const TEXT_COLUMNS: ReadonlyArray<{ table: string; key: string; columns: readonly string[] }> = [
  { table: 'payments', key: 'id', columns: ['description', 'external_reference', 'status_detail'] },
  { table: 'subscriptions', key: 'id', columns: ['reason', 'external_reference'] },
  { table: 'webhook_events', key: 'id', columns: ['last_error', 'summary'] },
  { table: 'webhook_attempts', key: 'id', columns: ['error'] },
  { table: 'rule_actions', key: 'id', columns: ['detail'] },
  { table: 'payment_links', key: 'id', columns: ['title', 'external_reference', 'init_point'] },
  { table: 'reconciliations', key: 'id', columns: ['error'] },
  { table: 'upstream_pauses', key: 'service', columns: ['reason'] },
];

/** The tables an erasure writes: vacuumed afterwards, so the old values do not survive in free space. */
export const ERASURE_TABLES = [
  'payments', 'subscriptions', 'webhook_events', 'webhook_attempts', 'contact_cache', 'rule_actions', 'payment_links', 'reconciliations',
  'upstream_pauses', 'audit_log',
];

/** Where an IN list is cut: far below SQLite's bound-variable limit. */
const CHUNK = 500;
const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** `LOWER(column) LIKE '%address%'`, the address's wildcards escaped. */
const mentions = (q: Knex.QueryBuilder, column: string, pattern: string, or = false): Knex.QueryBuilder =>
  q[or ? 'orWhereRaw' : 'whereRaw'](`LOWER(??) LIKE ? ESCAPE '\\'`, [column, pattern]);

/** Replaces every occurrence of the address in a text, whatever its case. */
function cutOut(text: string, email: string): string {
  return text.replace(new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ERASED);
}

async function eraseTexts(trx: Knex, email: string, pattern: string): Promise<number> {
  let changed = 0;
  for (const { table, key, columns } of TEXT_COLUMNS) {
    for (const column of columns) {
      const rows = await mentions(trx(table).select(key, column), column, pattern) as Array<Record<string, unknown>>;
      for (const row of rows) {
        await trx(table).where(key, row[key] as string | number).update({ [column]: cutOut(String(row[column]), email) });
        changed += 1;
      }
    }
  }
  return changed;
}

/**
 * Erasure (docs/security.md "Erasure"): removes a buyer's personal data everywhere the product stores it, in one
 * transaction: the payer email and raw JSON of their payments (and the payer name) and subscriptions (matched by the payer email column or
 * the address anywhere in the raw JSON), the stored request of every event about those payments and subscriptions
 * (by payment_id or resource_id) or mentioning the address, the cached contact of the address, and the address cut out
 * of every other text that quotes it. Rows, statuses and amounts stay. The audit log records the erasure with its
 * counts and the address's SHA-256, never the address. Then the driver makes the old values unrecoverable from the
 * database files (SQLite: secure_delete, VACUUM, WAL truncated; PostgreSQL: VACUUM).
 */
export async function forgetEmail(db: Driver, request: ErasureRequest): Promise<Erasure> {
  const email = normaliseEmail(request.email);
  const pattern = `%${escapeLike(email)}%`;
  const hash = emailSha256(email);
  const { result: counts, compacted } = await db.eraseDurably(ERASURE_TABLES, async (trx) => {
    // the write lock first (SQLite: a transaction that read before writing could not write once another had)
    await db.lockKey(trx, 'erasure');
    const found: ErasureCounts = { payments: 0, subscriptions: 0, events: 0, contacts: 0, texts: 0 };
    const payments = await trx('payments').select('id', 'mp_payment_id')
      .where((q) => { q.whereRaw('LOWER(payer_email) = ?', [email]); mentions(q, 'raw', pattern, true); }) as Array<Record<string, unknown>>;
    const paymentIds = payments.map((p) => Number(p.id));
    for (const ids of chunks(paymentIds)) found.payments += Number(await trx('payments').whereIn('id', ids).update({ payer_email: null, payer_name: null, raw: null }));
    const subscriptions = await trx('subscriptions').select('id', 'mp_preapproval_id')
      .where((q) => { q.whereRaw('LOWER(payer_email) = ?', [email]); mentions(q, 'raw', pattern, true); }) as Array<Record<string, unknown>>;
    for (const ids of chunks(subscriptions.map((s) => Number(s.id)))) {
      found.subscriptions += Number(await trx('subscriptions').whereIn('id', ids).update({ payer_email: null, raw: null }));
    }
    const resourceIds = [...payments.map((p) => p.mp_payment_id), ...subscriptions.map((s) => s.mp_preapproval_id)]
      .filter((id): id is string | number => id !== null && id !== undefined).map(String);
    const eventIds = new Set<number>();
    for (const ids of chunks(paymentIds)) (await trx('webhook_events').select('id').whereIn('payment_id', ids)).forEach((r: { id: number }) => eventIds.add(Number(r.id)));
    for (const ids of chunks(resourceIds)) (await trx('webhook_events').select('id').whereIn('resource_id', ids)).forEach((r: { id: number }) => eventIds.add(Number(r.id)));
    const quoting = await trx('webhook_events').select('id').where((q) => {
      mentions(q, 'payload', pattern); mentions(q, 'headers', pattern, true); mentions(q, 'query', pattern, true);
    });
    quoting.forEach((r: { id: number }) => eventIds.add(Number(r.id)));
    for (const ids of chunks([...eventIds])) {
      found.events += Number(await trx('webhook_events').whereIn('id', ids)
        .andWhere((q) => { q.whereNotNull('payload').orWhereNotNull('headers').orWhereNotNull('query'); })
        .update({ payload: null, headers: null, query: null }));
    }
    found.contacts = Number(await trx('contact_cache').whereRaw('LOWER(email) = ?', [email]).delete());
    found.texts = await eraseTexts(trx, email, pattern);
    await recordAudit(db, {
      at: request.now, actor: request.actor, action: 'forget', target: `sha256:${hash}`, client: request.client ?? null, detail: { ...found },
    }, trx);
    return found;
  });
  return { counts, emailSha256: hash, compacted };
}
