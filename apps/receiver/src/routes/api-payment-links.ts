import express from 'express';
import { loadAccountsKey } from '@ghl-payments/core';
import { createPaymentLink, parsePaymentLinkRequest, PaymentLinkInputError } from '@ghl-payments/pipeline';
import { createAccountDirectory, DEFAULT_ACCOUNT, PAYMENT_LINK_STATES, PaymentLinkFilter, PaymentLinkState } from '@ghl-payments/store';
import { scopeAccount, viewerAccountOf } from '../api/account-scope';
import { parseAccountParam } from '../api/parse-account';
import { PAGE_PARAMS } from '../api/parse-event-query';
import { parsePage } from '../api/parse-page';
import { QueryError } from '../api/query-error';
import { readParams } from '../api/read-params';
import { sendJson } from '../api/send-json';
import type { OperatorDeps } from '../operator-deps';
import { createPaymentLinkRuntimes, isRuntimeMissing, PaymentLinkRuntimes } from '../payment-links/link-runtimes';
import { sendLinkError, toCreatedLinkJson, toPaymentLinkJson } from '../payment-links/payment-link-json';

export const PAYMENT_LINK_FILTER_PARAMS = ['account', 'contact', 'state'] as const;

/** The fields `POST /api/payment-links` takes. */
const BODY_FIELDS = ['contactId', 'title', 'amount', 'currency', 'quantity', 'expiresIn', 'externalReference', 'account'];

/** Reads `account`, `contact` and `state` plus `limit` / `offset`. */
export function parsePaymentLinkQuery(params: Record<string, string | undefined>): { filter: PaymentLinkFilter; page: ReturnType<typeof parsePage> } {
  const filter: PaymentLinkFilter = {};
  const account = parseAccountParam(params.account);
  if (account !== undefined) filter.account = account;
  const contact = params.contact?.trim();
  if (contact) {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(contact)) throw new QueryError('contact', 'must be a GoHighLevel contact id (letters, digits, - or _)');
    filter.contactId = contact;
  }
  const state = params.state?.trim().toLowerCase();
  if (state) {
    if (!(PAYMENT_LINK_STATES as readonly string[]).includes(state)) throw new QueryError('state', `must be one of ${PAYMENT_LINK_STATES.join(', ')}`);
    filter.state = state as PaymentLinkState;
  }
  return { filter, page: parsePage(params) };
}

/**
 * `/api/payment-links` (docs/payment-links.md): create a MercadoPago payment link for a GoHighLevel contact, and list
 * the links with their state. `runtimes` gives each account's clients (built on first use when not given).
 */
export function createApiPaymentLinksRouter(deps: OperatorDeps, given?: PaymentLinkRuntimes): express.Router {
  const router = express.Router();
  const { store, logger, secrets } = deps;
  let runtimes = given;
  const runtimesOf = (): PaymentLinkRuntimes => {
    runtimes ??= createPaymentLinkRuntimes({
      store, config: deps.config, accounts: createAccountDirectory(store, () => loadAccountsKey(deps.config, { create: false }).box),
    });
    return runtimes;
  };

  router.get('/payment-links', async (req, res) => {
    const { filter, page } = parsePaymentLinkQuery(readParams(req.query, [...PAYMENT_LINK_FILTER_PARAMS, ...PAGE_PARAMS]));
    const account = scopeAccount(viewerAccountOf(res), filter.account);
    const result = await store.listPaymentLinks(account === undefined ? filter : { ...filter, account }, page, deps.now());
    sendJson(res, 200, { data: result.data.map(toPaymentLinkJson), total: result.total, limit: page.limit, offset: page.offset }, secrets);
  });

  router.post('/payment-links', async (req, res) => {
    if (!req.is('application/json')) {
      sendJson(res, 415, { error: 'send the payment link as application/json' }, secrets);
      return;
    }
    const body = req.body as unknown;
    let answerSecrets = secrets;
    try {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PaymentLinkInputError('(body)', 'must be a JSON object');
      const fields = body as Record<string, unknown>;
      const unknown = Object.keys(fields).find((k) => !BODY_FIELDS.includes(k));
      if (unknown !== undefined) throw new PaymentLinkInputError(unknown.slice(0, 40), `is not a known field (expected ${BODY_FIELDS.join(', ')})`);
      if (fields.account !== undefined && typeof fields.account !== 'string') throw new PaymentLinkInputError('account', 'must be an account slug');
      const account = readAccount(fields.account as string | undefined);
      const request = parsePaymentLinkRequest(fields);
      const runtime = await runtimesOf().runtimeOf(account);
      if (isRuntimeMissing(runtime)) {
        if (runtime.missing === 'unreadable') throw runtime.error;
        throw new PaymentLinkInputError('account', `no enabled account "${account}" (see GET /api/accounts)`);
      }
      answerSecrets = [...secrets, ...runtime.secrets];
      const { link } = await createPaymentLink(request, { source: 'api' }, {
        store, config: runtime.config, clients: runtime.clients, account, now: deps.now, logger,
      });
      res.location(`${req.baseUrl}/payment-links?contact=${encodeURIComponent(link.contactId)}`);
      sendJson(res, 201, toCreatedLinkJson(link), answerSecrets);
    } catch (err) {
      if (!sendLinkError(res, err, answerSecrets)) throw err;
    }
  });

  return router;
}

/** The body's `account` (default: the environment's shop); a malformed one is a field error like any other. */
function readAccount(raw: string | undefined): string {
  try {
    return parseAccountParam(raw) ?? DEFAULT_ACCOUNT;
  } catch (err) {
    if (err instanceof QueryError) throw new PaymentLinkInputError('account', err.message.replace(/^invalid [^:]+: /, ''));
    throw err;
  }
}
