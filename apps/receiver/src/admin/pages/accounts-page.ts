import type { AccountRecord } from '@ghl-payments/store';
import { webhookSecretsLast4, webhookUrlOf } from '../../accounts/account-json';
import type { AccountCheck } from '../../accounts/test-account';
import { csrfField, details, notice } from '../components';
import { formatTime } from '../format';
import { html, SafeHtml } from '../html';
import { renderPage } from '../layout';

/** What a form shows again after a refused submission: only fields that are not secrets (secrets are never echoed). */
export interface AccountFormValues {
  slug?: string;
  name?: string;
  ghlLocationId?: string;
  rules?: string;
  enabled?: boolean;
}

/** A refused form: its values and why. */
export interface AccountFormState {
  values: AccountFormValues;
  error: string;
}

const CHECK_TONES: Record<AccountCheck['status'], string> = { pass: 'success', warn: 'pending', fail: 'failed' };
const SERVICE_NAMES: Record<AccountCheck['service'], string> = { mercadopago: 'MercadoPago', ghl: 'GoHighLevel' };

function enabledBadge(a: AccountRecord): SafeHtml {
  return a.enabled ? html`<span class="badge badge-status-success" data-enabled="true">enabled</span>`
    : html`<span class="badge badge-status-ignored" data-enabled="false">disabled</span>`;
}

/** "…a1b2", or a dash when the secret is not set. */
const last4 = (value: string | null | undefined) => (value ? html`<span class="mono">${value}</span>` : html`<span class="muted">not set</span>`);

/** A labelled form control. */
function field(label: string, control: SafeHtml, hint?: string): SafeHtml {
  return html`<label class="field account-field"><span>${label}</span>${control}${hint ? html`<small class="muted">${hint}</small>` : ''}</label>`;
}

/** A write-only input for a secret: never pre-filled, never autofilled from the browser's saved passwords. */
function secretInput(name: string, placeholder: string): SafeHtml {
  return html`<input type="password" name="${name}" id="account-${name}" autocomplete="new-password" spellcheck="false" placeholder="${placeholder}">`;
}

/** A POST button form (with the session's CSRF token) on an account. */
function actionButton(slug: string, action: string, label: string, csrfToken: string, o: { tone?: string; id?: string } = {}): SafeHtml {
  return html`<form method="post" action="/admin/accounts/${slug}/${action}" class="inline">${csrfField(csrfToken)}<button type="submit" class="${o.tone ?? 'secondary'}" data-action="${action}"${o.id ? html` id="${o.id}"` : ''}>${label}</button></form>`;
}

/** The fields the create and edit forms share (name, credentials, location, rules). */
function credentialFields(values: AccountFormValues, current: AccountRecord | null): SafeHtml {
  const keep = (last: string | null | undefined) => (current ? `${last ? `${last} — ` : ''}leave empty to keep` : '');
  return html`
    ${field('Name', html`<input type="text" name="name" id="account-name" required maxlength="200" value="${values.name ?? ''}">`)}
    ${field('MercadoPago access token', secretInput('mpAccessToken', keep(current?.mpAccessTokenLast4)), 'Production credentials (APP_USR-…); stored encrypted, never shown again')}
    ${field('MercadoPago webhook secrets', secretInput('mpWebhookSecrets', keep(current?.mpWebhookSecretsLast4)), 'Several separated by commas (while rotating)')}
    ${current ? html`<label class="check"><input type="checkbox" name="clearWebhookSecrets" value="1" id="account-clearWebhookSecrets"> Remove the webhook secrets</label>` : ''}
    ${field('GoHighLevel token', secretInput('ghlToken', keep(current?.ghlTokenLast4)), 'Private Integration token of the location')}
    ${field('GoHighLevel workflow secret', secretInput('ghlWorkflowSecret', keep(current?.ghlWorkflowSecretLast4)), 'At least 16 random characters; the Webhook action of its workflows sends it to create payment links')}
    ${field('GoHighLevel location id', html`<input type="text" name="ghlLocationId" id="account-ghlLocationId" maxlength="128" value="${values.ghlLocationId ?? ''}">`)}
    ${field('Rules (YAML or JSON)', html`<textarea name="rules" id="account-rules" rows="8" spellcheck="false" placeholder="Empty: the default rules (docs/rules.md)">${values.rules ?? ''}</textarea>`)}`;
}

