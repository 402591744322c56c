import { EVENT_STATUSES } from '@ghl-payments/store';
import { csrfField, notice, toQueryString } from '../components';
import { html } from '../html';
import type { MessageKey } from '../i18n/catalog';
import type { I18n } from '../i18n/translator';
import { renderPage } from '../layout';
import type { EventListParams } from './events-page';

const STATUSES = new Set<string>(EVENT_STATUSES);

/** The label each filter parameter has in the filter form. */
const FILTER_LABELS: Record<string, MessageKey> = {
  status: 'events.filter.status', type: 'events.filter.type', payment_id: 'events.filter.paymentId', q: 'events.filter.q',
  since: 'events.filter.since', until: 'events.filter.until', account: 'events.filter.account',
};

/** A filter value as the form shows it: statuses in plain words (`failed,ignored` → "needs attention, nothing to do"). */
function shownValue(i18n: I18n, key: string, value: string): string {
  if (key !== 'status') return value;
  return value.split(',').map((s) => s.trim()).map((s) => (STATUSES.has(s) ? i18n.t(`status.${s}` as MessageKey) : s)).join(', ');
}

/** Confirmation before a bulk retry: how many failed/ignored events the filter matches, and the POST that retries them. */
export function renderBulkRetryPage(o: { i18n: I18n; params: EventListParams; count: number; csrfToken: string }): string {
  const { i18n } = o;
  const { t } = i18n;
  const { limit: _limit, ...filters } = o.params;
  const entries = Object.entries(filters).filter(([, v]) => v !== undefined && v !== '') as Array<[string, string]>;
  const back = `/admin/events${toQueryString(filters)}`;
  const body = html`<div class="page-head"><h1>${t('bulk.title')}</h1></div>
    <section class="panel confirm">
      ${entries.length === 0 ? html`<p>${t('bulk.noFilter')}</p>`
        : html`<p>${t('bulk.filter')}</p><ul class="filter-summary">${entries.map(([k, v]) => html`<li data-filter="${k}"><span class="muted">${FILTER_LABELS[k] ? t(FILTER_LABELS[k]) : k}</span> ${shownValue(i18n, k, v)}</li>`)}</ul>`}
      ${o.count === 0 ? notice('info', t('bulk.nothing'))
        : html`<p class="big" id="retry-count"><strong>${i18n.count(o.count)}</strong> ${i18n.plural('bulk.will.one', 'bulk.will.other', o.count)}</p>`}
      <form method="post" action="/admin/events/retry" class="inline">
        ${csrfField(o.csrfToken)}
        ${entries.map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
        <input type="hidden" name="expected" value="${o.count}">
        <a class="button" href="${back}">${t('bulk.cancel')}</a>
        ${o.count > 0 ? html`<button type="submit" class="danger" id="confirm-retry">${i18n.plural('bulk.confirm.one', 'bulk.confirm.other', o.count)}</button>` : ''}
      </form>
    </section>`;
  return renderPage({ i18n, title: t('bulk.title'), section: 'events', body, csrfToken: o.csrfToken });
}
