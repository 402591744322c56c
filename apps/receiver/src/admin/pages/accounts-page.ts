import type { AccountRecord } from '@ghl-payments/store';
import { webhookSecretsLast4, webhookUrlOf } from '../../accounts/account-json';
import type { AccountCheck } from '../../accounts/test-account';
import { csrfField, details, notice, withMarkup } from '../components';
import { html, SafeHtml } from '../html';
import type { I18n } from '../i18n/translator';
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

function enabledBadge(i18n: I18n, a: AccountRecord): SafeHtml {
  return a.enabled ? html`<span class="badge badge-status-success" data-enabled="true">${i18n.t('accounts.enabled')}</span>`
    : html`<span class="badge badge-status-ignored" data-enabled="false">${i18n.t('accounts.disabled')}</span>`;
}

/** "…a1b2", or "not set" when the secret is not set. */
function last4(i18n: I18n, value: string | null | undefined): SafeHtml {
  return value ? html`<span class="mono">${value}</span>` : html`<span class="muted">${i18n.t('accounts.notSet')}</span>`;
}

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

/** The enable or disable button of an account. */
function toggleButton(i18n: I18n, a: AccountRecord, csrfToken: string, id?: string): SafeHtml {
  return actionButton(a.slug, a.enabled ? 'disable' : 'enable', i18n.t(a.enabled ? 'accounts.disable' : 'accounts.enable'), csrfToken, { tone: a.enabled ? 'danger' : 'primary', id });
}

/** The webhook secrets' last four characters, or `empty` when there are none. */
function secretsOf(a: AccountRecord, empty: string): SafeHtml {
  const secrets = webhookSecretsLast4(a);
  return secrets.length > 0 ? html`<span class="mono">${secrets.join(', ')}</span>` : html`<span class="muted">${empty}</span>`;
}

/** The fields the create and edit forms share (name, credentials, location, rules). */
function credentialFields(i18n: I18n, values: AccountFormValues, current: AccountRecord | null): SafeHtml {
  const { t } = i18n;
  const keep = (last: string | null | undefined) => (current ? `${last ? `${last} — ` : ''}${t('accounts.keep')}` : '');
  return html`
    ${field(t('accounts.field.name'), html`<input type="text" name="name" id="account-name" required maxlength="200" value="${values.name ?? ''}">`)}
    ${field(t('accounts.field.mpToken'), secretInput('mpAccessToken', keep(current?.mpAccessTokenLast4)), t('accounts.field.mpTokenHint'))}
    ${field(t('accounts.field.mpSecrets'), secretInput('mpWebhookSecrets', keep(current?.mpWebhookSecretsLast4)), t('accounts.field.mpSecretsHint'))}
    ${current ? html`<label class="check"><input type="checkbox" name="clearWebhookSecrets" value="1" id="account-clearWebhookSecrets"> ${t('accounts.field.clearSecrets')}</label>` : ''}
    ${field(t('accounts.field.ghlToken'), secretInput('ghlToken', keep(current?.ghlTokenLast4)), t('accounts.field.ghlTokenHint'))}
    ${field(t('accounts.field.workflowSecret'), secretInput('ghlWorkflowSecret', keep(current?.ghlWorkflowSecretLast4)), t('accounts.field.workflowSecretHint'))}
    ${field(t('accounts.field.location'), html`<input type="text" name="ghlLocationId" id="account-ghlLocationId" maxlength="128" value="${values.ghlLocationId ?? ''}">`)}
    ${field(t('accounts.field.rules'), html`<textarea name="rules" id="account-rules" rows="8" spellcheck="false" placeholder="${t('accounts.field.rulesPlaceholder')}">${values.rules ?? ''}</textarea>`)}`;
}

