import type { Page, PageRequest, Payment } from '@ghl-payments/store';
import { AccountChoice, accountSelect, badge, input, notice, pagination } from '../components';
import { formatTime } from '../format';
import { html, SafeHtml } from '../html';
import { renderPage } from '../layout';

export type PaymentListParams = Partial<Record<'status' | 'external_reference' | 'email' | 'account' | 'limit', string>>;

/** An amount with its currency, or a dash. */
export function formatAmount(amount: number | null, currency: string | null): string {
  if (amount === null) return '—';
  return `${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}${currency ? ` ${currency}` : ''}`;
}

function paymentRow(p: Payment, showAccount: boolean): SafeHtml {
  const href = `/admin/payments/${p.id}`;
  return html`<tr data-payment-id="${p.id}" data-account="${p.account}">
    <td class="num"><a href="${href}">#${p.id}</a></td>
    ${showAccount ? html`<td class="account-cell">${p.account}</td>` : ''}
    <td class="mono"><a href="${href}">${p.mpPaymentId ?? '(expected)'}</a></td>
    <td>${badge(p.status ?? 'expected', 'payment')}</td>
    <td class="num nowrap">${formatAmount(p.amount, p.currency)}</td>
    <td>${p.payerEmail ?? html`<span class="muted">—</span>`}</td>
    <td class="mono">${p.externalReference ?? html`<span class="muted">—</span>`}</td>
    <td class="mono">${p.ghlContactId ?? html`<span class="muted">—</span>`}</td>
    <td class="nowrap">${formatTime(p.updatedAt)}</td>
  </tr>`;
}

/** The payment list with its filters and pagination. */
export function renderPaymentsPage(o: {
  params: PaymentListParams; page: PageRequest; result: Page<Payment> | null; csrfToken: string; error?: string;
  /** The accounts the filter offers (none: no account filter, no account column). */
  accounts?: readonly AccountChoice[];
  viewer?: string | null;
}): string {
  const params: Record<string, string | undefined> = { ...o.params };
  const accounts = o.accounts ?? [];
  const showAccount = accounts.length > 0;
  const table = o.result === null ? html`` : o.result.data.length === 0
    ? html`<div class="panel empty"><p>No payments match this filter.</p></div>`
    : html`<div class="panel table-panel"><table class="table" id="payments-table">
        <thead><tr><th class="num">ID</th>${showAccount ? html`<th>Account</th>` : ''}<th>MercadoPago id</th><th>Status</th><th class="num">Amount</th><th>Payer</th><th>External reference</th><th>GHL contact</th><th>Updated</th></tr></thead>
        <tbody>${o.result.data.map((p) => paymentRow(p, showAccount))}</tbody></table></div>
      ${pagination('/admin/payments', params, o.page, o.result.total)}`;
  const body = html`<div class="page-head"><h1>Payments</h1></div>
    ${notice('error', o.error)}
    <form class="filters" method="get" action="/admin/payments" id="payment-filters">
      ${accountSelect(accounts, o.params.account)}
      ${input('status', 'Status', o.params.status, { placeholder: 'approved' })}
      ${input('external_reference', 'External reference', o.params.external_reference)}
      ${input('email', 'Payer email', o.params.email, { type: 'email' })}
      <div class="filter-actions"><button type="submit" class="primary">Apply</button><a class="button" href="/admin/payments">Reset</a></div>
    </form>
    ${table}`;
  return renderPage({ title: 'Payments', section: 'payments', body, csrfToken: o.csrfToken, viewer: o.viewer });
}
