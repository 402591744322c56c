import type { MercadoPagoErrorBody } from './mercadopago-errors';
import type { MercadoPagoPayment } from './mercadopago-payment';

/**
 * GET /v1/payments/search as MercadoPago answers it. Sources (read for facts, 2025):
 * - API reference "Search payments" (/developers/en/reference/payments/_payments_search/get; devsite-docs
 *   reference/payments/endpoints/_payments_search/get.yaml): query `sort` (date_approved, date_created,
 *   date_last_updated, id, money_release_date), `criteria` (asc, desc), `external_reference`, `range` (date_created,
 *   date_last_updated, date_approved, money_release_date; default date_created), `begin_date`, `end_date`; only
 *   payments of the last twelve months; answer `{paging: {total, limit, offset}, results: [...]}` (sample: limit 30);
 *   400 causes 1 "Params Error.", 1000 "Number of rows exceeded the limits.", 1001 "Date format must be
 *   yyyy-MM-dd'T'HH:mm:ss.SSSZ.", 1003 "Invalid sort value.", 1004 "Invalid criteria value.".
 * - Guide "Received payments management" (devsite-docs guides/additional-content/sales-processing/retrieving-payments):
 *   `limit` at most 50, 30 when absent; `offset` 0 by default, at most 10000; filters `status`, `status_detail`,
 *   `payment_method_id`, `payment_type_id`, `operation_type`, `payer.id`, `installments`, `processing_mode`; dates
 *   ISO 8601 (`2017-05-06T15:07:20.000-04:00`) or `NOW`, `NOW-<n>MINUTES|HOURS|DAYS|WEEKS` (1-60, 1-24, 1-365, 1-8).
 * - SDK sdk-nodejs clients/payment/search/types.ts (same sort, criteria and range values; paging shape).
 * What the sources leave open, chosen here: the default order is `date_created` descending; ties are broken by id so
 * pages never overlap; both ends of the range are inclusive; an unknown parameter is ignored.
 */
export const SEARCH_DEFAULT_LIMIT = 30;
export const SEARCH_MAX_LIMIT = 50;
export const SEARCH_MAX_OFFSET = 10_000;

const SORT_FIELDS = ['date_approved', 'date_created', 'date_last_updated', 'id', 'money_release_date'] as const;
const RANGE_FIELDS = ['date_created', 'date_last_updated', 'date_approved', 'money_release_date'] as const;
/** Query parameters compared for equality with the payment's field of the same (dotted) name. */
const EQUALITY_FILTERS = [
  'external_reference', 'status', 'status_detail', 'payment_method_id', 'payment_type_id', 'operation_type', 'payer.id',
  'installments', 'processing_mode', 'collector.id',
];
/** Filters whose payment field has another name: a payment carries its collector as `collector_id` (SDK PaymentResponse). */
const FILTER_FIELDS: Readonly<Record<string, string>> = { 'collector.id': 'collector_id' };
/** NOW-<n><unit>: the bounds of n for each unit, as the guide lists them. */
const NOW_UNITS: Record<string, { ms: number; max: number }> = {
  MINUTES: { ms: 60_000, max: 60 }, HOURS: { ms: 3_600_000, max: 24 }, DAYS: { ms: 86_400_000, max: 365 }, WEEKS: { ms: 7 * 86_400_000, max: 8 },
};
/** yyyy-MM-ddTHH:mm:ss, optional .SSS, then an offset (Z, ±HH:mm or ±HHmm). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;
const TWELVE_MONTHS_MS = 365 * 86_400_000;

/** A stored payment: the object and the JSON GET /v1/payments/:id answers for it. */
export interface SearchablePayment {
  value: MercadoPagoPayment;
  json: string;
}

/** The answer: an error body, or the page as JSON text (built from the stored JSON, so large pages stay cheap). */
export type SearchAnswer = { status: 400; body: MercadoPagoErrorBody } | { status: 200; text: string };

function badRequest(code: number, message: string): SearchAnswer {
  return { status: 400, body: { message, error: 'bad_request', status: 400, cause: [{ code, description: message, data: null }] } };
}

const paramsError = (): SearchAnswer => badRequest(1, 'Params Error.');
const dateFormatError = (): SearchAnswer => badRequest(1001, "Date format must be yyyy-MM-dd'T'HH:mm:ss.SSSZ.");
const rowsError = (): SearchAnswer => badRequest(1000, 'Number of rows exceeded the limits.');

/** A whole number parameter, or null when it is not one. */
function wholeNumber(raw: string): number | null {
  return /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : null;
}

