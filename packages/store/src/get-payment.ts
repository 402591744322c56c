import type { Driver } from './drivers/driver';
import { LIST_COLUMNS, toEventListItem, EventListItem } from './list-events';
import { Payment, toPayment } from './payments';
import { listActions, RecordedAction } from './action-ledger';
import { listStatusChanges, paymentSubject, StatusChange } from './status-changes';

/** A payment with what MercadoPago said about it, its events, the statuses it went through and the rule actions done for it. */
export interface PaymentDetail extends Payment {
  /** MercadoPago's payment JSON as stored (null for a payment registered in advance). */
  raw: string | null;
  /** Events of the payment's account linked to the payment or about its MercadoPago id, newest first (at most 200). */
  events: EventListItem[];
  statusChanges: StatusChange[];
  actions: RecordedAction[];
}

const MAX_EVENTS = 200;

/** One payment with its events, status changes and rule actions; null when there is no such id. */
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
    // another account's notifications naming the same id are that account's business (and must not show to a viewer);
    // filtered here, not in SQL, so that the statement keeps using the payment index
    events: events.map(toEventListItem).filter((e) => e.account === payment.account),
    statusChanges: mpId !== null ? await listStatusChanges(db, paymentSubject(mpId)) : [],
    actions: mpId !== null ? await listActions(db, paymentSubject(mpId)) : [],
  };
}
