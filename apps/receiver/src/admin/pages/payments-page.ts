import type { Payment, RecordedAction } from '@ghl-payments/store';
import { accountSelect, badge, input, notice, pagination, select } from '../components';
import { html, SafeHtml } from '../html';
import type { I18n } from '../i18n/translator';
import type { ListPageView } from '../routes/serve-list-page';
import { renderPage } from '../layout';
import { summarizeActions } from './describe-actions';
import { contactLink } from './ghl-contact-link';
import { PAYMENT_STATUSES, paymentStatusWord } from './payment-status-word';

export type PaymentListParams = Partial<Record<'q' | 'status' | 'external_reference' | 'email' | 'account' | 'limit', string>>;

/** A payment of the list, with the rule actions recorded for it. */
export type PaymentRow = Payment & { actions: readonly RecordedAction[] };

/** The buyer: the name (a link to the payment) over the email; "not reported yet" when MercadoPago named neither. */
function buyerCell(i18n: I18n, p: Payment, href: string): SafeHtml {
  if (!p.payerName && !p.payerEmail) return html`<a href="${href}" class="muted">${i18n.t('payments.noBuyer')}</a>`;
  const name = p.payerName ? html`<a href="${href}" class="buyer-name"><strong>${p.payerName}</strong></a>` : '';
  const email = p.payerEmail ? (p.payerName ? html`<br><span class="muted buyer-email">${p.payerEmail}</span>` : html`<a href="${href}" class="buyer-email">${p.payerEmail}</a>`) : '';
  return html`${name}${email}`;
}

/** The technical ids, secondary: internal id, MercadoPago id, external reference. */
function idsCell(i18n: I18n, p: Payment, href: string): SafeHtml {
  return html`<span class="muted ids"><a href="${href}" title="${i18n.t('payments.internalId')}">#${p.id}</a>
    · <span class="mono" title="${i18n.t('payments.mpId')}">${p.mpPaymentId ?? i18n.t('payments.expected')}</span>${p.externalReference ? html`
    · <span class="mono" title="${i18n.t('payments.externalReference')}">${p.externalReference}</span>` : ''}</span>`;
}

function paymentRow(i18n: I18n, p: PaymentRow, showAccount: boolean, locations: ReadonlyMap<string, string>): SafeHtml {
  const href = `/admin/payments/${p.id}`;
  return html`<tr data-payment-id="${p.id}" data-account="${p.account}">
    <td class="buyer">${buyerCell(i18n, p, href)}</td>
    ${showAccount ? html`<td class="account-cell">${p.account}</td>` : ''}
    <td class="num nowrap">${i18n.amount(p.amount, p.currency)}</td>
    <td>${badge(i18n, p.status ?? 'expected', 'payment')}</td>
    <td class="done">${summarizeActions(i18n, p.actions)}</td>
    <td class="nowrap">${contactLink(i18n, p.ghlContactId, locations.get(p.account))}</td>
    <td class="nowrap">${i18n.timeHtml(p.updatedAt)}</td>
    <td>${idsCell(i18n, p, href)}</td>
  </tr>`;
}

/** The status filter: "any status" first, then MercadoPago's statuses in plain words (a value from the URL is kept). */
function statusSelect(i18n: I18n, current: string | undefined): SafeHtml {
  const options: Array<readonly [string, string]> = [['', i18n.t('payments.anyStatus')], ...PAYMENT_STATUSES.map((s) => [s, paymentStatusWord(i18n, s)] as const)];
  if (current && !options.some(([value]) => value === current)) options.push([current, current]);
  return select('status', options, current, i18n.t('payments.status'));
}

/** The payment list: one search box, the filters, what an owner looks for first, and pagination. */
export function renderPaymentsPage(o: ListPageView<PaymentListParams, PaymentRow>): string {
  const { i18n } = o;
  const { t } = i18n;
  const params: Record<string, string | undefined> = { ...o.params };
  const { accounts, locations } = o;
  const showAccount = accounts.length > 0;
  const table = o.result === null ? html`` : o.result.data.length === 0
    ? html`<div class="panel empty"><p>${t('payments.empty')}</p></div>`
    : html`<div class="panel table-panel"><table class="table" id="payments-table">
        <thead><tr><th>${t('payments.col.buyer')}</th>${showAccount ? html`<th>${t('payments.col.account')}</th>` : ''}<th class="num">${t('payments.col.amount')}</th><th>${t('payments.col.status')}</th><th>${t('payments.col.done')}</th><th>${t('payments.col.contact')}</th><th>${t('payments.col.updated')}</th><th>${t('payments.col.ids')}</th></tr></thead>
        <tbody>${o.result.data.map((p) => paymentRow(i18n, p, showAccount, locations))}</tbody></table></div>
      ${pagination(i18n, '/admin/payments', params, o.page, o.result.total)}`;
  const body = html`<div class="page-head"><h1>${t('payments.title')}</h1></div>
    ${notice('error', o.error)}
    <form class="filters" method="get" action="/admin/payments" id="payment-filters" role="search">
      <label class="field field-search"><span>${t('payments.search')}</span><input type="search" name="q" id="filter-q" value="${o.params.q ?? ''}" title="${t('payments.searchHint')}" aria-describedby="payment-search-hint"></label>
      ${accountSelect(i18n, accounts, o.params.account)}
      ${statusSelect(i18n, o.params.status)}
      ${input('external_reference', t('payments.externalReference'), o.params.external_reference)}
      ${input('email', t('payments.buyerEmail'), o.params.email, { type: 'email' })}
      <div class="filter-actions"><button type="submit" class="primary">${t('common.apply')}</button><a class="button" href="/admin/payments">${t('common.reset')}</a></div>
    </form>
    <p class="muted" id="payment-search-hint">${t('payments.searchHint')}</p>
    ${table}`;
  return renderPage({ i18n, title: t('payments.title'), section: 'payments', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
