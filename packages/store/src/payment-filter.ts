import type { Knex } from 'knex';

/** What an operator can narrow the payment list to (exact matches; email ignores case). */
export interface PaymentFilter {
  status?: string;
  externalReference?: string;
  email?: string;
  /** MercadoPago's payment id (exact). */
  mpPaymentId?: string;
  /** Only this account's payments (a slug, or `default` for the environment-configured shop). */
  account?: string;
}

/** Adds the filter's conditions to a query on `payments`. */
export function applyPaymentFilter(query: Knex.QueryBuilder, filter: PaymentFilter): Knex.QueryBuilder {
  if (filter.status !== undefined) query.where('status', filter.status);
  if (filter.externalReference !== undefined) query.where('external_reference', filter.externalReference);
  if (filter.email !== undefined) query.whereRaw('LOWER(payer_email) = ?', [filter.email.toLowerCase()]);
  if (filter.mpPaymentId !== undefined) query.where('mp_payment_id', filter.mpPaymentId);
  if (filter.account !== undefined) query.where('account', filter.account);
  return query;
}
