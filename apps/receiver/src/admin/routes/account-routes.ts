import express, { Request, Response } from 'express';
import { ACCOUNT_SLUG, AccountRecord } from '@ghl-payments/store';
import { AccountFields, AccountInputError, parseAccountChanges, parseNewAccount } from '../../accounts/account-input';
import { publicBaseUrl } from '../../accounts/account-json';
import { addAccount, changeAccount, issueViewerToken, withdrawViewerToken } from '../../accounts/manage-accounts';
import { testAccount } from '../../accounts/test-account';
import type { AdminContext } from '../admin-context';
import { toQueryString } from '../components';
import { escapeHtml } from '../html';
import { AccountFormValues, renderAccountPage, renderAccountsPage } from '../pages/accounts-page';
import { renderErrorPage } from '../pages/error-page';
import { readFormParams } from '../read-form-params';
import { auditAccountChange } from '../../audit/operator-audit';
import type { MessageKey } from '../i18n/catalog';

/** What the notices after a redirect say (`?done=`): fixed texts, so a link cannot put words on the page. */
const DONE: Record<string, MessageKey> = {
  created: 'accounts.done.created',
  updated: 'accounts.done.updated',
  disabled: 'accounts.done.disabled',
  enabled: 'accounts.done.enabled',
  withdrawn: 'accounts.done.withdrawn',
};

