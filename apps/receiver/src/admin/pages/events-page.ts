import { EVENT_STATUSES, EventListItem, Page, PageRequest } from '@ghl-payments/store';
import { AccountChoice, accountSelect, badge, input, notice, pagination, select, toQueryString } from '../components';
import { formatRelative, formatTime } from '../format';
import { html, SafeHtml } from '../html';
import { renderPage } from '../layout';

/** The filter values as typed (redisplayed in the form, kept by pagination links). */
export type EventListParams = Partial<Record<'status' | 'type' | 'payment_id' | 'q' | 'since' | 'until' | 'account' | 'limit', string>>;

export interface EventsPageOptions {
  params: EventListParams;
  page: PageRequest;
  result: Page<EventListItem> | null;
  now: number;
  types: string[];
  csrfToken: string;
  error?: string;
  notice?: string;
  /** The accounts the filter offers (none: no account filter, no account column). */
  accounts?: readonly AccountChoice[];
  /** A viewer's session: its account (no bulk retry). */
  viewer?: string | null;
}

const LIMITS = ['25', '50', '100', '200', '500'];

/** The filter form (account, status, type, search, dates, page size). */
export function eventFilterForm(params: EventListParams, types: string[], action = '/admin/events', accounts: readonly AccountChoice[] = []): SafeHtml {
  const statusOptions = [['', 'Any status'], ...EVENT_STATUSES.map((s) => [s, s] as const)] as const;
  return html`<form class="filters" method="get" action="${action}" id="event-filters">
    ${accountSelect(accounts, params.account)}
    ${select('status', statusOptions, params.status, 'Status')}
    ${input('type', 'Type', params.type, { placeholder: 'payment', list: 'known-types' })}
    <datalist id="known-types">${types.map((t) => html`<option value="${t}">`)}</datalist>
    ${input('q', 'Search', params.q, { placeholder: 'resource id or dedup key', type: 'search' })}
    ${input('payment_id', 'Payment id', params.payment_id, { placeholder: 'MercadoPago id' })}
    ${input('since', 'From', params.since, { type: 'date' })}
    ${input('until', 'To', params.until, { type: 'date' })}
    ${select('limit', LIMITS.map((l) => [l, `${l} per page`] as const), params.limit ?? '50', 'Show')}
    <div class="filter-actions"><button type="submit" class="primary" id="apply-filters">Apply</button><a class="button" href="${action}">Reset</a></div>
  </form>`;
}

/** One row of the events table. */
function eventRow(e: EventListItem, now: number, showAccount: boolean): SafeHtml {
  const detail = `/admin/events/${e.id}`;
  const next = e.status === 'pending' ? (e.nextRetryAt <= now ? 'due now' : formatRelative(e.nextRetryAt, now)) : '—';
  return html`<tr data-event-id="${e.id}" data-account="${e.account}">
    <td class="num"><a href="${detail}">#${e.id}</a></td>
    ${showAccount ? html`<td class="account-cell">${e.account}</td>` : ''}
    <td class="nowrap">${formatTime(e.receivedAt)}</td>
    <td>${e.topic}${e.action ? html`<div class="sub">${e.action}</div>` : ''}</td>
    <td><a href="${detail}" class="mono">${e.resourceId}</a>${e.duplicates > 0 ? html`<div class="sub">${e.duplicates} duplicate(s)</div>` : ''}</td>
    <td>${badge(e.status)}</td>
    <td class="num">${e.attempts}</td>
    <td class="nowrap">${next}</td>
    <td class="error-cell" title="${e.lastError ?? ''}">${e.lastError ?? html`<span class="muted">—</span>`}</td>
  </tr>`;
}

/** The event list: filters, table with coloured statuses, pagination and the bulk retry entry point. */
export function renderEventsPage(o: EventsPageOptions): string {
  const filterParams: Record<string, string | undefined> = { ...o.params };
  const retryLink = `/admin/events/retry${toQueryString({ ...filterParams, limit: undefined })}`;
  const accounts = o.accounts ?? [];
  const showAccount = accounts.length > 0;
  const table = o.result === null ? html`` : o.result.data.length === 0
    ? html`<div class="panel empty"><p>No events match this filter.</p></div>`
    : html`<div class="panel table-panel"><table class="table" id="events-table">
        <thead><tr><th class="num">ID</th>${showAccount ? html`<th>Account</th>` : ''}<th>Received</th><th>Type</th><th>Resource</th><th>Status</th><th class="num">Attempts</th><th>Next retry</th><th>Last error</th></tr></thead>
        <tbody>${o.result.data.map((e) => eventRow(e, o.now, showAccount))}</tbody>
      </table></div>
      ${pagination('/admin/events', filterParams, o.page, o.result.total)}`;
  const body = html`<div class="page-head">
      <h1>Events</h1>
      ${o.viewer ? '' : html`<a class="button danger-outline" id="bulk-retry" href="${retryLink}">Retry all failed matching this filter…</a>`}
    </div>
    ${notice('ok', o.notice)}
    ${notice('error', o.error)}
    ${eventFilterForm(o.params, o.types, '/admin/events', accounts)}
    ${table}`;
  return renderPage({ title: 'Events', section: 'events', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
