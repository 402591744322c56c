import type { QueueStats, Reconciliation, UpstreamPause } from '@ghl-payments/store';
import { toStatsJson } from '../../api/stats-json';
import { AccountChoice, accountSelect, badge, toQueryString } from '../components';
import { html, jsonForScript, SafeHtml } from '../html';
import type { MessageKey } from '../i18n/catalog';
import type { I18n } from '../i18n/translator';
import { renderPage } from '../layout';

function card(label: string, value: string, sub: string, tone = '', id = ''): SafeHtml {
  return html`<div class="card ${tone}"><div class="card-label">${label}</div><div class="card-value"${id ? html` id="${id}"` : ''}>${value}</div><div class="card-sub">${sub}</div></div>`;
}

const SERVICE_NAMES: Record<string, string> = { ghl: 'GoHighLevel', mercadopago: 'MercadoPago' };
/** The services whose credentials the banner names by their variables. */
const CREDENTIAL_SERVICES = new Set(['mercadopago', 'ghl']);
/** Attempt outcomes drawn by the per-minute chart, in its stacking order (overview.js reads them from the texts). */
const CHART_OUTCOMES = ['success', 'retry', 'deferred', 'failed', 'lost', 'ignored', 'released'] as const;
const CHART_STATUSES = ['pending', 'processing', 'success', 'failed', 'ignored'] as const;

/** One banner per upstream pause in force: which upstream, until when, why (every value escaped by `html`). */
function pauseBanners(i18n: I18n, pauses: readonly UpstreamPause[], now: number): SafeHtml {
  return html`${pauses.map((p) => html`<div class="notice notice-error" role="alert" data-pause="${p.service}">
      <strong>${i18n.t('overview.pause.title', { service: SERVICE_NAMES[p.service] ?? p.service, time: i18n.time(p.until) })}</strong> (${i18n.relative(p.until, now)}): ${p.reason}.
      ${i18n.t('overview.pause.text')}
    </div>`)}`;
}

/**
 * One banner per upstream whose credentials are missing or refused, with the number of events waiting for them and a
 * link to the waiting events: nothing is lost, they run once the credentials work.
 */
function credentialBanners(i18n: I18n, waiting: Record<string, number>, account: string | undefined): SafeHtml {
  const entries = Object.entries(waiting).filter(([, n]) => n > 0);
  return html`${entries.map(([service, n]) => {
    const kind = CREDENTIAL_SERVICES.has(service) ? service : 'other';
    const problem = i18n.plural(`overview.credentials.${kind}.one` as MessageKey, `overview.credentials.${kind}.other` as MessageKey, n, { service: SERVICE_NAMES[service] ?? service });
    const link = `/admin/events${toQueryString({ status: 'pending', waiting: `credentials:${service}`, account })}`;
    return html`<div class="notice notice-error" role="alert" data-waiting-credentials="${service}" data-count="${n}">
      <strong>${problem}</strong> ${i18n.plural('overview.credentials.promise.one', 'overview.credentials.promise.other', n)}
      <a href="${link}">${i18n.t('overview.credentials.link')}</a>
    </div>`;
  })}`;
}

