import type { QueueStats, Reconciliation, UpstreamPause } from '@ghl-payments/store';
import { toStatsJson } from '../../api/stats-json';
import { AccountChoice, accountSelect, badge, toQueryString } from '../components';
import { formatAge, formatCount, formatRelative, formatTime } from '../format';
import { html, jsonForScript } from '../html';
import { renderPage } from '../layout';

function card(label: string, value: string, sub: string, tone = '', id = ''): ReturnType<typeof html> {
  return html`<div class="card ${tone}"><div class="card-label">${label}</div><div class="card-value"${id ? html` id="${id}"` : ''}>${value}</div><div class="card-sub">${sub}</div></div>`;
}

const SERVICE_NAMES: Record<string, string> = { ghl: 'GoHighLevel', mercadopago: 'MercadoPago' };

/** One banner per upstream pause in force: which upstream, until when, why (every value escaped by `html`). */
function pauseBanners(pauses: readonly UpstreamPause[], now: number): ReturnType<typeof html> {
  return html`${pauses.map((p) => html`<div class="notice notice-error" role="alert" data-pause="${p.service}">
      <strong>${SERVICE_NAMES[p.service] ?? p.service} paused until ${formatTime(p.until)}</strong> (${formatRelative(p.until, now)}): ${p.reason}.
      Events that need it wait without counting as failures; the others keep being processed.
    </div>`)}`;
}

/** The last reconciliation sweeps (docs/reconciliation.md): when, the window, what each found and queued, and why one ended early. */
function reconciliationPanel(sweeps: readonly Reconciliation[], now: number): ReturnType<typeof html> {
  const rows = sweeps.map((r) => html`<tr data-reconciliation="${r.id}"${r.error ? html` class="row-error"` : ''}>
      <td title="${formatTime(r.startedAt)}">${formatRelative(r.startedAt, now)}</td>
      <td>${formatTime(r.windowStart)} → ${formatTime(r.windowEnd)}</td>
      <td class="num">${formatCount(r.checked)}</td><td class="num">${formatCount(r.missing)}</td><td class="num">${formatCount(r.changed)}</td>
      <td class="num">${formatCount(r.queued)}${r.dryRun ? ' (dry run)' : ''}</td><td class="num">${formatCount(r.errors)}</td>
      <td>${r.runBy}${r.error ? html`<div class="muted">${r.error}</div>` : ''}</td>
    </tr>`);
  return html`<section class="panel" id="reconciliation">
      <h2>Reconciliation</h2>
      <p class="muted">Sweeps compare MercadoPago's payments with the recorded ones and queue what no notification brought.</p>
      <table class="table compact"><thead><tr><th>Started</th><th>Window (last update)</th><th class="num">Checked</th><th class="num">Missing</th>
        <th class="num">Changed</th><th class="num">Queued</th><th class="num">Errors</th><th>Run by</th></tr></thead><tbody>
        ${sweeps.length === 0 ? html`<tr><td colspan="8" class="muted">No sweep yet: a worker sweeps every RECONCILE_INTERVAL, or run <code>ghl-payments reconcile</code></td></tr>` : rows}
      </tbody></table>
    </section>`;
}