/** The accounts: a table with their state, credentials (last four characters) and webhook URL, and the form to add one. */
export function renderAccountsPage(o: {
  i18n: I18n; accounts: readonly AccountRecord[]; baseUrl: string; csrfToken: string; notice?: string; form?: AccountFormState;
}): string {
  const { i18n } = o;
  const { t } = i18n;
  const values = o.form?.values ?? { enabled: true };
  const rows = o.accounts.map((a) => html`<tr data-account="${a.slug}">
      <td><a href="/admin/accounts/${a.slug}" class="mono">${a.slug}</a></td>
      <td>${a.name}</td>
      <td>${enabledBadge(i18n, a)}</td>
      <td class="mono">${a.ghlLocationId ?? html`<span class="muted">—</span>`}</td>
      <td>${last4(i18n, a.mpAccessTokenLast4)}</td>
      <td>${secretsOf(a, t('accounts.none'))}</td>
      <td>${last4(i18n, a.ghlTokenLast4)}</td>
      <td class="mono webhook-url">${webhookUrlOf(o.baseUrl, a.slug)}</td>
      <td class="nowrap">
        <a class="button" href="/admin/accounts/${a.slug}">${t('accounts.edit')}</a>
        ${toggleButton(i18n, a, o.csrfToken)}
      </td>
    </tr>`);
  const table = o.accounts.length === 0
    ? html`<div class="panel empty"><p>${withMarkup(t('accounts.empty'), { code: html`<code>default</code>` })}</p></div>`
    : html`<div class="panel table-panel"><table class="table" id="accounts-table">
        <thead><tr><th>${t('accounts.col.slug')}</th><th>${t('accounts.col.name')}</th><th>${t('accounts.col.state')}</th><th>${t('accounts.col.location')}</th><th>${t('accounts.col.mpToken')}</th><th>${t('accounts.col.secrets')}</th><th>${t('accounts.col.ghlToken')}</th><th>${t('accounts.col.webhookUrl')}</th><th><span class="visually-hidden">${t('accounts.col.actions')}</span></th></tr></thead>
        <tbody>${rows}</tbody></table></div>`;
  const body = html`<div class="page-head"><h1>${t('accounts.title')}</h1></div>
    ${notice('ok', o.notice)}
    ${table}
    <section class="panel" id="add-account">
      <h2>${t('accounts.add')}</h2>
      ${notice('error', o.form?.error)}
      ${o.form ? html`<p class="muted">${t('accounts.reenter')}</p>` : ''}
      <form method="post" action="/admin/accounts" id="account-form" class="account-form" autocomplete="off">
        ${csrfField(o.csrfToken)}
        ${field(t('accounts.field.slug'), html`<input type="text" name="slug" id="account-slug" required maxlength="24" value="${values.slug ?? ''}">`, t('accounts.field.slugHint'))}
        ${credentialFields(i18n, values, null)}
        <label class="check"><input type="checkbox" name="enabled" value="1" id="account-enabled"${values.enabled === false ? '' : html` checked`}> ${t('accounts.field.enabled')}</label>
        <div class="filter-actions"><button type="submit" class="primary" id="account-submit">${t('accounts.addButton')}</button></div>
      </form>
    </section>`;
  return renderPage({ i18n, title: t('accounts.title'), section: 'accounts', body, csrfToken: o.csrfToken });
}

