import type { EventAttempt, EventDetail } from '@ghl-payments/store';
import { badge, csrfField, details, notice } from '../components';
import { formatRelative, formatTime, prettyJson } from '../format';
import { html, SafeHtml } from '../html';
import { renderPage } from '../layout';

const RETRYABLE = new Set(['failed', 'ignored', 'pending']);

/** One entry of the attempt timeline. */
function attemptItem(a: EventAttempt): SafeHtml {
  return html`<li class="timeline-item outcome-${a.outcome}">
    <div class="timeline-head">${badge(a.outcome, 'outcome')} <strong>Attempt ${a.attempt}</strong>
      <span class="muted">${formatTime(a.startedAt)} · ${a.durationMs} ms${a.worker ? html` · ${a.worker}` : ''}</span></div>
    ${a.error ? html`<pre class="error-text">${a.error}</pre>` : ''}
  </li>`;
}

/** Key/value table of a small object (headers, query). */
function keyValues(values: Record<string, string>): SafeHtml {
  const entries = Object.entries(values);
  if (entries.length === 0) return html`<p class="muted">None kept.</p>`;
  return html`<table class="table compact kv"><tbody>${entries.map(([k, v]) => html`<tr><th>${k}</th><td class="mono">${v}</td></tr>`)}</tbody></table>`;
}

/** An event: its fields, Retry button, attempt timeline, payload, headers and query. */
export function renderEventPage(o: { event: EventDetail; csrfToken: string; now: number; notice?: string; error?: string; viewer?: string | null }): string {
  const e = o.event;
  const retry = o.viewer ? html`` : RETRYABLE.has(e.status)
    ? html`<form method="post" action="/admin/events/${e.id}/retry" class="inline">${csrfField(o.csrfToken)}<button type="submit" class="primary" id="retry-button">Retry now</button></form>`
    : html`<button type="button" class="primary" disabled title="Only failed, ignored or pending events can be retried">Retry now</button>`;
  const payment = e.paymentId !== null
    ? html`<a href="/admin/payments/${e.paymentId}">${e.mpPaymentId ?? `#${e.paymentId}`}</a>`
    : e.mpPaymentId;
  const nextRetry = e.status === 'pending' ? html`${formatTime(e.nextRetryAt)} <span class="muted">(${e.nextRetryAt <= o.now ? 'due now' : formatRelative(e.nextRetryAt, o.now)})</span>` : null;
  const body = html`<div class="page-head">
      <div><a href="/admin/events" class="muted">← Events</a><h1>Event #${e.id} <span id="event-status">${badge(e.status)}</span></h1></div>
      ${retry}
    </div>
    ${notice('ok', o.notice)}
    ${notice('error', o.error)}
    ${e.lastError ? html`<div class="panel last-error"><h2>Last error</h2><pre class="error-text">${e.lastError}</pre></div>` : ''}
    ${e.summary ? html`<div class="panel outcome-summary" id="event-summary"><h2>Summary</h2><p>${e.summary}</p></div>` : ''}
    <div class="detail-grid">
      <section class="panel"><h2>Event</h2>${details([
        ['Account', html`<span id="event-account">${e.account}</span>`],
        ['Type', html`${e.topic}${e.rawType !== e.topic ? html` <span class="muted">(${e.rawType})</span>` : ''}`],
        ['Action', e.action],
        ['Resource id', html`<span class="mono">${e.resourceId}</span>`],
        ['Payment', payment],
        ['Source', `${e.source} · signature ${e.signature}`],
        ['Dedup key', html`<span class="mono">${e.dedupKey}</span>`],
        ['Request id', e.requestId],
        ['Received', formatTime(e.receivedAt)],
        ['Duplicates', String(e.duplicates)],
      ])}</section>
      <section class="panel"><h2>Processing</h2>${details([
        ['Status', badge(e.status)],
        ['Attempts', `${e.attempts} (${e.failures} counted as failures)`],
        ['Next retry', nextRetry],
        ['Worker', e.status === 'processing' ? e.leaseOwner : null],
        ['Lease expires', e.status === 'processing' ? formatTime(e.leaseExpiresAt) : null],
        ['Finished', formatTime(e.processedAt)],
        ['Updated', formatTime(e.updatedAt)],
      ])}</section>
    </div>
    <section class="panel"><h2>Attempts</h2>
      ${e.history.length === 0 ? html`<p class="muted">Not attempted yet.</p>` : html`<ol class="timeline" id="timeline">${e.history.map(attemptItem)}</ol>`}
    </section>
    <section class="panel"><h2>Payload</h2>${e.payload ? html`<pre class="code" id="payload">${prettyJson(e.payload)}</pre>` : html`<p class="muted">Empty body.</p>`}</section>
    <div class="detail-grid">
      <section class="panel"><h2>Headers kept</h2>${keyValues(e.headers)}</section>
      <section class="panel"><h2>Query string</h2>${keyValues(e.query)}</section>
    </div>`;
  return renderPage({ title: `Event #${e.id}`, section: 'events', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