/** The last reconciliation sweeps (docs/reconciliation.md): when, the window, what each found and queued, and why one ended early. */
function reconciliationPanel(i18n: I18n, sweeps: readonly Reconciliation[], now: number): SafeHtml {
  const { t, count } = i18n;
  const rows = sweeps.map((r) => html`<tr data-reconciliation="${r.id}"${r.error ? html` class="row-error"` : ''}>
      <td title="${i18n.time(r.startedAt)}">${i18n.relative(r.startedAt, now)}</td>
      <td>${i18n.timeHtml(r.windowStart)} → ${i18n.timeHtml(r.windowEnd)}</td>
      <td class="num">${count(r.checked)}</td><td class="num">${count(r.missing)}</td><td class="num">${count(r.changed)}</td>
      <td class="num">${count(r.queued)}${r.dryRun ? ` ${t('overview.reconcile.dryRun')}` : ''}</td><td class="num">${count(r.errors)}</td>
      <td>${r.runBy}${r.error ? html`<div class="muted">${r.error}</div>` : ''}</td>
    </tr>`);
  return html`<section class="panel" id="reconciliation">
      <h2>${t('overview.reconcile.title')}</h2>
      <p class="muted">${t('overview.reconcile.text')}</p>
      <table class="table compact"><thead><tr><th>${t('overview.reconcile.started')}</th><th>${t('overview.reconcile.window')}</th><th class="num">${t('overview.reconcile.checked')}</th><th class="num">${t('overview.reconcile.missing')}</th>
        <th class="num">${t('overview.reconcile.changed')}</th><th class="num">${t('overview.reconcile.queued')}</th><th class="num">${t('overview.reconcile.errors')}</th><th>${t('overview.reconcile.runBy')}</th></tr></thead><tbody>
        ${sweeps.length === 0 ? html`<tr><td colspan="8" class="muted">${t('overview.reconcile.none')} <code>ghl-payments reconcile</code></td></tr>` : rows}
      </tbody></table>
    </section>`;
}

/**
 * What overview.js needs to draw and refresh the page in its language: the charts' labels (attempt outcomes and
 * statuses in plain words), the time units of ages, and the time zone times are shown in (none: the browser's).
 */
export function chartTexts(i18n: I18n): Record<string, unknown> {
  const { t } = i18n;
  return {
    locale: i18n.locale,
    timeZone: i18n.timeZone ?? null,
    received: t('overview.chart.received'),
    outcomes: Object.fromEntries(CHART_OUTCOMES.map((o) => [o, t('overview.chart.attempt', { outcome: t(`outcome.${o}`) })])),
    statuses: Object.fromEntries(CHART_STATUSES.map((s) => [s, t(`status.${s}`)])),
    perMinuteAxis: t('overview.chart.perMinuteAxis'),
    events: t('overview.chart.events'),
    queue: t('overview.chart.queue'),
    oldest: t('overview.chart.oldest'),
    seconds: t('overview.chart.seconds'),
    // `{s}`, `{m}`… are filled in by the script
    age: { seconds: t('time.seconds'), minutesSeconds: t('time.minutesSeconds'), hoursMinutes: t('time.hoursMinutes'), daysHours: t('time.daysHours') },
  };
}

