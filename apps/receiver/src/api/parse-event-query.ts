import { EVENT_STATUSES, EventFilter, EventStatus, PageRequest } from '@ghl-payments/store';
import { parseAccountParam } from './parse-account';
import { parsePage } from './parse-page';
import { parseTime } from './parse-time';
import { QueryError } from './query-error';

/** The event filter parameters, shared by the list, the bulk retry, the dashboard and the CLI. */
export const EVENT_FILTER_PARAMS = ['status', 'type', 'payment_id', 'q', 'waiting', 'since', 'until', 'account'] as const;
export const PAGE_PARAMS = ['limit', 'offset'] as const;

const TYPE = /^[A-Za-z0-9_.-]{1,64}$/;
const PAYMENT_ID = /^[A-Za-z0-9_-]{1,128}$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const MAX_SEARCH = 200;
const WAITING = /^credentials:[a-z]{1,32}$/;

/** Reads `status` (one or several, comma-separated), `type`, `payment_id`, `q`, `waiting`, `since`, `until`, `account`; throws QueryError naming the bad one. */
export function parseEventFilter(params: Record<string, string | undefined>, now: number): EventFilter {
  const filter: EventFilter = {};
  const status = params.status?.trim();
  if (status) {
    const statuses = status.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    const bad = statuses.find((s) => !(EVENT_STATUSES as readonly string[]).includes(s));
    if (bad !== undefined || statuses.length === 0) throw new QueryError('status', `must be one of ${EVENT_STATUSES.join(', ')} (several joined with commas)`);
    filter.statuses = [...new Set(statuses)] as EventStatus[];
  }
  const type = params.type?.trim();
  if (type) {
    if (!TYPE.test(type)) throw new QueryError('type', 'must be a topic such as payment or merchant_order');
    filter.type = type;
  }
  const paymentId = params.payment_id?.trim();
  if (paymentId) {
    if (!PAYMENT_ID.test(paymentId)) throw new QueryError('payment_id', 'must be a MercadoPago payment id (letters, digits, - or _)');
    filter.mpPaymentId = paymentId;
  }
  const q = params.q?.trim();
  if (q) {
    if (q.length > MAX_SEARCH || CONTROL_CHARS.test(q)) throw new QueryError('q', `must be printable text of at most ${MAX_SEARCH} characters`);
    filter.search = q;
  }
  const waiting = params.waiting?.trim();
  if (waiting) {
    if (!WAITING.test(waiting)) throw new QueryError('waiting', 'must be credentials:mercadopago or credentials:ghl');
    filter.waitingReason = waiting;
  }
  filter.since = parseTime('since', params.since, now, 'start');
  filter.until = parseTime('until', params.until, now, 'end');
  if (filter.since !== undefined && filter.until !== undefined && filter.since >= filter.until) {
    throw new QueryError('until', 'must be later than since');
  }
  if (filter.since === undefined) delete filter.since;
  if (filter.until === undefined) delete filter.until;
  const account = parseAccountParam(params.account);
  if (account !== undefined) filter.account = account;
  return filter;
}

/** The filter plus `limit` / `offset`. */
export function parseEventQuery(params: Record<string, string | undefined>, now: number): { filter: EventFilter; page: PageRequest } {
  return { filter: parseEventFilter(params, now), page: parsePage(params) };
}
