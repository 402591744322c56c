import { AUDIT_ACTIONS, AuditRecord, ErasureCounts, Page, PageRequest } from '@ghl-payments/store';
import { csrfField, input, notice, pagination, select } from '../components';
import { formatTime } from '../format';
import { html, SafeHtml } from '../html';
import { renderPage } from '../layout';

export type AuditListParams = Partial<Record<'action' | 'actor' | 'since' | 'until' | 'limit', string>>;

/** What a finished erasure shows (never the address). */
export interface ErasureNotice {
  counts: ErasureCounts;
  emailSha256: string;
  compacted: boolean;
}

/** `{"count":3}` as `count 3`: the detail's facts on one line. */
function describeDetail(detail: Record<string, unknown> | null): SafeHtml {
  if (!detail) return html`<span class="muted">—</span>`;
  const parts = Object.entries(detail).map(([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return html`<span class="audit-detail">${parts.join(' · ')}</span>`;
}

function auditRow(r: AuditRecord): SafeHtml {
  return html`<tr data-audit-id="${r.id}" data-action="${r.action}">
    <td class="nowrap">${formatTime(r.at)}</td>
    <td class="mono">${r.actor}</td>
    <td><span class="badge badge-audit" data-action="${r.action}">${r.action}</span></td>
    <td class="mono">${r.target ?? html`<span class="muted">—</span>`}</td>
    <td>${describeDetail(r.detail)}</td>
    <td class="mono">${r.client ?? html`<span class="muted">—</span>`}</td>
  </tr>`;
}

function erasureNotice(e: ErasureNotice): SafeHtml {
  const c = e.counts;
  return html`<div class="notice notice-ok" role="status" id="erasure-result">
    <p><strong>Erased.</strong> payments ${c.payments} · subscriptions ${c.subscriptions} · events ${c.events} · cached contacts ${c.contacts} · other texts ${c.texts}.
    Recorded below as <code>forget</code>, with the address's SHA-256 (<code class="mono">${e.emailSha256.slice(0, 16)}…</code>), never the address.</p>
    <p>${e.compacted ? 'The database files were compacted: the erased values cannot be read back from them.'
      : 'The database could not be compacted now (another process was reading): the erased values are unreachable, and their space is overwritten as it is reused.'}
    Not erased here: log files written before now (rotate or delete them), backups, and MercadoPago's and GoHighLevel's own records.</p>
  </div>`;
}

/** `/admin/audit`: the audit log (read-only, newest first) with its filters, and the form that erases a buyer's data. */
export function renderAuditPage(o: {
  params: AuditListParams; page: PageRequest; result: Page<AuditRecord> | null; csrfToken: string; error?: string;
  erasure?: ErasureNotice; formError?: string;
}): string {
  const params: Record<string, string | undefined> = { ...o.params };
  const actions: Array<readonly [string, string]> = [['', 'All actions'], ...AUDIT_ACTIONS.map((a) => [a, a] as const)];
  const table = o.result === null ? html`` : o.result.data.length === 0
    ? html`<div class="panel empty"><p>No entries match this filter.</p></div>`
    : html`<div class="panel table-panel"><table class="table" id="audit-table">
        <thead><tr><th>When (UTC)</th><th>Who</th><th>Action</th><th>Target</th><th>Detail</th><th>Client</th></tr></thead>
        <tbody>${o.result.data.map(auditRow)}</tbody></table></div>
      ${pagination('/admin/audit', params, o.page, o.result.total)}`;
  const body = html`<div class="page-head"><h1>Audit log</h1>
      <p class="muted">What operators did: sign-ins (and refused ones), retries, purges, erasures, account changes. Read-only: entries are never changed or deleted.</p></div>
    ${o.erasure ? erasureNotice(o.erasure) : ''}
    ${notice('error', o.error)}
    <form class="filters" method="get" action="/admin/audit" id="audit-filters">
      ${select('action', actions, o.params.action, 'Action')}
      ${input('actor', 'Who', o.params.actor, { placeholder: 'admin, viewer:, cli:, worker' })}
      ${input('since', 'Since', o.params.since, { placeholder: '7d or 2026-12-01' })}
      ${input('until', 'Until', o.params.until, { placeholder: '2026-12-31' })}
      <div class="filter-actions"><button type="submit" class="primary">Apply</button><a class="button" href="/admin/audit">Reset</a></div>
    </form>
    ${table}
    <section class="panel" id="forget-buyer">
      <h2>Erase a buyer's personal data</h2>
      <p>For a buyer's erasure request: removes their email address, the raw payment data and the stored notifications about their
      payments, and their cached contact, everywhere this product stores them. Rows, statuses and amounts stay. It cannot be undone.</p>
      ${notice('error', o.formError)}
      <form method="post" action="/admin/audit/forget" class="inline" id="forget-form">
        ${csrfField(o.csrfToken)}
        <label class="field"><span>Buyer's email</span><input type="email" name="email" id="forget-email" required maxlength="320" autocomplete="off"></label>
        <button type="submit" class="danger" id="forget-submit">Erase</button>
      </form>
    </section>`;
  return renderPage({ title: 'Audit log', section: 'audit', body, csrfToken: o.csrfToken });
}
