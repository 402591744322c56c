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
import { createLanguageRoutes } from './routes/language-routes';
import { pickLanguage } from './i18n/pick-language';
import { createI18n, I18n } from './i18n/translator';

/**
 * `/admin`: the server-rendered dashboard. Public assets and the login form first; everything else needs a live
 * session (kept in the database, so the schema must be ready), and every POST the session's CSRF token.
 */
export function createAdminRouter(deps: OperatorDeps, throttle: SignInThrottle = createSignInThrottle({ logger: deps.logger })): express.Router {
  const ctx = createAdminContext(deps, createSessionManager(deps.adminToken, deps.store), throttle);
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 });
  const csrfOf = (res: express.Response) => (res.locals.session as AdminSession | undefined)?.csrfToken;
  const viewerOf = (res: express.Response) => (res.locals.session as AdminSession | undefined)?.account ?? null;
  // one translator per language (the time zone is the deployment's)
  const translators = new Map<string, I18n>();
  const router = express.Router();

  router.use(adminContentSecurityPolicy);
  router.use('/assets', createAdminAssetsRouter());
  router.use(adminNoStore);
  router.use((req, res, next) => {
    const language = pickLanguage(req, deps.config.ui.language);
    let i18n = translators.get(language);
    if (!i18n) translators.set(language, i18n = createI18n(language, deps.config.ui.timeZone));
    res.locals.i18n = i18n;
    next();
  });
  router.use(createLanguageRoutes());
  router.use(createLoginRoutes(ctx, form));
  router.use((_req, res, next) => {
    const { t } = ctx.i18n(res);
    if (deps.isDatabaseReady()) next();
    else ctx.page(res, 503, renderErrorPage({ i18n: ctx.i18n(res), title: t('error.databaseNotReady'), message: t('error.databaseNotReadyText') }));
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
    const i18n = ctx.i18n(res);
    ctx.page(res, 404, renderErrorPage({ i18n, title: i18n.t('error.notFound'), message: i18n.t('error.notFoundText'), csrfToken: csrfOf(res), viewer: viewerOf(res) }));
  });

  const handleErrors: ErrorRequestHandler = (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const i18n = ctx.i18n(res);
    const { t } = i18n;
    const shell = { i18n, csrfToken: csrfOf(res), viewer: viewerOf(res) };
    if (err instanceof AccountAccessError) {
      ctx.page(res, 403, renderErrorPage({ ...shell, title: t('error.notYourAccount'), message: t('error.notYourAccountText', { account: err.account }) }));
      return;
    }
    if (err instanceof ConfigError || err instanceof SecretBoxError) {
      // the accounts' key is missing, unreadable or wrong: the message names the file and the fix, never a secret
      ctx.page(res, 500, renderErrorPage({ ...shell, title: t('error.secretsKey'), message: err.message }));
      return;
    }
    const status = err instanceof QueryError ? 400 : (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = err instanceof QueryError ? err.message : t('error.unreadable');
      ctx.page(res, status, renderErrorPage({ ...shell, title: t('error.badRequest'), message }));
      return;
    }
    deps.logger.error('dashboard page failed', { path: req.path, error: (err as Error)?.message ?? String(err) });
    ctx.page(res, 500, renderErrorPage({ ...shell, title: t('error.failed'), message: t('error.failedText') }));
  };
  router.use(handleErrors);
  return router;
}
