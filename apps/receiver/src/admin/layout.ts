import { html, SafeHtml } from './html';
import { csrfField } from './components';

export type Section = 'overview' | 'events' | 'payments' | 'payment-links' | 'accounts' | 'audit' | 'login' | 'none';

export interface PageOptions {
  title: string;
  section: Section;
  body: SafeHtml;
  /** The session's CSRF token (omitted on the login page: no navigation, no logout). */
  csrfToken?: string;
  /** Extra scripts under /admin/assets (e.g. the charts). */
  scripts?: readonly string[];
  /** A viewer's session: the account it sees (no Accounts page in the navigation, the account named instead). */
  viewer?: string | null;
}

/** The document shell: head, navigation bar with logout, main content. */
export function renderPage(o: PageOptions): string {
  const nav = (section: Section, href: string, label: string) =>
    html`<a href="${href}"${o.section === section ? html` class="active" aria-current="page"` : ''}>${label}</a>`;
  const header = o.csrfToken === undefined ? html`` : html`<header class="topbar">
    <a class="brand" href="/admin"><span class="logo" aria-hidden="true">◆</span> ghl-payments</a>
    <nav class="mainnav">${nav('overview', '/admin', 'Overview')}${nav('events', '/admin/events', 'Events')}${nav('payments', '/admin/payments', 'Payments')}${nav('payment-links', '/admin/payment-links', 'Payment links')}${o.viewer ? '' : nav('accounts', '/admin/accounts', 'Accounts')}${o.viewer ? '' : nav('audit', '/admin/audit', 'Audit')}</nav>
    ${o.viewer ? html`<span class="viewer-badge" id="viewer-account" title="Signed in with this account's viewer token: read-only">${o.viewer} · read-only</span>` : ''}
    <form method="post" action="/admin/logout" class="logout">${csrfField(o.csrfToken)}<button type="submit" class="link">Log out</button></form>
  </header>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${o.title} · ghl-payments</title>
<link rel="stylesheet" href="/admin/assets/admin.css">
<link rel="icon" href="data:,">
</head>
<body class="section-${o.section}">
${header}
<main class="content">
${o.body}
</main>
${(o.scripts ?? []).map((s) => html`<script src="/admin/assets/${s}"></script>`)}
</body>
</html>
`.value;
}
