import { html } from '../html';
import { notice } from '../components';
import { renderPage } from '../layout';

/** The login form: the admin token in a password field (login.js fills it from a `#token=` link). */
export function renderLoginPage(o: { next: string; error?: string }): string {
  const body = html`<section class="login-card">
    <h1><span class="logo" aria-hidden="true">◆</span> ghl-payments</h1>
    <p class="muted">Operator dashboard. Sign in with the admin token (<code>ADMIN_TOKEN</code>, or the file <code>admin-token</code> in the data folder).</p>
    ${notice('error', o.error)}
    <form method="post" action="/admin/login" id="login-form" autocomplete="off">
      <input type="hidden" name="next" value="${o.next}">
      <label class="field"><span>Admin token</span><input type="password" name="token" id="token" required autofocus spellcheck="false" autocomplete="current-password"></label>
      <button type="submit" class="primary">Sign in</button>
    </form>
  </section>`;
  return renderPage({ title: 'Sign in', section: 'login', body, scripts: ['login.js'] });
}
