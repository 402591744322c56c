import type { Knex } from 'knex';
import type { EventStatus } from './event-types';

/** What an operator can narrow the event list (and a bulk retry) to. Every value is bound, never spliced into SQL. */
export interface EventFilter {
  /** Any of these statuses (empty or absent: all). */
  statuses?: readonly EventStatus[];
  /** Normalised topic or MercadoPago's raw type, e.g. `payment`, `merchant_order`. */
  type?: string;
  /** MercadoPago payment id: the event's resource, or the payment the worker linked it to. */
  mpPaymentId?: string;
  /** Substring of the resource id or the dedup key (case-insensitive). */
  search?: string;
  /** received_at >= since (epoch ms). */
  since?: number;
  /** received_at < until (epoch ms). */
  until?: number;
  /** Only this account's events (a slug, or `default` for the environment-configured shop). */
  account?: string;
  /** Only events waiting for this reason (`credentials:mercadopago`, `credentials:ghl`). */
  waitingReason?: string;
}

/** A page of a list: how many rows to skip and return. */
export interface PageRequest {
  limit: number;
  offset: number;
}

/** A page of results plus the number of rows matching the filter. */
export interface Page<T> {
  data: T[];
  total: number;
}

/** Escapes LIKE wildcards so a search matches the text literally (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Adds the filter's conditions to a query on `webhook_events` aliased `e`. */
export function applyEventFilter(knex: Knex, query: Knex.QueryBuilder, filter: EventFilter): Knex.QueryBuilder {
  if (filter.statuses && filter.statuses.length > 0) query.whereIn('e.status', [...filter.statuses]);
  if (filter.type !== undefined) {
    const type = filter.type;
    query.where((q) => { q.where('e.topic', type).orWhere('e.raw_type', type); });
  }
  if (filter.mpPaymentId !== undefined) {
    const id = filter.mpPaymentId;
    query.where((q) => {
      q.where((p) => { p.where('e.topic', 'payment').andWhere('e.resource_id', id); })
        .orWhereIn('e.payment_id', knex('payments').select('id').where('mp_payment_id', id));
    });
  }
  if (filter.search !== undefined && filter.search !== '') {
    const pattern = `%${escapeLike(filter.search.toLowerCase())}%`;
    query.where((q) => {
      q.whereRaw(`LOWER(e.resource_id) LIKE ? ESCAPE '\\'`, [pattern])
        .orWhereRaw(`LOWER(e.dedup_key) LIKE ? ESCAPE '\\'`, [pattern]);
    });
  }
  if (filter.since !== undefined) query.where('e.received_at', '>=', filter.since);
  if (filter.until !== undefined) query.where('e.received_at', '<', filter.until);
  if (filter.account !== undefined) query.where('e.account', filter.account);
  if (filter.waitingReason !== undefined) query.where('e.waiting_reason', filter.waitingReason);
  return query;
}
