import express, { ErrorRequestHandler } from 'express';
import { QueryError } from '../api/query-error';
import { sendJson } from '../api/send-json';
import { requireBearerToken } from '../auth/require-bearer-token';
import { createSignInThrottle, SignInThrottle } from '../auth/sign-in-throttle';
import type { OperatorDeps } from '../operator-deps';
import { sendUnavailable } from '../send-unavailable';
import { createApiEventsRouter } from './api-events';
import { createApiPaymentsRouter } from './api-payments';
import { createApiStatsRouter } from './api-stats';
import { createApiReconciliationsRouter } from './api-reconciliations';

/**
 * The operator REST API (mounted at `/api`): bearer token first (wrong tokens throttled per client address), then
 * JSON routes; bad parameters answer 400 naming them.
 */
export function createApiRouter(deps: OperatorDeps, throttle: SignInThrottle = createSignInThrottle({ logger: deps.logger })): express.Router {
  const router = express.Router();
  router.use(requireBearerToken(deps.adminToken, { throttle, route: '/api' }));
  router.use((_req, res, next) => {
    if (deps.isDatabaseReady()) next();
    else sendUnavailable(res, 'database schema not ready');
  });
  router.use(express.json({ limit: '16kb', type: ['application/json', 'application/*+json'] }));
  router.use(createApiEventsRouter(deps));
  router.use(createApiPaymentsRouter(deps));
  router.use(createApiStatsRouter(deps));
  router.use(createApiReconciliationsRouter(deps));
  router.use((_req, res) => { sendJson(res, 404, { error: 'not found' }, deps.secrets); });
  const handleQueryErrors: ErrorRequestHandler = (err, _req, res, next) => {
    if (err instanceof QueryError) sendJson(res, 400, { error: err.message, parameter: err.parameter }, deps.secrets);
    else next(err);
  };
  router.use(handleQueryErrors);
  return router;
}
