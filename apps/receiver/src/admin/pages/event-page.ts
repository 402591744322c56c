import type { EventAttempt, EventDetail } from '@ghl-payments/store';
import { badge, csrfField, details, notice } from '../components';
import { prettyJson } from '../format';
import { html, SafeHtml } from '../html';
import type { MessageKey } from '../i18n/catalog';
import type { I18n } from '../i18n/translator';
import { renderPage } from '../layout';
import { shownStatus } from './events-page';

const RETRYABLE = new Set(['failed', 'ignored', 'pending']);
const SIGNATURES = new Set(['valid', 'unchecked', 'unsigned']);

/** One entry of the attempt timeline (the worker that ran it is in the tooltip: a technical detail). */
function attemptItem(i18n: I18n, a: EventAttempt): SafeHtml {
  const { t } = i18n;
  return html`<li class="timeline-item outcome-${a.outcome}"${a.worker ? html` title="${t('event.worker', { worker: a.worker })}"` : ''}>
    <div class="timeline-head">${badge(i18n, a.outcome, 'outcome')} <strong>${t('event.attempt', { n: a.attempt })}</strong>
      <span class="muted">${i18n.timeHtml(a.startedAt)} · ${t('event.duration', { ms: a.durationMs })}</span></div>
    ${a.error ? html`<pre class="error-text">${a.error}</pre>` : ''}
  </li>`;
}

/** Key/value table of a small object (headers, query). */
function keyValues(i18n: I18n, values: Record<string, string>): SafeHtml {
  const entries = Object.entries(values);
  if (entries.length === 0) return html`<p class="muted">${i18n.t('event.noneKept')}</p>`;
  return html`<table class="table compact kv"><tbody>${entries.map(([k, v]) => html`<tr><th>${k}</th><td class="mono">${v}</td></tr>`)}</tbody></table>`;
}

/** "Tried 3 times · 2 failures", in plain words and properly pluralised (failures only when there are some). */
export function describeTries(i18n: I18n, attempts: number, failures: number): string {
  if (attempts === 0) return i18n.t('event.notTried');
  const tried = i18n.plural('event.tried.one', 'event.tried.other', attempts);
  return failures > 0 ? `${tried} · ${i18n.plural('event.failures.one', 'event.failures.other', failures)}` : tried;
}

/** The lease, worker id, dedup key and attempt fencing of an event: for whoever debugs the engine, one click away. */
function technicalDetails(i18n: I18n, e: EventDetail): SafeHtml {
  const { t } = i18n;
  const processing = e.status === 'processing';
  return html`<details class="panel technical" id="technical-details"><summary>${t('common.details')}</summary>${details([
    [t('event.tech.dedupKey'), html`<span class="mono">${e.dedupKey}</span>`],
    [t('event.tech.notificationId'), e.notificationId],
    [t('event.tech.requestId'), e.requestId],
    [t('event.tech.rawType'), e.rawType],
    [t('event.tech.counters'), html`<span class="mono">${e.attempts} / ${e.failures}</span>`],
    [t('event.tech.claimed'), e.claimedAt === null ? null : i18n.timeHtml(e.claimedAt)],
    [t('event.tech.worker'), processing ? html`<span class="mono">${e.leaseOwner}</span>` : null],
    [t('event.tech.lease'), processing ? i18n.timeHtml(e.leaseExpiresAt) : null],
  ])}</details>`;
}

/** An event: its fields, Retry button, attempt timeline, payload, headers and query, technical details folded away. */
export function renderEventPage(o: { i18n: I18n; event: EventDetail; csrfToken: string; now: number; notice?: string; error?: string; viewer?: string | null }): string {
  const { i18n } = o;
  const { t } = i18n;
  const e = o.event;
  const retry = o.viewer ? html`` : RETRYABLE.has(e.status)
    ? html`<form method="post" action="/admin/events/${e.id}/retry" class="inline">${csrfField(o.csrfToken)}<button type="submit" class="primary" id="retry-button">${t('event.retry')}</button></form>`
    : html`<button type="button" class="primary" disabled title="${t('event.retryDisabled')}">${t('event.retry')}</button>`;
  const payment = e.paymentId !== null
    ? html`<a href="/admin/payments/${e.paymentId}">${e.mpPaymentId ?? `#${e.paymentId}`}</a>`
    : e.mpPaymentId;
  const nextRetry = e.status === 'pending'
    ? html`${i18n.timeHtml(e.nextRetryAt)} <span class="muted">(${e.nextRetryAt <= o.now ? t('event.dueNow') : i18n.relative(e.nextRetryAt, o.now)})</span>` : null;
  const signature = SIGNATURES.has(e.signature) ? t(`event.signature.${e.signature}` as MessageKey) : e.signature;
  const status = badge(i18n, e.status, 'status', shownStatus(e));
  const body = html`<div class="page-head">
      <div><a href="/admin/events" class="muted">${t('event.back')}</a><h1>${t('event.title', { id: String(e.id) })} <span id="event-status">${status}</span></h1></div>
      ${retry}
    </div>
    ${notice('ok', o.notice)}
    ${notice('error', o.error)}
    ${e.lastError ? html`<div class="panel last-error"><h2>${t('event.lastError')}</h2><pre class="error-text">${e.lastError}</pre></div>` : ''}
    ${e.summary ? html`<div class="panel outcome-summary" id="event-summary"><h2>${t('event.summary')}</h2><p>${e.summary}</p></div>` : ''}
    <div class="detail-grid">
      <section class="panel"><h2>${t('event.section.event')}</h2>${details([
        [t('event.account'), html`<span id="event-account">${e.account}</span>`],
        [t('event.type'), e.topic],
        [t('event.action'), e.action],
        [t('event.resource'), html`<span class="mono">${e.resourceId}</span>`],
        [t('event.payment'), payment],
        [t('event.source'), `${e.source} · ${signature}`],
        [t('event.received'), i18n.timeHtml(e.receivedAt)],
        [t('event.duplicates'), e.duplicates > 0 ? i18n.plural('event.duplicatesValue.one', 'event.duplicatesValue.other', e.duplicates) : null],
      ])}</section>
      <section class="panel"><h2>${t('event.section.processing')}</h2>${details([
        [t('event.status'), status],
        [t('event.tries'), html`<span id="event-tries" title="${t('event.failuresHint')}">${describeTries(i18n, e.attempts, e.failures)}</span>`],
        [t('event.next'), nextRetry],
        [t('event.finished'), e.processedAt === null ? null : i18n.timeHtml(e.processedAt)],
        [t('event.updated'), i18n.timeHtml(e.updatedAt)],
      ])}</section>
    </div>
    <section class="panel"><h2>${t('event.attempts')}</h2>
      ${e.history.length === 0 ? html`<p class="muted">${t('event.noAttempts')}</p>` : html`<ol class="timeline" id="timeline">${e.history.map((a) => attemptItem(i18n, a))}</ol>`}
    </section>
    <section class="panel"><h2>${t('event.payload')}</h2>${e.payload ? html`<pre class="code" id="payload">${prettyJson(e.payload)}</pre>` : html`<p class="muted">${t('event.emptyBody')}</p>`}</section>
    <div class="detail-grid">
      <section class="panel"><h2>${t('event.headers')}</h2>${keyValues(i18n, e.headers)}</section>
      <section class="panel"><h2>${t('event.query')}</h2>${keyValues(i18n, e.query)}</section>
    </div>
    ${technicalDetails(i18n, e)}`;
  return renderPage({ i18n, title: t('event.title', { id: String(e.id) }), section: 'events', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
