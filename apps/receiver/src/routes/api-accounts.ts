import express, { Request, Response } from 'express';
import { ACCOUNT_SLUG, AccountRecord } from '@ghl-payments/store';
import { parseAccountChanges, parseNewAccount } from '../accounts/account-input';
import { publicBaseUrl, toAccountJson } from '../accounts/account-json';
import { AccountWrite, addAccount, changeAccount, issueViewerToken, withdrawViewerToken } from '../accounts/manage-accounts';
import { testAccount } from '../accounts/test-account';
import { sendJson } from '../api/send-json';
import type { OperatorDeps } from '../operator-deps';
import { auditAccountChange } from '../audit/operator-audit';

const NO_SUCH_ACCOUNT = { error: 'no such account' };

/**
 * `/api/accounts` (admin token only): list, show, add, change, disable / enable, test the credentials of, and issue or
 * withdraw the viewer token of the agency's accounts (docs/agencies.md). Secrets go in, never out: answers show their
 * last four characters only. Bad bodies answer 400 naming the field (errors thrown as AccountInputError).
 */
export function createApiAccountsRouter(deps: OperatorDeps): express.Router {
  const router = express.Router();
  const { store, secrets } = deps;
  const json = (req: Request, account: AccountRecord, o: { rules?: boolean } = {}) => toAccountJson(account, publicBaseUrl(deps.config, req), o);

  /** The stored account the path names, or null after answering 404 (a malformed slug is simply unknown). */
  const find = async (req: Request, res: Response): Promise<AccountRecord | null> => {
    const slug = String(req.params.slug);
    const account = ACCOUNT_SLUG.test(slug) ? await store.getAccount(slug) : null;
    if (!account) sendJson(res, 404, NO_SUCH_ACCOUNT, secrets);
    return account;
  };
  /** True when the body is JSON; otherwise answers 415. */
  const isJson = (req: Request, res: Response): boolean => {
    if (req.is('application/json')) return true;
    sendJson(res, 415, { error: 'send the account as application/json' }, secrets);
    return false;
  };
  const answer = (req: Request, res: Response, write: AccountWrite, status = 200) => {
    if (write.state === 'not-found') sendJson(res, 404, NO_SUCH_ACCOUNT, secrets);
    else if (write.state === 'taken') sendJson(res, 409, { error: 'an account with this slug already exists', field: 'slug' }, secrets);
    else sendJson(res, status, json(req, write.account, { rules: true }), secrets);
  };

  router.get('/accounts', async (req, res) => {
    const accounts = await store.listAccounts();
    sendJson(res, 200, { data: accounts.map((a) => json(req, a)) }, secrets);
  });

  router.post('/accounts', async (req, res) => {
    if (!isJson(req, res)) return;
    const fields = parseNewAccount(req.body);
    const write = await addAccount(deps, fields);
    if (write.state === 'ok') res.location(`${req.baseUrl}/accounts/${write.account.slug}`);
    if (write.state === 'ok') await auditAccountChange(deps, req, null, write.account.slug, 'add', fields);
    answer(req, res, write, 201);
  });

  router.get('/accounts/:slug', async (req, res) => {
    const account = await find(req, res);
    if (account) sendJson(res, 200, json(req, account, { rules: true }), secrets);
  });

  router.patch('/accounts/:slug', async (req, res) => {
    if (!isJson(req, res)) return;
    const account = await find(req, res);
    if (!account) return;
    const changes = parseAccountChanges(req.body, account.slug);
    const write = await changeAccount(deps, account.slug, changes);
    if (write.state === 'ok') await auditAccountChange(deps, req, null, account.slug, 'update', changes);
    answer(req, res, write);
  });

  for (const [action, enabled] of [['disable', false], ['enable', true]] as const) {
    router.post(`/accounts/:slug/${action}`, async (req, res) => {
      const account = await find(req, res);
      if (!account) return;
      const write = await changeAccount(deps, account.slug, { enabled });
      if (write.state === 'ok') await auditAccountChange(deps, req, null, account.slug, action);
      answer(req, res, write);
    });
  }

  router.post('/accounts/:slug/test', async (req, res) => {
    const account = await find(req, res);
    if (!account) return;
    const result = await testAccount({ config: deps.config, secrets, now: deps.now }, account);
    sendJson(res, 200, { slug: account.slug, ok: result.ok, checks: result.checks }, [...result.secrets, ...secrets]);
  });

  router.post('/accounts/:slug/viewer-token', async (req, res) => {
    const account = await find(req, res);
    if (!account) return;
    const issued = await issueViewerToken(deps, account.slug);
    if (issued) await auditAccountChange(deps, req, null, account.slug, 'viewer-token');
    if (!issued) sendJson(res, 404, NO_SUCH_ACCOUNT, secrets);
    // the one answer that holds a secret: the new token, shown this once (only its hash is kept)
    else sendJson(res, 201, { token: issued.token, account: json(req, issued.account) }, secrets);
  });

  router.delete('/accounts/:slug/viewer-token', async (req, res) => {
    const account = await find(req, res);
    if (!account) return;
    const updated = await withdrawViewerToken(deps, account.slug);
    if (updated) await auditAccountChange(deps, req, null, account.slug, 'viewer-token-withdraw');
    if (updated) sendJson(res, 200, json(req, updated), secrets);
    else sendJson(res, 404, NO_SUCH_ACCOUNT, secrets);
  });

  return router;
}
