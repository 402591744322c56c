import type { FailedAttempt, PaymentDetail } from '@ghl-payments/store';
import { badge, details } from '../components';
import { prettyJson } from '../format';
import { html, SafeHtml } from '../html';
import type { I18n } from '../i18n/translator';
import { renderPage } from '../layout';
import { describeAction, describeActionState } from './describe-actions';
import { contactLink } from './ghl-contact-link';
import { paymentStatusWord } from './payment-status-word';

/**
 * A date as MercadoPago writes it (`2026-12-01T10:00:00.000-03:00`) shown like every other time of the dashboard (the
 * owner's time zone), MercadoPago's own text in the tooltip; a text that is not a date as it came.
 */
export function mercadoPagoTimeHtml(i18n: I18n, text: string | null): SafeHtml {
  if (!text) return html`<span class="muted">—</span>`;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return html`<span class="mono">${text}</span>`;
  return html`<span class="mp-date" title="${text}">${i18n.timeHtml(ms)}</span>`;
}

interface TimelineRow {
  at: number;
  /** The payment status the row belongs to; null for a failed attempt (its outcome is shown instead). */
  status: string | null;
  outcome?: string;
  round: number;
  what: string;
  contactId: string | null;
  state: string;
  eventId: number | null;
}

/** A payment: who paid what, what the rules did on the contact, its notifications, its dates and MercadoPago's JSON. */
export function renderPaymentPage(o: {
  i18n: I18n; payment: PaymentDetail;
  /** The failed attempts of the payment's events (an action that failed is released from the ledger: its error is here). */
  failures?: readonly FailedAttempt[];
  csrfToken: string; locationId?: string | null; viewer?: string | null }): string {
  const { i18n } = o;
  const { t } = i18n;
  const p = o.payment;
  const timeline: TimelineRow[] = [
    ...p.statusChanges.map((c) => ({
      at: c.changedAt, status: c.status, round: c.round, contactId: null, state: '', eventId: c.eventId,
      what: t('paymentPage.statusChange', { from: c.previousStatus ? paymentStatusWord(i18n, c.previousStatus) : t('paymentPage.newPayment'), to: paymentStatusWord(i18n, c.status) }),
    })),
    ...p.actions.map((a) => ({
      at: a.appliedAt ?? a.createdAt, status: a.status, round: a.round, what: `${a.rule}: ${describeAction(i18n, a)}`,
      contactId: a.contactId, state: describeActionState(i18n, a.state), eventId: a.eventId,
    })),
    ...(o.failures ?? []).map((f) => ({
      at: f.finishedAt, status: null, outcome: f.outcome, round: 0, contactId: null, eventId: f.eventId,
      what: t('paymentPage.attemptFailed', { attempt: f.attempt, error: f.error ?? '' }), state: '',
    })),
  ].sort((x, y) => x.at - y.at);
  const title = t('paymentPage.title', { id: String(p.id) });
  const body = html`<div class="page-head"><div><a href="/admin/payments" class="muted">${t('paymentPage.back')}</a>
      <h1>${title} ${badge(i18n, p.status ?? 'expected', 'payment')}</h1></div></div>
    <div class="detail-grid">
      <section class="panel"><h2>${t('paymentPage.payment')}</h2>${details([
        [t('paymentPage.buyerName'), p.payerName],
        [t('paymentPage.buyerEmail'), p.payerEmail],
        [t('paymentPage.amount'), i18n.amount(p.amount, p.currency)],
        [t('paymentPage.status'), badge(i18n, p.status ?? 'expected', 'payment')],
        [t('paymentPage.description'), p.description],
        [t('paymentPage.contact'), p.ghlContactId && o.locationId ? html`${contactLink(i18n, p.ghlContactId, o.locationId)} <span class="mono muted" id="payment-contact">${p.ghlContactId}</span>` : contactLink(i18n, p.ghlContactId, o.locationId)],
        [t('paymentPage.account'), html`<span id="payment-account">${p.account}</span>`],
      ])}</section>
      <section class="panel"><h2>${t('paymentPage.dates')}</h2>${details([
        [t('paymentPage.dateCreated'), mercadoPagoTimeHtml(i18n, p.dateCreated)],
        [t('paymentPage.dateApproved'), mercadoPagoTimeHtml(i18n, p.dateApproved)],
        [t('paymentPage.dateLastUpdated'), mercadoPagoTimeHtml(i18n, p.dateLastUpdated)],
        [t('paymentPage.firstSeen'), i18n.timeHtml(p.createdAt)],
        [t('paymentPage.updated'), i18n.timeHtml(p.updatedAt)],
      ])}
      <details><summary>${t('paymentPage.technical')}</summary>${details([
        [t('payments.internalId'), html`<span class="mono">#${p.id}</span>`],
        [t('payments.mpId'), p.mpPaymentId ? html`<span class="mono" id="payment-mp-id">${p.mpPaymentId}</span>` : html`<span class="muted">${t('paymentPage.notReported')}</span>`],
        [t('payments.externalReference'), p.externalReference ? html`<span class="mono">${p.externalReference}</span>` : null],
        [t('paymentPage.statusDetail'), p.statusDetail ? html`<span class="mono">${p.statusDetail}</span>` : null],
      ])}</details></section>
    </div>
    <section class="panel"><h2>${t('paymentPage.timeline')}</h2>
      ${timeline.length === 0 ? html`<p class="muted">${t('paymentPage.timelineEmpty')}</p>` : html`<table class="table compact" id="timeline"><thead><tr><th>${t('paymentPage.col.when')}</th><th>${t('paymentPage.col.status')}</th><th>${t('paymentPage.col.what')}</th><th>${t('paymentPage.col.contact')}</th><th>${t('paymentPage.col.state')}</th><th>${t('paymentPage.col.event')}</th></tr></thead><tbody>
        ${timeline.map((r) => html`<tr${r.status === null ? html` class="row-error" data-failed-attempt="${r.eventId}"` : ''}><td class="nowrap">${i18n.timeHtml(r.at)}</td><td>${r.status === null ? badge(i18n, r.outcome ?? null, 'outcome') : html`${badge(i18n, r.status, 'payment')} <span class="muted" title="${t('paymentPage.round', { round: r.round })}">#${r.round}</span>`}</td><td>${r.what}</td><td class="mono">${r.contactId ?? ''}</td><td>${r.state}</td><td>${r.eventId === null ? '—' : html`<a href="/admin/events/${r.eventId}">#${r.eventId}</a>`}</td></tr>`)}
      </tbody></table>`}
    </section>
    <section class="panel"><h2>${t('paymentPage.events')}</h2>
      ${p.events.length === 0 ? html`<p class="muted">${t('paymentPage.eventsEmpty')}</p>` : html`<table class="table compact"><thead><tr><th class="num">${t('paymentPage.col.id')}</th><th>${t('paymentPage.col.received')}</th><th>${t('paymentPage.col.type')}</th><th>${t('paymentPage.col.status')}</th><th class="num">${t('paymentPage.col.attempts')}</th></tr></thead><tbody>
        ${p.events.map((e) => html`<tr><td class="num"><a href="/admin/events/${e.id}">#${e.id}</a></td><td class="nowrap">${i18n.timeHtml(e.receivedAt)}</td><td class="mono">${e.topic}</td><td>${badge(i18n, e.status, 'status', e.status === 'pending' && e.attempts > 0 ? 'retrying' : e.status)}</td><td class="num">${i18n.count(e.attempts)}</td></tr>`)}
      </tbody></table>`}
    </section>
    ${p.raw ? html`<section class="panel"><details><summary>${t('paymentPage.raw')}</summary><pre class="code">${prettyJson(p.raw)}</pre></details></section>` : ''}`;
  return renderPage({ i18n, title, section: 'payments', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
