import type { Driver } from './drivers/driver';
import { RecordedAction, toRecordedAction } from './action-ledger';
import type { Page, PageRequest } from './event-filter';
import { applyPaymentFilter, PaymentFilter } from './payment-filter';
import { Payment, PAYMENT_COLUMNS, toPayment } from './payments';
import { paymentSubject } from './status-changes';

/** A payment of a list, with the rule actions recorded for it (what was done on the buyer's contact), oldest first. */
export interface PaymentListItem extends Payment {
  actions: RecordedAction[];
}

const ACTION_COLUMNS = ['subject', 'status', 'round', 'rule', 'action_index', 'kind', 'contact_id', 'state', 'event_id', 'detail', 'created_at', 'applied_at'];

/** The rule actions of these payments, in one statement for the whole page, by MercadoPago id. */
async function listActionsOfPayments(db: Driver, payments: readonly Payment[]): Promise<Map<string, RecordedAction[]>> {
  const subjects = payments.flatMap((p) => (p.mpPaymentId === null ? [] : [paymentSubject(p.mpPaymentId)]));
  const bySubject = new Map<string, RecordedAction[]>();
  if (subjects.length === 0) return bySubject;
  const rows = await db.knex('rule_actions').select(ACTION_COLUMNS).whereIn('subject', subjects).orderBy('id');
  for (const row of rows as Array<Record<string, unknown>>) {
    const action = toRecordedAction(row);
    const list = bySubject.get(action.subject);
    if (list) list.push(action);
    else bySubject.set(action.subject, [action]);
  }
  return bySubject;
}

/** Payments matching the filter, newest first, one page of them (each with its rule actions) plus the total. */
export async function listPayments(db: Driver, filter: PaymentFilter, page: PageRequest): Promise<Page<PaymentListItem>> {
  const [rows, counted] = await Promise.all([
    applyPaymentFilter(db.knex('payments'), filter).select(PAYMENT_COLUMNS).orderBy('id', 'desc').limit(page.limit).offset(page.offset),
    applyPaymentFilter(db.knex('payments'), filter).count({ n: '*' }).first(),
  ]);
  const payments: Payment[] = rows.map(toPayment);
  const actions = await listActionsOfPayments(db, payments);
  return {
    data: payments.map((p) => ({ ...p, actions: p.mpPaymentId === null ? [] : actions.get(paymentSubject(p.mpPaymentId)) ?? [] })),
    total: Number(counted?.n ?? 0),
  };
}


/** A payment registered in advance for this external reference that MercadoPago has not reported yet, if any. */
export async function findExpectedPayment(db: Driver, externalReference: string): Promise<Payment | null> {
  const row = await db.knex('payments').whereNull('mp_payment_id').andWhere('external_reference', externalReference)
    .orderBy('id', 'asc').first(PAYMENT_COLUMNS);
  return row ? toPayment(row) : null;
}
