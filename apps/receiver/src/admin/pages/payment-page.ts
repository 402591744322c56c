import type { PaymentDetail } from '@ghl-payments/store';
import { badge, details } from '../components';
import { formatTime, prettyJson } from '../format';
import { html } from '../html';
import { renderPage } from '../layout';
import { formatAmount } from './payments-page';

/** A payment: its fields, the tags applied, its events and MercadoPago's JSON. */
export function renderPaymentPage(o: { payment: PaymentDetail; csrfToken: string }): string {
  const p = o.payment;
  const body = html`<div class="page-head"><div><a href="/admin/payments" class="muted">← Payments</a>
      <h1>Payment #${p.id} ${badge(p.status ?? 'expected', 'payment')}</h1></div></div>
    <div class="detail-grid">
      <section class="panel"><h2>Payment</h2>${details([
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
    <section class="panel"><h2>Tags applied</h2>
      ${p.tags.length === 0 ? html`<p class="muted">No tags applied yet.</p>` : html`<table class="table compact"><thead><tr><th>For status</th><th>Tags</th><th>Contact</th><th>State</th><th>Event</th><th>Applied</th></tr></thead><tbody>
        ${p.tags.map((t) => html`<tr><td>${badge(t.paymentStatus, 'payment')}</td><td>${t.tags.map((tag) => html`<span class="tag">${tag}</span> `)}</td><td class="mono">${t.contactId}</td><td>${t.state}</td><td>${t.eventId === null ? '—' : html`<a href="/admin/events/${t.eventId}">#${t.eventId}</a>`}</td><td>${formatTime(t.appliedAt)}</td></tr>`)}
      </tbody></table>`}
    </section>
    <section class="panel"><h2>Events</h2>
      ${p.events.length === 0 ? html`<p class="muted">No events for this payment.</p>` : html`<table class="table compact"><thead><tr><th class="num">ID</th><th>Received</th><th>Type</th><th>Status</th><th class="num">Attempts</th></tr></thead><tbody>
        ${p.events.map((e) => html`<tr><td class="num"><a href="/admin/events/${e.id}">#${e.id}</a></td><td>${formatTime(e.receivedAt)}</td><td>${e.topic}</td><td>${badge(e.status)}</td><td class="num">${e.attempts}</td></tr>`)}
      </tbody></table>`}
    </section>
    ${p.raw ? html`<section class="panel"><h2>MercadoPago payment JSON</h2><pre class="code">${prettyJson(p.raw)}</pre></section>` : ''}`;
  return renderPage({ title: `Payment #${p.id}`, section: 'payments', body, csrfToken: o.csrfToken });
}