/** The accounts: a table with their state, credentials (last four characters) and webhook URL, and the form to add one. */
export function renderAccountsPage(o: {
  accounts: readonly AccountRecord[]; baseUrl: string; csrfToken: string; notice?: string; form?: AccountFormState;
}): string {
  const values = o.form?.values ?? { enabled: true };
  const rows = o.accounts.map((a) => html`<tr data-account="${a.slug}">
      <td><a href="/admin/accounts/${a.slug}" class="mono">${a.slug}</a></td>
      <td>${a.name}</td>
      <td>${enabledBadge(a)}</td>
      <td class="mono">${a.ghlLocationId ?? html`<span class="muted">—</span>`}</td>
      <td>${last4(a.mpAccessTokenLast4)}</td>
      <td>${webhookSecretsLast4(a).length > 0 ? html`<span class="mono">${webhookSecretsLast4(a).join(', ')}</span>` : html`<span class="muted">none</span>`}</td>
      <td>${last4(a.ghlTokenLast4)}</td>
      <td class="mono webhook-url">${webhookUrlOf(o.baseUrl, a.slug)}</td>
      <td class="nowrap">
        <a class="button" href="/admin/accounts/${a.slug}">Edit</a>
        ${actionButton(a.slug, a.enabled ? 'disable' : 'enable', a.enabled ? 'Disable' : 'Enable', o.csrfToken, { tone: a.enabled ? 'danger' : 'primary' })}
      </td>
    </tr>`);
  const table = o.accounts.length === 0
    ? html`<div class="panel empty"><p>No accounts yet: everything belongs to the environment-configured shop (<code>default</code>). Add a client below.</p></div>`
    : html`<div class="panel table-panel"><table class="table" id="accounts-table">
        <thead><tr><th>Slug</th><th>Name</th><th>State</th><th>GHL location</th><th>MP token</th><th>Webhook secrets</th><th>GHL token</th><th>Webhook URL</th><th></th></tr></thead>
        <tbody>${rows}</tbody></table></div>`;
  const body = html`<div class="page-head"><h1>Accounts</h1></div>
    ${notice('ok', o.notice)}
    ${table}
    <section class="panel" id="add-account">
      <h2>Add an account</h2>
      ${notice('error', o.form?.error)}
      ${o.form ? html`<p class="muted">Secrets are never shown again: enter them once more.</p>` : ''}
      <form method="post" action="/admin/accounts" id="account-form" class="account-form" autocomplete="off">
        ${csrfField(o.csrfToken)}
        ${field('Slug', html`<input type="text" name="slug" id="account-slug" required maxlength="24" value="${values.slug ?? ''}">`, 'Lower-case letters, digits and dashes; part of the webhook URL; cannot change later')}
        ${credentialFields(values, null)}
        <label class="check"><input type="checkbox" name="enabled" value="1" id="account-enabled"${values.enabled === false ? '' : html` checked`}> Enabled</label>
        <div class="filter-actions"><button type="submit" class="primary" id="account-submit">Add account</button></div>
      </form>
    </section>`;
  return renderPage({ title: 'Accounts', section: 'accounts', body, csrfToken: o.csrfToken });
}

