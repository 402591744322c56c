import { AUDIT_ACTIONS, AuditRecord, ErasureCounts, Page, PageRequest } from '@ghl-payments/store';
import { csrfField, input, notice, pagination, select, withMarkup } from '../components';
import { html, SafeHtml } from '../html';
import type { MessageKey } from '../i18n/catalog';
import type { I18n } from '../i18n/translator';
import { renderPage } from '../layout';

export type AuditListParams = Partial<Record<'action' | 'actor' | 'since' | 'until' | 'limit', string>>;

/** What a finished erasure shows (never the address). */
export interface ErasureNotice {
  counts: ErasureCounts;
  emailSha256: string;
  compacted: boolean;
}

/** A stored action in plain words (the action as stored when it has none). */
function actionLabel(i18n: I18n, action: string): string {
  const key = `audit.action.${action}`;
  return (AUDIT_ACTIONS as readonly string[]).includes(action) ? i18n.t(key as MessageKey) : action;
}

/** `{"count":3}` as `count 3`: the detail's facts on one line (stored values, not translated). */
function describeDetail(detail: Record<string, unknown> | null): SafeHtml {
  if (!detail) return html`<span class="muted">—</span>`;
  const parts = Object.entries(detail).map(([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return html`<span class="audit-detail">${parts.join(' · ')}</span>`;
}

function auditRow(i18n: I18n, r: AuditRecord): SafeHtml {
  return html`<tr data-audit-id="${r.id}" data-action="${r.action}">
    <td class="nowrap">${i18n.timeHtml(r.at)}</td>
    <td class="mono">${r.actor}</td>
    <td><span class="badge badge-audit" data-action="${r.action}" title="${r.action}">${actionLabel(i18n, r.action)}</span></td>
    <td class="mono">${r.target ?? html`<span class="muted">—</span>`}</td>
    <td>${describeDetail(r.detail)}</td>
    <td class="mono">${r.client ?? html`<span class="muted">—</span>`}</td>
  </tr>`;
}

function erasureNotice(i18n: I18n, e: ErasureNotice): SafeHtml {
  const { t } = i18n;
  const c = e.counts;
  return html`<div class="notice notice-ok" role="status" id="erasure-result">
    <p><strong>${t('audit.erased')}</strong> ${t('audit.erasedCounts', { payments: c.payments, subscriptions: c.subscriptions, events: c.events, contacts: c.contacts, texts: c.texts })}
    ${withMarkup(t('audit.erasedRecorded'), { code: html`<code>forget</code>`, hash: html`<code class="mono">${e.emailSha256.slice(0, 16)}…</code>` })}</p>
    <p>${e.compacted ? t('audit.compacted') : t('audit.notCompacted')}
    ${t('audit.notErased')}</p>
  </div>`;
}

/** `/admin/audit`: the audit log (read-only, newest first) with its filters, and the form that erases a buyer's data. */
export function renderAuditPage(o: {
  i18n: I18n; params: AuditListParams; page: PageRequest; result: Page<AuditRecord> | null; csrfToken: string; error?: string;
  erasure?: ErasureNotice; formError?: string;
}): string {
  const { i18n } = o;
  const { t } = i18n;
  const params: Record<string, string | undefined> = { ...o.params };
  const actions: Array<readonly [string, string]> = [['', t('audit.allActions')], ...AUDIT_ACTIONS.map((a) => [a, actionLabel(i18n, a)] as const)];
  const table = o.result === null ? html`` : o.result.data.length === 0
    ? html`<div class="panel empty"><p>${t('audit.empty')}</p></div>`
    : html`<div class="panel table-panel"><table class="table" id="audit-table">
        <thead><tr><th>${t('audit.col.when')}</th><th>${t('audit.col.who')}</th><th>${t('audit.col.action')}</th><th>${t('audit.col.target')}</th><th>${t('audit.col.detail')}</th><th>${t('audit.col.client')}</th></tr></thead>
        <tbody>${o.result.data.map((r) => auditRow(i18n, r))}</tbody></table></div>
      ${pagination(i18n, '/admin/audit', params, o.page, o.result.total)}`;
  const body = html`<div class="page-head"><h1>${t('audit.title')}</h1>
      <p class="muted">${t('audit.intro')}</p></div>
    ${o.erasure ? erasureNotice(i18n, o.erasure) : ''}
    ${notice('error', o.error)}
    <form class="filters" method="get" action="/admin/audit" id="audit-filters">
      ${select('action', actions, o.params.action, t('audit.filter.action'))}
      ${input('actor', t('audit.filter.who'), o.params.actor, { placeholder: t('audit.filter.whoPlaceholder') })}
      ${input('since', t('audit.filter.since'), o.params.since, { placeholder: t('audit.filter.sincePlaceholder') })}
      ${input('until', t('audit.filter.until'), o.params.until, { placeholder: t('audit.filter.untilPlaceholder') })}
      <div class="filter-actions"><button type="submit" class="primary">${t('common.apply')}</button><a class="button" href="/admin/audit">${t('common.reset')}</a></div>
    </form>
    ${table}
    <section class="panel" id="forget-buyer">
      <h2>${t('audit.forget')}</h2>
      <p>${t('audit.forgetText')}</p>
      ${notice('error', o.formError)}
      <form method="post" action="/admin/audit/forget" class="inline" id="forget-form">
        ${csrfField(o.csrfToken)}
        <label class="field"><span>${t('audit.forgetEmail')}</span><input type="email" name="email" id="forget-email" required maxlength="320" autocomplete="off"></label>
        <button type="submit" class="danger" id="forget-submit">${t('audit.forgetButton')}</button>
      </form>
    </section>`;
  return renderPage({ i18n, title: t('audit.title'), section: 'audit', body, csrfToken: o.csrfToken });
}
