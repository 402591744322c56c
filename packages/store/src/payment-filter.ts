import type { Knex } from 'knex';
import { escapeLike } from './event-filter';

/** What an operator can narrow the payment list to (exact matches; email ignores case). */
export interface PaymentFilter {
  status?: string;
  externalReference?: string;
  email?: string;
  /** MercadoPago's payment id (exact). */
  mpPaymentId?: string;
  /** Only this account's payments (a slug, or `default` for the environment-configured shop). */
  account?: string;
  /**
   * One search box: part of the buyer's email, part of the buyer's name or part of the external reference (any case),
   * or MercadoPago's payment id (exact).
   */
  search?: string;
}

/** `LOWER(column) LIKE pattern`, the pattern's wildcards escaped with a backslash. */
const LIKE_ANY_CASE = (column: string) => `LOWER(${column}) LIKE ? ESCAPE '\\'`;

/** Adds the filter's conditions to a query on `payments`. */
export function applyPaymentFilter(query: Knex.QueryBuilder, filter: PaymentFilter): Knex.QueryBuilder {
  if (filter.status !== undefined) query.where('status', filter.status);
  if (filter.externalReference !== undefined) query.where('external_reference', filter.externalReference);
  if (filter.email !== undefined) query.whereRaw('LOWER(payer_email) = ?', [filter.email.toLowerCase()]);
  if (filter.mpPaymentId !== undefined) query.where('mp_payment_id', filter.mpPaymentId);
  if (filter.account !== undefined) query.where('account', filter.account);
  const text = filter.search?.trim();
  if (text) {
    const pattern = `%${escapeLike(text.toLowerCase())}%`;
    query.where((q) => {
      q.where('mp_payment_id', text)
        .orWhereRaw(LIKE_ANY_CASE('payer_email'), [pattern])
        .orWhereRaw(LIKE_ANY_CASE('payer_name'), [pattern])
        .orWhereRaw(LIKE_ANY_CASE('external_reference'), [pattern]);
    });
  }
  return query;
}