/** One account: its state and webhook URL, the test, enable/disable and viewer-token buttons, and the edit form. */
export function renderAccountPage(o: {
  account: AccountRecord; baseUrl: string; csrfToken: string; notice?: string; form?: AccountFormState;
  checks?: readonly AccountCheck[];
  /** A viewer token just issued: shown this once. */
  viewerToken?: string;
}): string {
  const a = o.account;
  const values: AccountFormValues = o.form?.values ?? { name: a.name, ghlLocationId: a.ghlLocationId ?? '', rules: a.rules ?? '' };
  const checks = o.checks ? html`<section class="panel" id="account-checks"><h2>Connection test</h2><ul class="checks">
      ${o.checks.map((c) => html`<li data-service="${c.service}" data-check="${c.status}"><span class="badge badge-status-${CHECK_TONES[c.status]}">${c.status}</span> <strong>${SERVICE_NAMES[c.service]}</strong>: ${c.message}</li>`)}
    </ul></section>` : html``;
  const token = o.viewerToken ? html`<section class="panel" id="viewer-token-panel">
      <h2>New viewer token</h2>
      <p>Copy it now: it is not shown again. It signs in to this dashboard (and reads the API) for account <strong>${a.slug}</strong> only, read-only.</p>
      <pre class="code" id="viewer-token">${o.viewerToken}</pre>
    </section>` : html``;
  const body = html`<div class="page-head">
      <div><a href="/admin/accounts" class="muted">← Accounts</a><h1>Account <span class="mono">${a.slug}</span> ${enabledBadge(a)}</h1></div>
      <div class="actions">
        ${actionButton(a.slug, 'test', 'Test connection', o.csrfToken, { tone: 'primary', id: 'account-test' })}
        ${actionButton(a.slug, a.enabled ? 'disable' : 'enable', a.enabled ? 'Disable' : 'Enable', o.csrfToken, { tone: a.enabled ? 'danger' : 'primary', id: 'account-toggle' })}
      </div>
    </div>
    ${notice('ok', o.notice)}
    ${checks}
    ${token}
    <div class="detail-grid">
      <section class="panel"><h2>Account</h2>${details([
        ['Name', a.name],
        ['Webhook URL', html`<span class="mono" id="account-webhook-url">${webhookUrlOf(o.baseUrl, a.slug)}</span>`],
        ['MercadoPago token', last4(a.mpAccessTokenLast4)],
        ['Webhook secrets', webhookSecretsLast4(a).length > 0 ? html`<span class="mono">${webhookSecretsLast4(a).join(', ')}</span>` : html`<span class="muted">none (notifications are not checked)</span>`],
        ['GoHighLevel token', last4(a.ghlTokenLast4)],
        ['Workflow secret', last4(a.ghlWorkflowSecretLast4 ?? null)],
        ['Location', a.ghlLocationId],
        ['Rules', a.rules === null ? 'the default rules' : 'its own'],
        ['Added', formatTime(a.createdAt)],
        ['Updated', formatTime(a.updatedAt)],
      ])}</section>
      <section class="panel"><h2>Viewer access</h2>
        <p class="muted">A viewer token lets the client see this account's overview, events and payments, and change nothing.</p>
        <p id="viewer-state">${a.viewerTokenHash ? 'A viewer token is in use.' : 'No viewer token.'}</p>
        <div class="actions">
          ${actionButton(a.slug, 'viewer-token', a.viewerTokenHash ? 'Replace the viewer token' : 'Create a viewer token', o.csrfToken, { id: 'account-viewer-token' })}
          ${a.viewerTokenHash ? actionButton(a.slug, 'viewer-token/withdraw', 'Withdraw it', o.csrfToken, { tone: 'danger', id: 'account-withdraw-viewer-token' }) : ''}
        </div>
      </section>
    </div>
    <section class="panel" id="edit-account">
      <h2>Edit</h2>
      ${notice('error', o.form?.error)}
      <form method="post" action="/admin/accounts/${a.slug}" id="account-edit-form" class="account-form" autocomplete="off">
        ${csrfField(o.csrfToken)}
        ${credentialFields(values, a)}
        <div class="filter-actions"><button type="submit" class="primary" id="account-save">Save</button></div>
      </form>
    </section>`;
  return renderPage({ title: `Account ${a.slug}`, section: 'accounts', body, csrfToken: o.csrfToken });
}
