import { describeRecordedAction, PaymentDetail } from '@ghl-payments/store';
import { badge, details } from '../components';
import { formatTime, prettyJson } from '../format';
import { html } from '../html';
import { renderPage } from '../layout';
import { formatAmount } from './payments-page';

/** A payment: its fields, its timeline (status changes and rule actions), its events and MercadoPago's JSON. */
export function renderPaymentPage(o: { payment: PaymentDetail; csrfToken: string; viewer?: string | null }): string {
  const p = o.payment;
  const timeline = [
    ...p.statusChanges.map((c) => ({ at: c.changedAt, status: c.status, round: c.round, what: `${c.previousStatus ?? 'new'} → ${c.status}`, contactId: null, state: 'recorded', eventId: c.eventId })),
    ...p.actions.map((a) => ({ at: a.appliedAt ?? a.createdAt, status: a.status, round: a.round, what: `${a.rule}: ${describeRecordedAction(a)}`, contactId: a.contactId, state: a.state, eventId: a.eventId })),
  ].sort((x, y) => x.at - y.at);
  const body = html`<div class="page-head"><div><a href="/admin/payments" class="muted">← Payments</a>
      <h1>Payment #${p.id} ${badge(p.status ?? 'expected', 'payment')}</h1></div></div>
    <div class="detail-grid">
      <section class="panel"><h2>Payment</h2>${details([
        ['Account', html`<span id="payment-account">${p.account}</span>`],
        ['MercadoPago id', p.mpPaymentId ? html`<span class="mono">${p.mpPaymentId}</span>` : html`<span class="muted">not reported yet (registered in advance)</span>`],
        ['Status', html`${badge(p.status ?? 'expected', 'payment')} ${p.statusDetail ?? ''}`],
        ['Amount', formatAmount(p.amount, p.currency)],
        ['Description', p.description],
        ['Payer email', p.payerEmail],
        ['External reference', p.externalReference],
        ['GHL contact', p.ghlContactId],
      ])}</section>
      <section class="panel"><h2>Dates</h2>${details([
        ['Created at MercadoPago', p.dateCreated],
        ['Approved', p.dateApproved],
        ['Last updated at MercadoPago', p.dateLastUpdated],
        ['First seen', formatTime(p.createdAt)],
        ['Updated', formatTime(p.updatedAt)],
      ])}</section>
    </div>
    <section class="panel"><h2>Timeline</h2>
      ${timeline.length === 0 ? html`<p class="muted">No status change or rule action recorded yet.</p>` : html`<table class="table compact" id="timeline"><thead><tr><th>When</th><th>Status</th><th>What</th><th>Contact</th><th>State</th><th>Event</th></tr></thead><tbody>
        ${timeline.map((t) => html`<tr><td>${formatTime(t.at)}</td><td>${badge(t.status, 'payment')} <span class="muted">#${t.round}</span></td><td>${t.what}</td><td class="mono">${t.contactId ?? ''}</td><td>${t.state}</td><td>${t.eventId === null ? '—' : html`<a href="/admin/events/${t.eventId}">#${t.eventId}</a>`}</td></tr>`)}
      </tbody></table>`}
    </section>
    <section class="panel"><h2>Events</h2>
      ${p.events.length === 0 ? html`<p class="muted">No events for this payment.</p>` : html`<table class="table compact"><thead><tr><th class="num">ID</th><th>Received</th><th>Type</th><th>Status</th><th class="num">Attempts</th></tr></thead><tbody>
        ${p.events.map((e) => html`<tr><td class="num"><a href="/admin/events/${e.id}">#${e.id}</a></td><td>${formatTime(e.receivedAt)}</td><td>${e.topic}</td><td>${badge(e.status)}</td><td class="num">${e.attempts}</td></tr>`)}
      </tbody></table>`}
    </section>
    ${p.raw ? html`<section class="panel"><h2>MercadoPago payment JSON</h2><pre class="code">${prettyJson(p.raw)}</pre></section>` : ''}`;
  return renderPage({ title: `Payment #${p.id}`, section: 'payments', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