/** begin_date / end_date: an ISO date or NOW[-n UNIT]; epoch ms, or null when the text is neither. */
export function parseSearchDate(raw: string, now: number): number | null {
  const text = raw.trim();
  if (text === 'NOW') return now;
  const relative = /^NOW-(\d{1,3})(MINUTES|HOURS|DAYS|WEEKS)$/.exec(text);
  if (relative) {
    const unit = NOW_UNITS[relative[2]];
    const n = Number(relative[1]);
    return n >= 1 && n <= unit.max ? now - n * unit.ms : null;
  }
  if (!ISO_DATE.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** A payment's field by dotted name (`payer.id`), as text; null when absent. */
function fieldText(payment: MercadoPagoPayment, name: string): string | null {
  let value: unknown = payment;
  for (const part of name.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined || value === null ? null : String(value);
}

/** Parsed dates by payment object (a stored payment is replaced, never changed, so its dates can be kept). */
const parsedDates = new WeakMap<MercadoPagoPayment, Map<string, number | null>>();

/** A date field as epoch ms (null when the payment has none). */
function dateOf(payment: MercadoPagoPayment, field: string): number | null {
  let dates = parsedDates.get(payment);
  if (!dates) parsedDates.set(payment, dates = new Map());
  if (dates.has(field)) return dates.get(field)!;
  const text = fieldText(payment, field);
  const ms = text === null ? NaN : Date.parse(text);
  const value = Number.isNaN(ms) ? null : ms;
  dates.set(field, value);
  return value;
}

/** What a search asks for, validated. */
interface SearchRequest {
  sort: (typeof SORT_FIELDS)[number];
  descending: boolean;
  range: (typeof RANGE_FIELDS)[number];
  begin: number | null;
  end: number | null;
  limit: number;
  offset: number;
  filters: Array<[string, string]>;
}

/** Validates the query string the way MercadoPago does; an error answer, or the request. */
function readSearchRequest(query: Record<string, string>, now: number): SearchAnswer | SearchRequest {
  const sort = query.sort ?? 'date_created';
  if (!(SORT_FIELDS as readonly string[]).includes(sort)) return badRequest(1003, 'Invalid sort value.');
  const criteria = query.criteria ?? 'desc';
  if (criteria !== 'asc' && criteria !== 'desc') return badRequest(1004, 'Invalid criteria value.');
  const range = query.range ?? 'date_created';
  if (!(RANGE_FIELDS as readonly string[]).includes(range)) return paramsError();
  const limit = query.limit === undefined ? SEARCH_DEFAULT_LIMIT : wholeNumber(query.limit);
  const offset = query.offset === undefined ? 0 : wholeNumber(query.offset);
  if (limit === null || offset === null || limit < 1) return paramsError();
  if (limit > SEARCH_MAX_LIMIT || offset > SEARCH_MAX_OFFSET) return rowsError();
  const begin = query.begin_date === undefined ? null : parseSearchDate(query.begin_date, now);
  const end = query.end_date === undefined ? null : parseSearchDate(query.end_date, now);
  if ((query.begin_date !== undefined && begin === null) || (query.end_date !== undefined && end === null)) return dateFormatError();
  const filters = EQUALITY_FILTERS.filter((name) => query[name] !== undefined).map((name): [string, string] => [name, query[name]]);
  return { sort: sort as SearchRequest['sort'], descending: criteria === 'desc', range: range as SearchRequest['range'], begin, end, limit, offset, filters };
}

/** The sort key of a payment: its id or the epoch ms of the sort date (null when it has none). */
function sortKey(p: MercadoPagoPayment, sort: SearchRequest['sort']): number | null {
  return sort === 'id' ? Number(p.id) : dateOf(p, sort);
}

/** Orders by the sort key (payments without one last), then by id, in the asked direction. */
function compareKeyed(descending: boolean) {
  return (a: Keyed, b: Keyed): number => {
    if (a.key === null || b.key === null) return a.key === b.key ? a.id - b.id : a.key === null ? 1 : -1;
    const order = a.key - b.key || a.id - b.id;
    return descending ? -order : order;
  };
}

interface Keyed {
  stored: SearchablePayment;
  key: number | null;
  id: number;
}

/** Answers one search over the account's payments at `now` (the caller passes only the calling account's payments). */
export function searchPayments(payments: Iterable<SearchablePayment>, query: Record<string, string>, now: number): SearchAnswer {
  const request = readSearchRequest(query, now);
  if ('status' in request) return request;
  const matching: Keyed[] = [];
  for (const stored of payments) {
    const p = stored.value;
    const created = dateOf(p, 'date_created');
    if (created !== null && created < now - TWELVE_MONTHS_MS) continue;
    if (request.begin !== null || request.end !== null) {
      const at = dateOf(p, request.range);
      if (at === null || (request.begin !== null && at < request.begin) || (request.end !== null && at > request.end)) continue;
    }
    if (request.filters.some(([name, value]) => fieldText(p, FILTER_FIELDS[name] ?? name) !== value)) continue;
    matching.push({ stored, key: sortKey(p, request.sort), id: Number(p.id) });
  }
  matching.sort(compareKeyed(request.descending));
  const page = matching.slice(request.offset, request.offset + request.limit).map((k) => k.stored);
  const paging = JSON.stringify({ total: matching.length, limit: request.limit, offset: request.offset });
  return { status: 200, text: `{"paging":${paging},"results":[${page.map((s) => s.json).join(',')}]}` };
}
