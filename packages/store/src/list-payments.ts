import type { Driver } from './drivers/driver';
import type { Page, PageRequest } from './event-filter';
import { applyPaymentFilter, PaymentFilter } from './payment-filter';
import { Payment, PAYMENT_COLUMNS, toPayment } from './payments';

/** Payments matching the filter, newest first, one page of them plus the total. */
export async function listPayments(db: Driver, filter: PaymentFilter, page: PageRequest): Promise<Page<Payment>> {
  const [rows, counted] = await Promise.all([
    applyPaymentFilter(db.knex('payments'), filter).select(PAYMENT_COLUMNS).orderBy('id', 'desc').limit(page.limit).offset(page.offset),
    applyPaymentFilter(db.knex('payments'), filter).count({ n: '*' }).first(),
  ]);
  return { data: rows.map(toPayment), total: Number(counted?.n ?? 0) };
}


/** A payment registered in advance for this external reference that MercadoPago has not reported yet, if any. */
export async function findExpectedPayment(db: Driver, externalReference: string): Promise<Payment | null> {
  const row = await db.knex('payments').whereNull('mp_payment_id').andWhere('external_reference', externalReference)
    .orderBy('id', 'asc').first(PAYMENT_COLUMNS);
  return row ? toPayment(row) : null;
}
