import { csrfField, notice, toQueryString } from '../components';
import { formatCount } from '../format';
import { html } from '../html';
import { renderPage } from '../layout';
import type { EventListParams } from './events-page';

/** Confirmation before a bulk retry: how many failed/ignored events the filter matches, and the POST that retries them. */
export function renderBulkRetryPage(o: { params: EventListParams; count: number; csrfToken: string }): string {
  const { limit: _limit, ...filters } = o.params;
  const entries = Object.entries(filters).filter(([, v]) => v !== undefined && v !== '');
  const back = `/admin/events${toQueryString(filters)}`;
  const body = html`<div class="page-head"><h1>Retry events</h1></div>
    <section class="panel confirm">
      ${entries.length === 0 ? html`<p>No filter: this covers <strong>every</strong> failed or ignored event.</p>`
        : html`<p>Filter:</p><ul class="filter-summary">${entries.map(([k, v]) => html`<li><span class="muted">${k}</span> ${v}</li>`)}</ul>`}
      ${o.count === 0 ? notice('info', 'No failed or ignored event matches this filter: nothing to retry.')
        : html`<p class="big" id="retry-count"><strong>${formatCount(o.count)}</strong> failed or ignored event${o.count === 1 ? '' : 's'} will go back to <strong>pending</strong>, due now, with a fresh retry schedule.</p>`}
      <form method="post" action="/admin/events/retry" class="inline">
        ${csrfField(o.csrfToken)}
        ${entries.map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
        <input type="hidden" name="expected" value="${o.count}">
        <a class="button" href="${back}">Cancel</a>
        ${o.count > 0 ? html`<button type="submit" class="danger" id="confirm-retry">Retry ${formatCount(o.count)} event${o.count === 1 ? '' : 's'}</button>` : ''}
      </form>
    </section>`;
  return renderPage({ title: 'Retry events', section: 'events', body, csrfToken: o.csrfToken });
}
