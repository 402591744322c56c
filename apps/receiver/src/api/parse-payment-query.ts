import type { PageRequest, PaymentFilter } from '@ghl-payments/store';
import { parseAccountParam } from './parse-account';
import { parsePage } from './parse-page';
import { QueryError } from './query-error';

export const PAYMENT_FILTER_PARAMS = ['q', 'status', 'external_reference', 'email', 'account'] as const;

const STATUS = /^[a-z_]{1,32}$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function readText(name: string, raw: string | undefined, max: number): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (value.length > max || CONTROL_CHARS.test(value)) throw new QueryError(name, `must be printable text of at most ${max} characters`);
  return value;
}

/**
 * Reads `q` (one search box: part of the buyer's email or name or of the external reference, or the exact MercadoPago
 * payment id), `status`, `external_reference`, `email` and `account` (exact matches) plus `limit` / `offset`.
 */
export function parsePaymentQuery(params: Record<string, string | undefined>): { filter: PaymentFilter; page: PageRequest } {
  const filter: PaymentFilter = {};
  const search = readText('q', params.q, 320);
  if (search !== undefined) filter.search = search;
  const status = params.status?.trim().toLowerCase();
  if (status) {
    if (!STATUS.test(status)) throw new QueryError('status', 'must be a MercadoPago payment status such as approved, pending or refunded');
    filter.status = status;
  }
  const externalReference = readText('external_reference', params.external_reference, 256);
  if (externalReference !== undefined) filter.externalReference = externalReference;
  const email = readText('email', params.email, 320);
  if (email !== undefined) {
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new QueryError('email', 'must be an email address');
    filter.email = email;
  }
  const account = parseAccountParam(params.account);
  if (account !== undefined) filter.account = account;
  return { filter, page: parsePage(params) };
}
