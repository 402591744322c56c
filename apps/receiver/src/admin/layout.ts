import { LANGUAGES } from '@ghl-payments/core';
import { html, SafeHtml } from './html';
import { csrfField } from './components';
import type { I18n } from './i18n/translator';

export type Section = 'overview' | 'events' | 'payments' | 'payment-links' | 'accounts' | 'audit' | 'login' | 'none';

export interface PageOptions {
  /** The page's language (texts, numbers, times). */
  i18n: I18n;
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

/** The language switch: one link per language, the current one marked (remembered per browser by a cookie). */
function languageSwitch(i18n: I18n): SafeHtml {
  return html`<nav class="language-switch" id="language-switch" aria-label="${i18n.t('language.label')}">${LANGUAGES.map((language) => (language === i18n.language
    ? html`<span class="active" lang="${language}" aria-current="true">${i18n.t(`language.${language}`)}</span>`
    : html`<a href="/admin/language/${language}" lang="${language}" hreflang="${language}" data-language="${language}">${i18n.t(`language.${language}`)}</a>`))}</nav>`;
}

/** The document shell: head, navigation bar with the language switch and logout, main content. */
export function renderPage(o: PageOptions): string {
  const { t } = o.i18n;
  const nav = (section: Section, href: string, label: string) =>
    html`<a href="${href}"${o.section === section ? html` class="active" aria-current="page"` : ''}>${label}</a>`;
  const header = o.csrfToken === undefined ? html`<header class="topbar topbar-plain">${languageSwitch(o.i18n)}</header>` : html`<header class="topbar">
    <a class="brand" href="/admin"><span class="logo" aria-hidden="true">◆</span> ghl-payments</a>
    <nav class="mainnav" aria-label="${t('nav.menu')}">${nav('overview', '/admin', t('nav.overview'))}${nav('events', '/admin/events', t('nav.events'))}${nav('payments', '/admin/payments', t('nav.payments'))}${nav('payment-links', '/admin/payment-links', t('nav.paymentLinks'))}${o.viewer ? '' : nav('accounts', '/admin/accounts', t('nav.accounts'))}${o.viewer ? '' : nav('audit', '/admin/audit', t('nav.audit'))}</nav>
    ${o.viewer ? html`<span class="viewer-badge" id="viewer-account" title="${t('nav.viewerTitle')}">${t('nav.viewerBadge', { account: o.viewer })}</span>` : ''}
    ${languageSwitch(o.i18n)}
    <form method="post" action="/admin/logout" class="logout">${csrfField(o.csrfToken)}<button type="submit" class="link">${t('nav.logout')}</button></form>
  </header>`;
  // without a configured TZ, times are rendered in UTC and rewritten to the browser's zone by local-times.js
  const scripts = [...(o.scripts ?? []), ...(o.i18n.timeZone ? [] : ['local-times.js'])];
  return html`<!doctype html>
<html lang="${o.i18n.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${o.title} · ghl-payments</title>
<link rel="stylesheet" href="/admin/assets/admin.css">
<link rel="icon" href="data:,">
</head>
<body class="section-${o.section}" data-locale="${o.i18n.locale}">
${header}
<main class="content">
${o.body}
</main>
${scripts.map((s) => html`<script src="/admin/assets/${s}"></script>`)}
</body>
</html>
`.value;
}
