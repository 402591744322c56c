import { PAYMENT_LINK_STATES, PaymentLink } from '@ghl-payments/store';
import { accountSelect, badge, input, notice, pagination, select } from '../components';
import { html, SafeHtml } from '../html';
import type { I18n } from '../i18n/translator';
import type { ListPageView } from '../routes/serve-list-page';
import { renderPage } from '../layout';
import { contactLink } from './ghl-contact-link';

export type PaymentLinkListParams = Partial<Record<'state' | 'contact' | 'account' | 'limit', string>>;

function linkRow(i18n: I18n, l: PaymentLink, showAccount: boolean, locations: ReadonlyMap<string, string>): SafeHtml {
  const total = Math.round(l.amount * l.quantity * 100) / 100;
  const { t } = i18n;
  return html`<tr data-link-id="${l.id}" data-account="${l.account}" data-state="${l.state}">
    <td class="num">#${l.id}</td>
    ${showAccount ? html`<td class="account-cell">${l.account}</td>` : ''}
    <td>${badge(i18n, l.state, 'link')}</td>
    <td class="nowrap">${contactLink(i18n, l.contactId, locations.get(l.account))}${locations.has(l.account) ? html` <span class="mono muted">${l.contactId}</span>` : ''}</td>
    <td>${l.title}${l.quantity > 1 ? html` <span class="muted">× ${i18n.count(l.quantity)}</span>` : ''}</td>
    <td class="num nowrap">${i18n.amount(total, l.currency)}</td>
    <td class="mono">${l.externalReference}</td>
    <td class="nowrap">${i18n.timeHtml(l.createdAt)}</td>
    <td class="nowrap">${l.paidAt !== null ? html`${t('paymentLinks.paid')} ${i18n.timeHtml(l.paidAt)}` : i18n.timeHtml(l.expiresAt)}</td>
    <td>${l.initPoint && /^https?:\/\//.test(l.initPoint) ? html`<a href="${l.initPoint}" rel="noopener noreferrer" target="_blank" title="${t('paymentLinks.checkoutTitle')}">${t('paymentLinks.checkout')}</a>` : html`<span class="muted">—</span>`}</td>
  </tr>`;
}

/** The payment links (docs/payment-links.md) with their state, filters and pagination. */
export function renderPaymentLinksPage(o: ListPageView<PaymentLinkListParams, PaymentLink>): string {
  const { i18n } = o;
  const { t } = i18n;
  const params: Record<string, string | undefined> = { ...o.params };
  const { accounts, locations } = o;
  const showAccount = accounts.length > 0;
  const states: Array<readonly [string, string]> = [['', t('paymentLinks.anyState')], ...PAYMENT_LINK_STATES.map((s) => [s, t(`link.${s}`)] as const)];
  const table = o.result === null ? html`` : o.result.data.length === 0
    ? html`<div class="panel empty"><p>${t('paymentLinks.empty')}</p></div>`
    : html`<div class="panel table-panel"><table class="table" id="payment-links-table">
        <thead><tr><th class="num">${t('paymentLinks.col.id')}</th>${showAccount ? html`<th>${t('payments.col.account')}</th>` : ''}<th>${t('paymentLinks.col.state')}</th><th>${t('paymentLinks.col.contact')}</th><th>${t('paymentLinks.col.title')}</th><th class="num">${t('paymentLinks.col.amount')}</th><th>${t('paymentLinks.col.reference')}</th><th>${t('paymentLinks.col.created')}</th><th>${t('paymentLinks.col.expiresOrPaid')}</th><th>${t('paymentLinks.col.link')}</th></tr></thead>
        <tbody>${o.result.data.map((l) => linkRow(i18n, l, showAccount, locations))}</tbody></table></div>
      ${pagination(i18n, '/admin/payment-links', params, o.page, o.result.total)}`;
  const body = html`<div class="page-head"><h1>${t('paymentLinks.title')}</h1></div>
    ${notice('error', o.error)}
    <form class="filters" method="get" action="/admin/payment-links" id="payment-link-filters">
      ${accountSelect(i18n, accounts, o.params.account)}
      ${select('state', states, o.params.state, t('paymentLinks.state'))}
      ${input('contact', t('paymentLinks.contact'), o.params.contact)}
      <div class="filter-actions"><button type="submit" class="primary">${t('common.apply')}</button><a class="button" href="/admin/payment-links">${t('common.reset')}</a></div>
    </form>
    ${table}`;
  return renderPage({ i18n, title: t('paymentLinks.title'), section: 'payment-links', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
