import type { Knex } from 'knex';
import { recordAudit } from './audit-log';
import type { Driver } from './drivers/driver';

/** The statuses an event ends in: only these lose their stored request to retention. */
export const FINAL_EVENT_STATUSES = ['success', 'ignored', 'failed'] as const;

/** How many rows one retention transaction changes: short write locks on SQLite, small transactions on PostgreSQL. */
export const PURGE_BATCH_SIZE = 500;

/** What retention removes, and who asked (docs/security.md "Retention"). */
export interface PurgeRequest {
  /** Final events received, and payments last updated, before this instant (epoch ms) lose their personal data. */
  before: number;
  now: number;
  /** Only count what would be cleared; nothing is written (nor audited). */
  dryRun?: boolean;
  /** Recorded in the audit log: `worker`, `cli:<user>@<host>`. */
  actor: string;
  client?: string | null;
  /** A few facts the audit entry adds (e.g. the worker's id). */
  auditDetail?: Record<string, unknown>;
  batchSize?: number;
  /** Checked between batches: true stops early (a worker shutting down); what was cleared stays cleared and is counted. */
  shouldStop?: () => boolean;
}

/** What retention cleared (or, for a dry run, would clear). */
export interface PurgeCounts {
  /** Final events whose payload, headers and query were removed. */
  events: number;
  /** Payments whose raw MercadoPago JSON, payer email and payer name were removed. */
  payments: number;
  /** Attempt and event texts from which an email address was masked. */
  texts: number;
}

/** Replaces every email-like piece of a text: what an upstream's error body may have quoted of the buyer. */
const EMAIL_LIKE = /[^\s@"'<>(),;:[\]\\]+@[^\s@"'<>(),;:[\]\\]+\.[^\s@"'<>(),;:[\]\\]+/g;
export const EMAIL_REMOVED = '[email removed]';
export function maskEmails(text: string): string {
  return text.replace(EMAIL_LIKE, EMAIL_REMOVED);
}

const expiredEvents = (knex: Knex, before: number) => knex('webhook_events')
  .whereIn('status', [...FINAL_EVENT_STATUSES])
  .andWhere('received_at', '<', before)
  .andWhere((q) => { q.whereNotNull('payload').orWhereNotNull('headers').orWhereNotNull('query'); });

const expiredPayments = (knex: Knex, before: number) => knex('payments')
  .where('updated_at', '<', before)
  .andWhere((q) => { q.whereNotNull('raw').orWhereNotNull('payer_email').orWhereNotNull('payer_name'); });

/** Masks email addresses in `column` of the rows of `table` whose `key` is among `keys`; how many rows changed. */
async function maskEmailsIn(trx: Knex, table: string, column: string, key: string, keys: readonly number[]): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await trx(table).select('id', column).whereIn(key, [...keys]).andWhere(column, 'like', '%@%');
  let changed = 0;
  for (const row of rows as Array<Record<string, unknown>>) {
    const text = String(row[column]);
    const masked = maskEmails(text);
    if (masked === text) continue;
    await trx(table).where('id', row.id as number).update({ [column]: masked });
    changed += 1;
  }
  return changed;
}

/**
 * Retention: final events (success, ignored, failed) received before `before` lose their stored request (payload,
 * headers, query) and any email address in their error and summary texts and their attempts' errors; payments last
 * updated before it lose the raw MercadoPago JSON (identification, addresses), the payer's email and the payer's name.
 * Rows, statuses, amounts, counts and the audit log stay. Pending and processing events are never touched. Runs in
 * batches of `batchSize` rows, each its own transaction; a real run (not a dry run) is recorded in the audit log.
 */
export async function purgeExpiredData(db: Driver, request: PurgeRequest): Promise<PurgeCounts> {
  const { knex } = db;
  const { before } = request;
  const batchSize = request.batchSize ?? PURGE_BATCH_SIZE;
  if (request.dryRun) {
    const [events, payments] = await Promise.all([
      expiredEvents(knex, before).count({ n: '*' }).first(),
      expiredPayments(knex, before).count({ n: '*' }).first(),
    ]);
    return { events: Number(events?.n ?? 0), payments: Number(payments?.n ?? 0), texts: 0 };
  }
  const counts: PurgeCounts = { events: 0, payments: 0, texts: 0 };
  const stopping = () => request.shouldStop?.() === true;
  for (;;) {
    const ids = (await expiredEvents(knex, before).select('id').orderBy('id').limit(batchSize)).map((r: { id: number }) => Number(r.id));
    if (ids.length === 0) break;
    await knex.transaction(async (trx) => {
      // the status again: an operator may have sent one of them back to pending since it was selected
      const cleared = await trx('webhook_events').whereIn('id', ids).whereIn('status', [...FINAL_EVENT_STATUSES])
        .update({ payload: null, headers: null, query: null });
      counts.events += Number(cleared);
      counts.texts += await maskEmailsIn(trx, 'webhook_events', 'last_error', 'id', ids);
      counts.texts += await maskEmailsIn(trx, 'webhook_events', 'summary', 'id', ids);
      counts.texts += await maskEmailsIn(trx, 'webhook_attempts', 'error', 'event_id', ids);
    });
    if (ids.length < batchSize || stopping()) break;
  }
  for (; !stopping();) {
    const ids = (await expiredPayments(knex, before).select('id').orderBy('id').limit(batchSize)).map((r: { id: number }) => Number(r.id));
    if (ids.length === 0) break;
    const cleared = await knex('payments').whereIn('id', ids).andWhere('updated_at', '<', before).update({ raw: null, payer_email: null, payer_name: null });
    counts.payments += Number(cleared);
    if (ids.length < batchSize) break;
  }
  await recordAudit(db, {
    at: request.now, actor: request.actor, action: 'purge', target: null, client: request.client ?? null,
    detail: { ...request.auditDetail, before: new Date(before).toISOString(), ...counts },
  });
  return counts;
}
