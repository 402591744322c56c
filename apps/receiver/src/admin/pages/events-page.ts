import { EVENT_STATUSES, EventListItem, Page, PageRequest } from '@ghl-payments/store';
import { AccountChoice, accountSelect, badge, input, notice, pagination, select, toQueryString } from '../components';
import { html, SafeHtml } from '../html';
import type { I18n } from '../i18n/translator';
import { renderPage } from '../layout';

/** The filter values as typed (redisplayed in the form, kept by pagination links). */
export type EventListParams = Partial<Record<'status' | 'type' | 'payment_id' | 'q' | 'waiting' | 'since' | 'until' | 'account' | 'limit', string>>;

export interface EventsPageOptions {
  i18n: I18n;
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

/**
 * The word a badge shows for an event's status: a pending event that was already tried is "retrying", not just
 * "waiting" (the stored status stays in `data-status`).
 */
export function shownStatus(e: { status: string; attempts: number }): string {
  return e.status === 'pending' && e.attempts > 0 ? 'retrying' : e.status;
}

const SERVICE_NAMES: Record<string, string> = { mercadopago: 'MercadoPago', ghl: 'GoHighLevel' };

/** The filter form (account, status, type, search, dates, page size), and what `waiting` narrows it to. */
export function eventFilterForm(i18n: I18n, params: EventListParams, types: string[], action = '/admin/events', accounts: readonly AccountChoice[] = []): SafeHtml {
  const { t } = i18n;
  const statusOptions = [['', t('events.filter.anyStatus')] as const, ...EVENT_STATUSES.map((s) => [s, t(`status.${s}`)] as const)];
  const service = params.waiting?.replace(/^credentials:/, '');
  const waiting = params.waiting ? html`<div class="notice notice-info" role="status" id="waiting-filter">
      ${t('events.waitingFor', { service: SERVICE_NAMES[service ?? ''] ?? service ?? '' })}
      <a href="${action}${toQueryString({ ...params, waiting: undefined })}">${t('events.waitingAll')}</a></div>` : '';
  return html`${waiting}<form class="filters" method="get" action="${action}" id="event-filters">
    ${params.waiting ? html`<input type="hidden" name="waiting" value="${params.waiting}">` : ''}
    ${accountSelect(i18n, accounts, params.account)}
    ${select('status', statusOptions, params.status, t('events.filter.status'))}
    ${input('type', t('events.filter.type'), params.type, { placeholder: t('events.filter.anyType'), list: 'known-types' })}
    <datalist id="known-types">${types.map((type) => html`<option value="${type}">`)}</datalist>
    ${input('q', t('common.search'), params.q, { placeholder: t('events.filter.searchHint'), type: 'search' })}
    ${input('payment_id', t('events.filter.paymentId'), params.payment_id, { placeholder: t('events.filter.paymentIdHint') })}
    ${input('since', t('events.filter.since'), params.since, { type: 'date' })}
    ${input('until', t('events.filter.until'), params.until, { type: 'date' })}
    ${select('limit', LIMITS.map((l) => [l, t('events.filter.perPage', { count: Number(l) })] as const), params.limit ?? '50', t('events.filter.limit'))}
    <div class="filter-actions"><button type="submit" class="primary" id="apply-filters">${t('common.apply')}</button><a class="button" href="${action}">${t('common.reset')}</a></div>
  </form>`;
}

/** One row of the events table. */
function eventRow(i18n: I18n, e: EventListItem, now: number, showAccount: boolean): SafeHtml {
  const detail = `/admin/events/${e.id}`;
  const next = e.status === 'pending' ? (e.nextRetryAt <= now ? i18n.t('event.dueNow') : i18n.relative(e.nextRetryAt, now)) : '—';
  return html`<tr data-event-id="${e.id}" data-account="${e.account}">
    <td class="num"><a href="${detail}">#${e.id}</a></td>
    ${showAccount ? html`<td class="account-cell">${e.account}</td>` : ''}
    <td class="nowrap">${i18n.timeHtml(e.receivedAt)}</td>
    <td>${e.topic}${e.action ? html`<div class="sub">${e.action}</div>` : ''}</td>
    <td><a href="${detail}" class="mono">${e.resourceId}</a>${e.duplicates > 0 ? html`<div class="sub">${i18n.plural('events.duplicates.one', 'events.duplicates.other', e.duplicates)}</div>` : ''}</td>
    <td>${badge(i18n, e.status, 'status', shownStatus(e))}</td>
    <td class="num">${i18n.count(e.attempts)}</td>
    <td class="nowrap">${next}</td>
    <td class="error-cell" title="${e.lastError ?? ''}">${e.lastError ?? html`<span class="muted">—</span>`}</td>
  </tr>`;
}

/** The event list: filters, table with coloured statuses, pagination and the bulk retry entry point. */
export function renderEventsPage(o: EventsPageOptions): string {
  const { i18n } = o;
  const { t } = i18n;
  const filterParams: Record<string, string | undefined> = { ...o.params };
  const retryLink = `/admin/events/retry${toQueryString({ ...filterParams, limit: undefined })}`;
  const accounts = o.accounts ?? [];
  const showAccount = accounts.length > 0;
  const table = o.result === null ? html`` : o.result.data.length === 0
    ? html`<div class="panel empty"><p>${t('events.empty')}</p></div>`
    : html`<div class="panel table-panel"><table class="table" id="events-table">
        <thead><tr><th class="num">${t('events.col.id')}</th>${showAccount ? html`<th>${t('events.col.account')}</th>` : ''}<th>${t('events.col.received')}</th><th>${t('events.col.type')}</th><th>${t('events.col.resource')}</th><th>${t('events.col.status')}</th><th class="num">${t('events.col.attempts')}</th><th>${t('events.col.next')}</th><th>${t('events.col.error')}</th></tr></thead>
        <tbody>${o.result.data.map((e) => eventRow(i18n, e, o.now, showAccount))}</tbody>
      </table></div>
      ${pagination(i18n, '/admin/events', filterParams, o.page, o.result.total)}`;
  const body = html`<div class="page-head">
      <h1>${t('events.title')}</h1>
      ${o.viewer ? '' : html`<a class="button danger-outline" id="bulk-retry" href="${retryLink}">${t('events.bulkRetry')}</a>`}
    </div>
    ${notice('ok', o.notice)}
    ${notice('error', o.error)}
    ${eventFilterForm(i18n, o.params, o.types, '/admin/events', accounts)}
    ${table}`;
  return renderPage({ i18n, title: t('events.title'), section: 'events', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
