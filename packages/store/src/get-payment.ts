import type { Driver } from './drivers/driver';
import { LIST_COLUMNS, toEventListItem, EventListItem } from './list-events';
import { Payment, toPayment } from './payments';
import { AppliedTags, listPaymentTags } from './tag-ledger';

/** A payment with what MercadoPago said about it, its events and the tags applied for it. */
export interface PaymentDetail extends Payment {
  /** MercadoPago's payment JSON as stored (null for a payment registered in advance). */
  raw: string | null;
  /** Events linked to the payment or about its MercadoPago id, newest first (at most 200). */
  events: EventListItem[];
  tags: AppliedTags[];
}

const MAX_EVENTS = 200;

/** One payment with its events and tag ledger; null when there is no such id. */
export async function getPayment(db: Driver, id: number): Promise<PaymentDetail | null> {
  const row = await db.knex('payments').where('id', id).first();
  if (!row) return null;
  const payment = toPayment(row);
  const mpId = payment.mpPaymentId;
  const events = await db.knex({ e: 'webhook_events' }).leftJoin({ p: 'payments' }, 'p.id', 'e.payment_id')
    .where((q) => {
      q.where('e.payment_id', id);
      if (mpId !== null) q.orWhere((p) => { p.where('e.topic', 'payment').andWhere('e.resource_id', mpId); });
    })
    .select(LIST_COLUMNS)
    .orderBy([{ column: 'e.received_at', order: 'desc' }, { column: 'e.id', order: 'desc' }])
    .limit(MAX_EVENTS);
  return {
    ...payment,
    raw: (row.raw as string | null) ?? null,
    events: events.map(toEventListItem),
    tags: mpId !== null ? await listPaymentTags(db, mpId) : [],
  };
}
