import { PAYMENT_LINK_STATES, Page, PageRequest, PaymentLink } from '@ghl-payments/store';
import { AccountChoice, accountSelect, badge, input, notice, pagination, select } from '../components';
import { formatTime } from '../format';
import { html, SafeHtml } from '../html';
import { renderPage } from '../layout';
import { formatAmount } from './payments-page';

export type PaymentLinkListParams = Partial<Record<'state' | 'contact' | 'account' | 'limit', string>>;

function linkRow(l: PaymentLink, showAccount: boolean): SafeHtml {
  const total = Math.round(l.amount * l.quantity * 100) / 100;
  return html`<tr data-link-id="${l.id}" data-account="${l.account}" data-state="${l.state}">
    <td class="num">#${l.id}</td>
    ${showAccount ? html`<td class="account-cell">${l.account}</td>` : ''}
    <td>${badge(l.state, 'link')}</td>
    <td class="mono">${l.contactId}</td>
    <td>${l.title}${l.quantity > 1 ? html` <span class="muted">× ${l.quantity}</span>` : ''}</td>
    <td class="num nowrap">${formatAmount(total, l.currency)}</td>
    <td class="mono">${l.externalReference}</td>
    <td class="nowrap">${formatTime(l.createdAt)}</td>
    <td class="nowrap">${l.paidAt !== null ? html`paid ${formatTime(l.paidAt)}` : formatTime(l.expiresAt)}</td>
    <td>${l.initPoint && /^https?:\/\//.test(l.initPoint) ? html`<a href="${l.initPoint}" rel="noopener noreferrer" target="_blank">checkout</a>` : html`<span class="muted">—</span>`}</td>
  </tr>`;
}

/** The payment links (docs/payment-links.md) with their state, filters and pagination. */
export function renderPaymentLinksPage(o: {
  params: PaymentLinkListParams; page: PageRequest; result: Page<PaymentLink> | null; csrfToken: string; error?: string;
  /** The accounts the filter offers (none: no account filter, no account column). */
  accounts?: readonly AccountChoice[];
  viewer?: string | null;
}): string {
  const params: Record<string, string | undefined> = { ...o.params };
  const accounts = o.accounts ?? [];
  const showAccount = accounts.length > 0;
  const states: Array<readonly [string, string]> = [['', 'Any state'], ...PAYMENT_LINK_STATES.map((s) => [s, s] as const)];
  const table = o.result === null ? html`` : o.result.data.length === 0
    ? html`<div class="panel empty"><p>No payment links match this filter.</p></div>`
    : html`<div class="panel table-panel"><table class="table" id="payment-links-table">
        <thead><tr><th class="num">ID</th>${showAccount ? html`<th>Account</th>` : ''}<th>State</th><th>GHL contact</th><th>Title</th><th class="num">Amount</th><th>External reference</th><th>Created</th><th>Expires / paid</th><th>Link</th></tr></thead>
        <tbody>${o.result.data.map((l) => linkRow(l, showAccount))}</tbody></table></div>
      ${pagination('/admin/payment-links', params, o.page, o.result.total)}`;
  const body = html`<div class="page-head"><h1>Payment links</h1></div>
    ${notice('error', o.error)}
    <form class="filters" method="get" action="/admin/payment-links" id="payment-link-filters">
      ${accountSelect(accounts, o.params.account)}
      ${select('state', states, o.params.state, 'State')}
      ${input('contact', 'GHL contact', o.params.contact)}
      <div class="filter-actions"><button type="submit" class="primary">Apply</button><a class="button" href="/admin/payment-links">Reset</a></div>
    </form>
    ${table}`;
  return renderPage({ title: 'Payment links', section: 'payment-links', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