/** The overview: upstream pauses, headline numbers, charts (events per minute by outcome, backlog) refreshed every few seconds. */
export function renderOverviewPage(o: {
  stats: QueueStats; pauses?: readonly UpstreamPause[]; reconciliations?: readonly Reconciliation[]; csrfToken: string; refreshMs: number;
  /** The account the numbers are narrowed to (undefined: every account's, or a viewer's own). */
  account?: string;
  /** The accounts the filter offers (none: no filter). */
  accounts?: readonly AccountChoice[];
  viewer?: string | null;
}): string {
  const s = o.stats;
  const pauses = o.pauses ?? [];
  const backlog = s.byStatus.pending + s.byStatus.processing;
  const accounts = o.accounts ?? [];
  const filter = accounts.length === 0 ? html`` : html`<form class="filters" method="get" action="/admin" id="overview-filters">
      ${accountSelect(accounts, o.account)}
      <div class="filter-actions"><button type="submit" class="primary" id="apply-account">Show</button></div>
    </form>`;
  const body = html`<div class="page-head">
      <h1>Overview${o.account ? html` <span class="muted" id="overview-account">· ${o.account}</span>` : ''}</h1>
      <span class="muted">Updated <span id="updated-at">${formatTime(s.now)}</span> · refreshes every ${Math.round(o.refreshMs / 1000)}s</span>
    </div>
    ${filter}
    ${pauseBanners(pauses, s.now)}
    <section class="cards">
      ${card('Backlog', formatCount(backlog), `${formatCount(s.dueNow)} due now · ${formatCount(s.byStatus.processing)} processing`, backlog > 0 ? 'tone-warn' : '', 'card-backlog')}
      ${card('Oldest pending', s.oldestPendingAgeSeconds === null ? '—' : formatAge(s.oldestPendingAgeSeconds), 'since it was received', (s.oldestPendingAgeSeconds ?? 0) > 900 ? 'tone-bad' : '', 'card-oldest')}
      ${card('Failed', formatCount(s.byStatus.failed), 'waiting for an operator', s.byStatus.failed > 0 ? 'tone-bad' : '', 'card-failed')}
      ${card('Last hour', formatCount(s.lastHour.received), `received · ${formatCount(s.lastHour.succeeded)} succeeded · ${formatCount(s.lastHour.failed)} failed`, '', 'card-hour')}
      ${card('Last 24 hours', formatCount(s.lastDay.received), `received · ${formatCount(s.lastDay.succeeded)} succeeded · ${formatCount(s.lastDay.failed)} failed`, '', 'card-day')}
    </section>
    <section class="charts">
      <div class="panel chart-panel wide"><h2>Events per minute, last hour</h2><div class="chart-box"><canvas id="chart-per-minute" aria-label="Events per minute by outcome" role="img"></canvas></div></div>
      <div class="panel chart-panel"><h2>Events by status</h2><div class="chart-box"><canvas id="chart-status" aria-label="Events by status" role="img"></canvas></div></div>
      <div class="panel chart-panel"><h2>Backlog and oldest waiting event, last hour</h2><div class="chart-box"><canvas id="chart-backlog" aria-label="Backlog over time" role="img"></canvas></div></div>
    </section>
    <section class="panel">
      <h2>By status and type</h2>
      <div class="split">
        <table class="table compact"><thead><tr><th>Status</th><th class="num">Events</th></tr></thead><tbody>
          ${Object.entries(s.byStatus).map(([status, n]) => html`<tr><td><a href="/admin/events${toQueryString({ status, account: o.account })}">${badge(status)}</a></td><td class="num" data-count-status="${status}">${formatCount(n)}</td></tr>`)}
        </tbody></table>
        <table class="table compact"><thead><tr><th>Type</th><th class="num">Events</th></tr></thead><tbody>
          ${Object.keys(s.byType).length === 0 ? html`<tr><td colspan="2" class="muted">No events yet</td></tr>` : ''}
          ${Object.entries(s.byType).map(([type, n]) => html`<tr><td><a href="/admin/events${toQueryString({ type, account: o.account })}">${type}</a></td><td class="num">${formatCount(n)}</td></tr>`)}
        </tbody></table>
      </div>
    </section>
    ${reconciliationPanel(o.reconciliations ?? [], s.now)}
    <script type="application/json" id="stats-data" data-refresh-ms="${o.refreshMs}" data-url="/admin/stats.json${toQueryString({ account: o.account })}">${jsonForScript(toStatsJson(s, pauses))}</script>`;
  return renderPage({ title: 'Overview', section: 'overview', body, csrfToken: o.csrfToken, scripts: ['chart.umd.min.js', 'overview.js'], viewer: o.viewer });
}