const TEXT_FIELDS = ['slug', 'name', 'mpAccessToken', 'mpWebhookSecrets', 'ghlToken', 'ghlWorkflowSecret', 'ghlLocationId', 'clearWebhookSecrets', 'enabled'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/**
 * The form's fields as trimmed text, empty ones left out. Not shortened (unlike readFormParams): a long token must
 * reach the validation whole, which measures it.
 */
function readForm(body: unknown): Partial<Record<TextField, string>> {
  const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: Partial<Record<TextField, string>> = {};
  for (const name of TEXT_FIELDS) {
    const raw = Object.hasOwn(record, name) ? record[name] : undefined;
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string' && value.trim() !== '') out[name] = value.trim();
  }
  return out;
}

/** The rules textarea as sent (not trimmed or shortened: the validation measures it). */
function rulesOf(body: unknown): string | undefined {
  const rules = (body as Record<string, unknown> | undefined)?.rules;
  return typeof rules === 'string' ? rules.replace(/\r\n/g, '\n') : undefined;
}

/** A form's values the page may show again: never a secret. */
function redisplayed(body: unknown, enabledDefault: boolean): AccountFormValues {
  const form = readForm(body);
  return { slug: form.slug, name: form.name, ghlLocationId: form.ghlLocationId, rules: rulesOf(body), enabled: form.enabled !== undefined || enabledDefault };
}

/** The create form as account fields: empty secrets and location are simply not given. */
function newAccountFields(body: unknown): Record<string, unknown> {
  const form = readForm(body);
  const rules = rulesOf(body);
  return {
    slug: form.slug ?? '', name: form.name ?? '', mpAccessToken: form.mpAccessToken, mpWebhookSecrets: form.mpWebhookSecrets, ghlToken: form.ghlToken, ghlWorkflowSecret: form.ghlWorkflowSecret,
    ghlLocationId: form.ghlLocationId, rules: rules === undefined || rules.trim() === '' ? undefined : rules, enabled: form.enabled !== undefined,
  };
}

/** The edit form as changes: an empty secret is kept (never echoed, so never re-sent); an empty location or rules clears them. */
function changedFields(body: unknown): Record<string, unknown> {
  const form = readForm(body);
  const rules = rulesOf(body);
  return {
    name: form.name ?? '', mpAccessToken: form.mpAccessToken, ghlToken: form.ghlToken, ghlWorkflowSecret: form.ghlWorkflowSecret,
    mpWebhookSecrets: form.clearWebhookSecrets !== undefined ? [] : form.mpWebhookSecrets,
    ghlLocationId: form.ghlLocationId ?? null, rules: rules === undefined || rules.trim() === '' ? null : rules,
  };
}

/** The message of a refused form, or rethrows anything else. */
function inputErrorMessage(err: unknown): string {
  if (err instanceof AccountInputError) return err.message;
  throw err;
}

/**
 * `/admin/accounts` (the operator only): the list with the add form, one account with its edit form, and the buttons
 * to disable / enable it, test its credentials and issue or withdraw its viewer token. Every POST carries the session's
 * CSRF token (checked before these routes). Secret fields are write-only: empty keeps the stored value.
 */
export function createAccountRoutes(ctx: AdminContext): express.Router {
  const router = express.Router();
  const { deps } = ctx;
  const { store } = deps;
  const baseUrl = (req: Request) => publicBaseUrl(deps.config, req);
  const csrfOf = (res: Response) => ctx.session(res).csrfToken;
  /** The page's language and the session's CSRF token, which every page here takes. */
  const shell = (res: Response) => ({ i18n: ctx.i18n(res), csrfToken: csrfOf(res) });
  const noSuchAccount = (res: Response) => {
    const { t } = ctx.i18n(res);
    ctx.page(res, 404, renderErrorPage({ ...shell(res), title: t('accounts.noSuch'), message: t('accounts.noSuchText') }));
  };

  /** The account the path names, or null after answering 404. */
  const find = async (req: Request, res: Response): Promise<AccountRecord | null> => {
    const slug = String(req.params.slug);
    const account = ACCOUNT_SLUG.test(slug) ? await store.getAccount(slug) : null;
    if (!account) noSuchAccount(res);
    return account;
  };
  const done = (req: Request, res: Response) => {
    const key = readFormParams(req.query, ['done']).done;
    return key !== undefined && Object.hasOwn(DONE, key) ? ctx.i18n(res).t(DONE[key]) : undefined;
  };

  router.get('/accounts', async (req, res) => {
    const accounts = await store.listAccounts();
    const created = readFormParams(req.query, ['slug']).slug;
    const message = done(req, res);
    ctx.page(res, 200, renderAccountsPage({
      ...shell(res), accounts, baseUrl: baseUrl(req),
      notice: message && created && ACCOUNT_SLUG.test(created) ? `${created}: ${message}` : message,
    }));
  });

  router.post('/accounts', async (req, res) => {
    let fields: AccountFields & { slug: string; name: string };
    const refuse = async (status: number, error: string) => {
      ctx.page(res, status, renderAccountsPage({
        ...shell(res), accounts: await store.listAccounts(), baseUrl: baseUrl(req), form: { values: redisplayed(req.body, false), error },
      }));
    };
    try {
      fields = parseNewAccount(newAccountFields(req.body));
    } catch (err) {
      await refuse(400, inputErrorMessage(err));
      return;
    }
    const write = await addAccount(deps, fields);
    if (write.state !== 'ok') {
      await refuse(409, ctx.i18n(res).t('accounts.slugTaken', { slug: fields.slug }));
      return;
    }
    await auditAccountChange(deps, req, null, write.account.slug, 'add', fields);
    res.redirect(303, `/admin/accounts${toQueryString({ done: 'created', slug: write.account.slug })}`);
  });

  router.get('/accounts/:slug', async (req, res) => {
    const account = await find(req, res);
    if (account) ctx.page(res, 200, renderAccountPage({ ...shell(res), account, baseUrl: baseUrl(req), notice: done(req, res) }));
  });

  router.post('/accounts/:slug', async (req, res) => {
    const account = await find(req, res);
    if (!account) return;
    let changes: AccountFields;
    try {
      changes = parseAccountChanges(changedFields(req.body), account.slug);
    } catch (err) {
      const form = { values: redisplayed(req.body, account.enabled), error: inputErrorMessage(err) };
      ctx.page(res, 400, renderAccountPage({ ...shell(res), account, baseUrl: baseUrl(req), form }));
      return;
    }
    const write = await changeAccount(deps, account.slug, changes);
    if (write.state !== 'ok') {
      noSuchAccount(res);
      return;
    }
    await auditAccountChange(deps, req, null, account.slug, 'update', changes);
    res.redirect(303, `/admin/accounts/${account.slug}?done=updated`);
  });

  for (const [action, enabled] of [['disable', false], ['enable', true]] as const) {
    router.post(`/accounts/:slug/${action}`, async (req, res) => {
      const account = await find(req, res);
      if (!account) return;
      if ((await changeAccount(deps, account.slug, { enabled })).state === 'ok') await auditAccountChange(deps, req, null, account.slug, action);
      // back where the button was: the list, or the account's page
      const fromList = /\/admin\/accounts\/?(\?.*)?$/.test(req.get('referer') ?? '');
      res.redirect(303, fromList ? `/admin/accounts${toQueryString({ done: `${action}d`, slug: account.slug })}` : `/admin/accounts/${account.slug}?done=${action}d`);
    });
  }

  router.post('/accounts/:slug/test', async (req, res) => {
    const account = await find(req, res);
    if (!account) return;
    const result = await testAccount({ config: deps.config, secrets: deps.secrets, now: deps.now }, account);
    // the account's own secrets are scrubbed from the page too (an upstream's error text could quote one)
    const page = renderAccountPage({ ...shell(res), account, baseUrl: baseUrl(req), checks: result.checks });
    const scrub = result.secrets.flatMap((secret) => [secret, escapeHtml(secret)]);
    ctx.page(res, 200, scrub.reduce((text, secret) => text.split(secret).join('[redacted]'), page));
  });

  router.post('/accounts/:slug/viewer-token', async (req, res) => {
    const account = await find(req, res);
    if (!account) return;
    const issued = await issueViewerToken(deps, account.slug);
    if (!issued) {
      noSuchAccount(res);
      return;
    }
    await auditAccountChange(deps, req, null, account.slug, 'viewer-token');
    // shown in this answer only (not a redirect: the token must not end up in a URL or the history)
    ctx.page(res, 200, renderAccountPage({ ...shell(res), account: issued.account, baseUrl: baseUrl(req), viewerToken: issued.token }));
  });

  router.post('/accounts/:slug/viewer-token/withdraw', async (req, res) => {
    const account = await find(req, res);
    if (!account) return;
    if (await withdrawViewerToken(deps, account.slug)) await auditAccountChange(deps, req, null, account.slug, 'viewer-token-withdraw');
    res.redirect(303, `/admin/accounts/${account.slug}?done=withdrawn`);
  });

  return router;
}
