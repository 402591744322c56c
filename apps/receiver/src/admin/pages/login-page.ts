import { html } from '../html';
import { notice } from '../components';
import { renderPage } from '../layout';

/** The login form: the admin token (or an account's viewer token) in a password field. */
export function renderLoginPage(o: { next: string; error?: string }): string {
  const body = html`<section class="login-card">
    <h1><span class="logo" aria-hidden="true">◆</span> ghl-payments</h1>
    <p class="muted">Operator dashboard. Sign in with the admin token (<code>ADMIN_TOKEN</code>, or the file <code>admin-token</code> in the data folder), or with an account's viewer token to see that account only.</p>
    ${notice('error', o.error)}
    <form method="post" action="/admin/login" id="login-form" autocomplete="off">
      <input type="hidden" name="next" value="${o.next}">
      <label class="field"><span>Admin or viewer token</span><input type="password" name="token" id="token" required autofocus spellcheck="false" autocomplete="current-password"></label>
      <button type="submit" class="primary">Sign in</button>
    </form>
    <p class="muted">No token at hand? <code>npx ghl-payments sign-in-link</code> on the server prints a link that signs you in once, within 10 minutes.</p>
  </section>`;
  return renderPage({ title: 'Sign in', section: 'login', body, scripts: ['login.js'] });
}

/**
 * The landing page of a one-time sign-in link: the code is posted by a form (login.js submits it at once), never used
 * up by the GET itself, so a link preview or prefetch cannot spend it.
 */
export function renderSignInCodePage(o: { code: string }): string {
  const body = html`<section class="login-card">
    <h1><span class="logo" aria-hidden="true">◆</span> ghl-payments</h1>
    <p class="muted">Signing you in with a one-time link…</p>
    <form method="post" action="/admin/login/code" id="code-form" autocomplete="off">
      <input type="hidden" name="code" value="${o.code}">
      <button type="submit" class="primary">Open the dashboard</button>
    </form>
  </section>`;
  return renderPage({ title: 'Sign in', section: 'login', body, scripts: ['login.js'] });
}
