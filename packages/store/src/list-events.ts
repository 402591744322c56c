import type { Driver } from './drivers/driver';
import { applyEventFilter, EventFilter, Page, PageRequest } from './event-filter';
import { toWebhookEvent, WebhookEvent } from './event-types';

/** An event as lists show it: everything but the stored request (payload, headers, query), plus the linked MercadoPago payment id. */
export type EventListItem = Omit<WebhookEvent, 'payload' | 'headers' | 'query'> & {
  /** MercadoPago payment id: the linked payment's, or the resource id of a `payment` event. */
  mpPaymentId: string | null;
};

/** The columns a list reads (the request body and headers stay on disk). */
export const LIST_COLUMNS = [
  'e.id', 'e.dedup_key', 'e.source', 'e.topic', 'e.raw_type', 'e.action', 'e.resource_id', 'e.notification_id', 'e.request_id',
  'e.signature', 'e.status', 'e.attempts', 'e.failures', 'e.duplicates', 'e.next_retry_at', 'e.lease_owner', 'e.lease_expires_at',
  'e.claimed_at', 'e.last_error', 'e.summary', 'e.payment_id', 'e.received_at', 'e.updated_at', 'e.processed_at', 'e.account',
  'p.mp_payment_id as linked_mp_payment_id',
];

/** Maps a row selected with LIST_COLUMNS to an EventListItem. */
export function toEventListItem(row: Record<string, unknown>): EventListItem {
  const { payload: _payload, headers: _headers, query: _query, ...event } = toWebhookEvent(row);
  const linked = row.linked_mp_payment_id;
  const mpPaymentId = linked !== null && linked !== undefined ? String(linked) : event.topic === 'payment' ? event.resourceId : null;
  return { ...event, mpPaymentId };
}

/** Events matching the filter, newest first, one page of them plus the total. */
export async function listEvents(db: Driver, filter: EventFilter, page: PageRequest): Promise<Page<EventListItem>> {
  const base = () => applyEventFilter(db.knex, db.knex({ e: 'webhook_events' }), filter);
  const [rows, counted] = await Promise.all([
    base().leftJoin({ p: 'payments' }, 'p.id', 'e.payment_id').select(LIST_COLUMNS)
      .orderBy([{ column: 'e.received_at', order: 'desc' }, { column: 'e.id', order: 'desc' }])
      .limit(page.limit).offset(page.offset),
    base().count({ n: '*' }).first(),
  ]);
  return { data: rows.map(toEventListItem), total: Number(counted?.n ?? 0) };
}