/** The overview: upstream pauses, headline numbers, charts (events per minute by outcome, backlog) refreshed every few seconds. */
export function renderOverviewPage(o: {
  i18n: I18n;
  stats: QueueStats; pauses?: readonly UpstreamPause[]; reconciliations?: readonly Reconciliation[]; csrfToken: string; refreshMs: number;
  /** The account the numbers are narrowed to (undefined: every account's, or a viewer's own). */
  account?: string;
  /** The accounts the filter offers (none: no filter). */
  accounts?: readonly AccountChoice[];
  viewer?: string | null;
}): string {
  const { i18n } = o;
  const { t, count } = i18n;
  const s = o.stats;
  const pauses = o.pauses ?? [];
  const backlog = s.byStatus.pending + s.byStatus.processing;
  const accounts = o.accounts ?? [];
  const filter = accounts.length === 0 ? html`` : html`<form class="filters" method="get" action="/admin" id="overview-filters">
      ${accountSelect(i18n, accounts, o.account)}
      <div class="filter-actions"><button type="submit" class="primary" id="apply-account">${t('common.show')}</button></div>
    </form>`;
  const windowSub = (w: QueueStats['lastHour']) => t('overview.card.windowSub', { succeeded: w.succeeded, failed: w.failed });
  const body = html`${credentialBanners(i18n, s.waitingForCredentials ?? {}, o.account)}
    <div class="page-head">
      <h1>${t('overview.title')}${o.account ? html` <span class="muted" id="overview-account">· ${o.account}</span>` : ''}</h1>
      <span class="muted">${t('overview.updated')} <span id="updated-at">${i18n.timeHtml(s.now)}</span> · ${t('overview.refreshes', { seconds: Math.round(o.refreshMs / 1000) })}</span>
    </div>
    ${filter}
    ${pauseBanners(i18n, pauses, s.now)}
    <section class="cards">
      ${card(t('overview.card.queue'), count(backlog), t('overview.card.queueSub', { due: s.dueNow, processing: s.byStatus.processing }), backlog > 0 ? 'tone-warn' : '', 'card-backlog')}
      ${card(t('overview.card.oldest'), s.oldestPendingAgeSeconds === null ? '—' : i18n.age(s.oldestPendingAgeSeconds), t('overview.card.oldestSub'), (s.oldestPendingAgeSeconds ?? 0) > 900 ? 'tone-bad' : '', 'card-oldest')}
      ${card(t('overview.card.failed'), count(s.byStatus.failed), t('overview.card.failedSub'), s.byStatus.failed > 0 ? 'tone-bad' : '', 'card-failed')}
      ${card(t('overview.card.hour'), count(s.lastHour.received), windowSub(s.lastHour), '', 'card-hour')}
      ${card(t('overview.card.day'), count(s.lastDay.received), windowSub(s.lastDay), '', 'card-day')}
    </section>
    <section class="charts">
      <div class="panel chart-panel wide"><h2>${t('overview.chart.perMinute')}</h2><div class="chart-box"><canvas id="chart-per-minute" aria-label="${t('overview.chart.perMinuteAria')}" role="img"></canvas></div></div>
      <div class="panel chart-panel"><h2>${t('overview.chart.status')}</h2><div class="chart-box"><canvas id="chart-status" aria-label="${t('overview.chart.status')}" role="img"></canvas></div></div>
      <div class="panel chart-panel"><h2>${t('overview.chart.backlog')}</h2><div class="chart-box"><canvas id="chart-backlog" aria-label="${t('overview.chart.backlogAria')}" role="img"></canvas></div></div>
    </section>
    <section class="panel">
      <h2>${t('overview.table.title')}</h2>
      <div class="split">
        <table class="table compact"><thead><tr><th>${t('overview.table.status')}</th><th class="num">${t('overview.table.events')}</th></tr></thead><tbody>
          ${Object.entries(s.byStatus).map(([status, n]) => html`<tr><td><a href="/admin/events${toQueryString({ status, account: o.account })}">${badge(i18n, status)}</a></td><td class="num" data-count-status="${status}">${count(n)}</td></tr>`)}
        </tbody></table>
        <table class="table compact"><thead><tr><th>${t('overview.table.type')}</th><th class="num">${t('overview.table.events')}</th></tr></thead><tbody>
          ${Object.keys(s.byType).length === 0 ? html`<tr><td colspan="2" class="muted">${t('overview.table.empty')}</td></tr>` : ''}
          ${Object.entries(s.byType).map(([type, n]) => html`<tr><td><a href="/admin/events${toQueryString({ type, account: o.account })}">${type}</a></td><td class="num">${count(n)}</td></tr>`)}
        </tbody></table>
      </div>
    </section>
    ${reconciliationPanel(i18n, o.reconciliations ?? [], s.now)}
    <script type="application/json" id="chart-texts">${jsonForScript(chartTexts(i18n))}</script>
    <script type="application/json" id="stats-data" data-refresh-ms="${o.refreshMs}" data-url="/admin/stats.json${toQueryString({ account: o.account })}">${jsonForScript(toStatsJson(s, pauses))}</script>`;
  return renderPage({ i18n, title: t('overview.title'), section: 'overview', body, csrfToken: o.csrfToken, scripts: ['chart.umd.min.js', 'overview.js'], viewer: o.viewer });
}
