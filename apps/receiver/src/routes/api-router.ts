import express, { ErrorRequestHandler, RequestHandler } from 'express';
import { ConfigError, SecretBoxError } from '@ghl-payments/core';
import { AccountInputError } from '../accounts/account-input';
import { AccountAccessError, viewerAccountOf } from '../api/account-scope';
import { QueryError } from '../api/query-error';
import { sendJson } from '../api/send-json';
import { requireOperatorToken } from '../auth/require-operator-token';
import { createSignInThrottle, SignInThrottle } from '../auth/sign-in-throttle';
import type { OperatorDeps } from '../operator-deps';
import { sendUnavailable } from '../send-unavailable';
import { createApiEventsRouter } from './api-events';
import { createApiPaymentsRouter } from './api-payments';
import { createApiStatsRouter } from './api-stats';
import { createApiReconciliationsRouter } from './api-reconciliations';
import { createApiAccountsRouter } from './api-accounts';
import { createApiPaymentLinksRouter } from './api-payment-links';
import { createApiAuditRouter } from './api-audit';

/** What a viewer token may do: read its account's events, payments, stats and sweeps (GET; HEAD comes with it). */
const VIEWER_ROUTES = [/^\/webhook-events\/?$/, /^\/webhook-events\/[^/]+\/?$/, /^\/payments\/?$/, /^\/payments\/[^/]+\/?$/, /^\/stats\/?$/, /^\/reconciliations\/?$/, /^\/payment-links\/?$/];

/** Refuses (403) everything a viewer token may not do; the routes it may use narrow their reads to its account. */
function limitViewers(secrets: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const viewer = viewerAccountOf(res);
    if (viewer === null || ((req.method === 'GET' || req.method === 'HEAD') && VIEWER_ROUTES.some((r) => r.test(req.path)))) {
      next();
      return;
    }
    sendJson(res, 403, { error: `forbidden: a viewer token may only read account ${viewer}'s events, payments, stats and reconciliations` }, secrets);
  };
}

/**
 * The operator REST API (mounted at `/api`): bearer token first (wrong tokens throttled per client address): the admin
 * token, or an account's viewer token that may only read that account's data; then JSON routes; bad parameters
 * answer 400 naming them.
 */
export function createApiRouter(deps: OperatorDeps, throttle: SignInThrottle = createSignInThrottle({ logger: deps.logger })): express.Router {
  const router = express.Router();
  router.use(requireOperatorToken({ adminToken: deps.adminToken, store: deps.store, isDatabaseReady: deps.isDatabaseReady, throttle, route: '/api' }));
  router.use((_req, res, next) => {
    if (deps.isDatabaseReady()) next();
    else sendUnavailable(res, 'database schema not ready');
  });
  router.use(limitViewers(deps.secrets));
  router.use(express.json({ limit: '16kb', type: ['application/json', 'application/*+json'] }));
  router.use(createApiEventsRouter(deps));
  router.use(createApiPaymentsRouter(deps));
  router.use(createApiStatsRouter(deps));
  router.use(createApiReconciliationsRouter(deps));
  router.use(createApiAccountsRouter(deps));
  router.use(createApiPaymentLinksRouter(deps));
  router.use(createApiAuditRouter(deps));
  router.use((_req, res) => { sendJson(res, 404, { error: 'not found' }, deps.secrets); });
  const handleQueryErrors: ErrorRequestHandler = (err, _req, res, next) => {
    if (err instanceof QueryError) sendJson(res, 400, { error: err.message, parameter: err.parameter }, deps.secrets);
    else if (err instanceof AccountInputError) sendJson(res, 400, { error: err.message, field: err.field }, deps.secrets);
    else if (err instanceof AccountAccessError) sendJson(res, 403, { error: err.message }, deps.secrets);
    // the accounts' key is missing, unreadable or wrong: the message names the file and the fix, never a secret
    else if (err instanceof ConfigError || err instanceof SecretBoxError) sendJson(res, 500, { error: `accounts' secrets key: ${err.message}` }, deps.secrets);
    else next(err);
  };
  router.use(handleQueryErrors);
  return router;
}