/** One account: its state and webhook URL, the test, enable/disable and viewer-token buttons, and the edit form. */
export function renderAccountPage(o: {
  i18n: I18n; account: AccountRecord; baseUrl: string; csrfToken: string; notice?: string; form?: AccountFormState;
  checks?: readonly AccountCheck[];
  /** A viewer token just issued: shown this once. */
  viewerToken?: string;
}): string {
  const { i18n } = o;
  const { t } = i18n;
  const a = o.account;
  const values: AccountFormValues = o.form?.values ?? { name: a.name, ghlLocationId: a.ghlLocationId ?? '', rules: a.rules ?? '' };
  const checks = o.checks ? html`<section class="panel" id="account-checks"><h2>${t('accounts.checks')}</h2><ul class="checks">
      ${o.checks.map((c) => html`<li data-service="${c.service}" data-check="${c.status}"><span class="badge badge-status-${CHECK_TONES[c.status]}" title="${c.status}">${t(`accounts.check.${c.status}`)}</span> <strong>${SERVICE_NAMES[c.service]}</strong>: ${c.message}</li>`)}
    </ul></section>` : html``;
  const token = o.viewerToken ? html`<section class="panel" id="viewer-token-panel">
      <h2>${t('accounts.newViewerToken')}</h2>
      <p>${withMarkup(t('accounts.newViewerTokenText'), { account: html`<strong>${a.slug}</strong>` })}</p>
      <pre class="code" id="viewer-token">${o.viewerToken}</pre>
    </section>` : html``;
  const body = html`<div class="page-head">
      <div><a href="/admin/accounts" class="muted">${t('accounts.back')}</a><h1>${t('accounts.accountHeading')} <span class="mono">${a.slug}</span> ${enabledBadge(i18n, a)}</h1></div>
      <div class="actions">
        ${actionButton(a.slug, 'test', t('accounts.test'), o.csrfToken, { tone: 'primary', id: 'account-test' })}
        ${toggleButton(i18n, a, o.csrfToken, 'account-toggle')}
      </div>
    </div>
    ${notice('ok', o.notice)}
    ${checks}
    ${token}
    <div class="detail-grid">
      <section class="panel"><h2>${t('accounts.section')}</h2>${details([
        [t('accounts.row.name'), a.name],
        [t('accounts.row.webhookUrl'), html`<span class="mono" id="account-webhook-url">${webhookUrlOf(o.baseUrl, a.slug)}</span>`],
        [t('accounts.row.mpToken'), last4(i18n, a.mpAccessTokenLast4)],
        [t('accounts.row.secrets'), secretsOf(a, t('accounts.row.noSecrets'))],
        [t('accounts.row.ghlToken'), last4(i18n, a.ghlTokenLast4)],
        [t('accounts.row.workflowSecret'), last4(i18n, a.ghlWorkflowSecretLast4 ?? null)],
        [t('accounts.row.location'), a.ghlLocationId],
        [t('accounts.row.rules'), a.rules === null ? t('accounts.row.defaultRules') : t('accounts.row.ownRules')],
        [t('accounts.row.added'), i18n.timeHtml(a.createdAt)],
        [t('accounts.row.updated'), i18n.timeHtml(a.updatedAt)],
      ])}</section>
      <section class="panel"><h2>${t('accounts.viewer')}</h2>
        <p class="muted">${t('accounts.viewerText')}</p>
        <p id="viewer-state">${a.viewerTokenHash ? t('accounts.viewerInUse') : t('accounts.viewerNone')}</p>
        <div class="actions">
          ${actionButton(a.slug, 'viewer-token', a.viewerTokenHash ? t('accounts.viewerReplace') : t('accounts.viewerCreate'), o.csrfToken, { id: 'account-viewer-token' })}
          ${a.viewerTokenHash ? actionButton(a.slug, 'viewer-token/withdraw', t('accounts.viewerWithdraw'), o.csrfToken, { tone: 'danger', id: 'account-withdraw-viewer-token' }) : ''}
        </div>
      </section>
    </div>
    <section class="panel" id="edit-account">
      <h2>${t('accounts.editSection')}</h2>
      ${notice('error', o.form?.error)}
      <form method="post" action="/admin/accounts/${a.slug}" id="account-edit-form" class="account-form" autocomplete="off">
        ${csrfField(o.csrfToken)}
        ${credentialFields(i18n, values, a)}
        <div class="filter-actions"><button type="submit" class="primary" id="account-save">${t('accounts.save')}</button></div>
      </form>
    </section>`;
  return renderPage({ i18n, title: t('accounts.accountTitle', { slug: a.slug }), section: 'accounts', body, csrfToken: o.csrfToken });
}
