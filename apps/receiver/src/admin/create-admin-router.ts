import express, { ErrorRequestHandler } from 'express';
import { ConfigError, SecretBoxError } from '@ghl-payments/core';
import { AccountAccessError } from '../api/account-scope';
import { QueryError } from '../api/query-error';
import { AdminSession, createSessionManager } from '../auth/admin-session';
import { createSignInThrottle, SignInThrottle } from '../auth/sign-in-throttle';
import type { OperatorDeps } from '../operator-deps';
import { createAdminContext } from './admin-context';
import { createAdminAssetsRouter } from './admin-assets';
import { adminContentSecurityPolicy, adminNoStore } from './admin-security-headers';
import { checkCsrf } from './check-csrf';
import { renderErrorPage } from './pages/error-page';
import { requireSession } from './require-session';
import { limitViewerPages } from './viewer-pages';
import { createAccountRoutes } from './routes/account-routes';
import { createAuditRoutes } from './routes/audit-routes';
import { createEventRoutes } from './routes/event-routes';
import { createLoginRoutes, createLogoutRoute } from './routes/login-routes';
import { createOverviewRoutes } from './routes/overview-routes';
import { createPaymentRoutes } from './routes/payment-routes';
import { createPaymentLinkRoutes } from './routes/payment-link-routes';

/**
 * `/admin`: the server-rendered dashboard. Public assets and the login form first; everything else needs a live
 * session (kept in the database, so the schema must be ready), and every POST the session's CSRF token.
 */
export function createAdminRouter(deps: OperatorDeps, throttle: SignInThrottle = createSignInThrottle({ logger: deps.logger })): express.Router {
  const ctx = createAdminContext(deps, createSessionManager(deps.adminToken, deps.store), throttle);
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 });
  const csrfOf = (res: express.Response) => (res.locals.session as AdminSession | undefined)?.csrfToken;
  const viewerOf = (res: express.Response) => (res.locals.session as AdminSession | undefined)?.account ?? null;
  const router = express.Router();

  router.use(adminContentSecurityPolicy);
  router.use('/assets', createAdminAssetsRouter());
  router.use(adminNoStore);
  router.use(createLoginRoutes(ctx, form));
  router.use((_req, res, next) => {
    if (deps.isDatabaseReady()) next();
    else ctx.page(res, 503, renderErrorPage({ title: 'Database not ready', message: 'The database schema is not migrated yet; the receiver keeps retrying. Reload in a moment.' }));
  });
  router.use(requireSession(ctx.sessions, deps.now));
  router.use(checkCsrf(ctx, form));
  // a viewer's session (an account's viewer token): its account's pages only
  router.use(limitViewerPages(ctx));
  router.use(createLogoutRoute(ctx));
  router.use(createOverviewRoutes(ctx));
  router.use(createEventRoutes(ctx));
  router.use(createPaymentRoutes(ctx));
  router.use(createPaymentLinkRoutes(ctx));
  router.use(createAccountRoutes(ctx));
  router.use(createAuditRoutes(ctx));
  router.use((_req, res) => {
    ctx.page(res, 404, renderErrorPage({ title: 'Not found', message: 'There is no such dashboard page.', csrfToken: csrfOf(res), viewer: viewerOf(res) }));
  });

  const handleErrors: ErrorRequestHandler = (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof AccountAccessError) {
      ctx.page(res, 403, renderErrorPage({ title: 'Not your account', message: `You can only see account ${err.account}.`, csrfToken: csrfOf(res), viewer: viewerOf(res) }));
      return;
    }
    if (err instanceof ConfigError || err instanceof SecretBoxError) {
      // the accounts' key is missing, unreadable or wrong: the message names the file and the fix, never a secret
      ctx.page(res, 500, renderErrorPage({ title: 'The accounts\' secrets key cannot be used', message: err.message, csrfToken: csrfOf(res), viewer: viewerOf(res) }));
      return;
    }
    const status = err instanceof QueryError ? 400 : (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = err instanceof QueryError ? err.message : 'The request could not be read.';
      ctx.page(res, status, renderErrorPage({ title: 'Bad request', message, csrfToken: csrfOf(res), viewer: viewerOf(res) }));
      return;
    }
    deps.logger.error('dashboard page failed', { path: req.path, error: (err as Error)?.message ?? String(err) });
    ctx.page(res, 500, renderErrorPage({ title: 'Something went wrong', message: 'The page could not be built; the error is in the receiver log.', csrfToken: csrfOf(res), viewer: viewerOf(res) }));
  };
  router.use(handleErrors);
  return router;
}
