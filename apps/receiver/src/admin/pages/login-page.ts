import { html } from '../html';
import { notice, withMarkup } from '../components';
import type { I18n } from '../i18n/translator';
import { renderPage } from '../layout';

/** The brand at the top of the sign-in card. */
const brand = html`<h1><span class="logo" aria-hidden="true">◆</span> ghl-payments</h1>`;

/** The login form: the admin token (or an account's viewer token) in a password field. */
export function renderLoginPage(o: { i18n: I18n; next: string; error?: string }): string {
  const { t } = o.i18n;
  const body = html`<section class="login-card">
    ${brand}
    <p class="muted">${withMarkup(t('login.intro'), { adminToken: html`<code>ADMIN_TOKEN</code>`, file: html`<code>admin-token</code>` })}</p>
    ${notice('error', o.error)}
    <form method="post" action="/admin/login" id="login-form" autocomplete="off">
      <input type="hidden" name="next" value="${o.next}">
      <label class="field"><span>${t('login.token')}</span><input type="password" name="token" id="token" required autofocus spellcheck="false" autocomplete="current-password"></label>
      <button type="submit" class="primary">${t('login.submit')}</button>
    </form>
    <p class="muted">${withMarkup(t('login.noToken'), { command: html`<code>npx ghl-payments sign-in-link</code>` })}</p>
  </section>`;
  return renderPage({ i18n: o.i18n, title: t('login.title'), section: 'login', body, scripts: ['login.js'] });
}

/**
 * The landing page of a one-time sign-in link: the code is posted by a form (login.js submits it at once), never used
 * up by the GET itself, so a link preview or prefetch cannot spend it.
 */
export function renderSignInCodePage(o: { i18n: I18n; code: string }): string {
  const { t } = o.i18n;
  const body = html`<section class="login-card">
    ${brand}
    <p class="muted">${t('login.codeSigningIn')}</p>
    <form method="post" action="/admin/login/code" id="code-form" autocomplete="off">
      <input type="hidden" name="code" value="${o.code}">
      <button type="submit" class="primary">${t('login.codeOpen')}</button>
    </form>
  </section>`;
  return renderPage({ i18n: o.i18n, title: t('login.title'), section: 'login', body, scripts: ['login.js'] });
}
