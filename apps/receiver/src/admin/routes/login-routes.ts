import express, { Request, Response } from 'express';
import { clearSessionCookie, setSessionCookie } from '../../auth/session-cookie';
import { looksLikeSignInCode, redeemSignInCode } from '../../auth/sign-in-code';
import { tokensMatch } from '../../auth/tokens-match';
import { findViewerAccount } from '../../auth/viewer-token';
import type { AdminContext } from '../admin-context';
import { renderErrorPage } from '../pages/error-page';
import { renderLoginPage, renderSignInCodePage } from '../pages/login-page';
import { safeNext } from '../safe-next';
import { viewerNext } from '../viewer-pages';
import { auditOperator } from '../../audit/operator-audit';

/** The throttle's Retry-After (seconds) as a number, so the page writes it the locale's way. */
function retryAfterOf(res: Response): number | string {
  const header = String(res.get('Retry-After') ?? '');
  return /^\d+$/.test(header) ? Number(header) : header;
}

/**
 * `GET/POST /admin/login` and `POST /admin/login/code` (before the session check). A wrong token, or a sign-in code
 * that is unknown, used or expired, counts towards the address's throttle; an address over it gets 429 with
 * Retry-After, even with the right token. Every sign-in, refused or not, is logged with the address and the outcome
 * (never the token or the code).
 */
export function createLoginRoutes(ctx: AdminContext, form: express.RequestHandler): express.Router {
  const router = express.Router();
  const { deps } = ctx;

  router.get('/login', (req, res) => {
    // a one-time link lands here; its code is posted by the page, so a link preview cannot use it up
    const i18n = ctx.i18n(res);
    if (looksLikeSignInCode(req.query.code)) ctx.page(res, 200, renderSignInCodePage({ i18n, code: req.query.code }));
    else ctx.page(res, 200, renderLoginPage({ i18n, next: safeNext(req.query.next) }));
  });

  router.post('/login/code', form, async (req: Request, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const i18n = ctx.i18n(res);
    const { t } = i18n;
    if (!await ctx.throttle.admit(req, res, '/admin/login/code')) {
      const error = t('login.tooManyCodes', { seconds: retryAfterOf(res) });
      ctx.page(res, res.statusCode, renderLoginPage({ i18n, next: '/admin', error }));
      return;
    }
    if (!deps.isDatabaseReady()) {
      ctx.page(res, 503, renderErrorPage({ i18n, title: t('error.databaseNotReady'), message: t('login.notReadyLink') }));
      return;
    }
    if (!await redeemSignInCode(deps.store, body.code, deps.now())) {
      await ctx.throttle.recordFailure(req, '/admin/login/code');
      deps.logger.warn('dashboard sign-in refused', { ip: req.ip, route: '/admin/login/code', outcome: 'used_or_expired_code' });
      ctx.page(res, 401, renderLoginPage({ i18n, next: '/admin', error: t('login.codeUsed') }));
      return;
    }
    const { cookie } = await ctx.sessions.open(req.ip, deps.now());
    setSessionCookie(req, res, cookie);
    deps.logger.info('dashboard sign-in', { ip: req.ip, route: '/admin/login/code', outcome: 'signed_in', method: 'one-time link' });
    await auditOperator(deps, req, null, { action: 'sign-in', target: '/admin/login/code', detail: { method: 'one-time link' } });
    res.redirect(303, '/admin');
  });

  router.post('/login', form, async (req: Request, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    const i18n = ctx.i18n(res);
    const { t } = i18n;
    if (!await ctx.throttle.admit(req, res, '/admin/login')) {
      const error = t('login.tooManyTokens', { seconds: retryAfterOf(res) });
      ctx.page(res, res.statusCode, renderLoginPage({ i18n, next, error }));
      return;
    }
    const token = typeof body.token === 'string' ? body.token.trim() : undefined;
    const isAdmin = tokensMatch(token, deps.adminToken);
    // an account's viewer token opens a session that sees only that account (its hash is looked up in the database)
    const viewer = !isAdmin && token && deps.isDatabaseReady() ? await findViewerAccount(deps.store, token) : null;
    if (!isAdmin && !viewer) {
      await ctx.throttle.recordFailure(req, '/admin/login');
      ctx.page(res, 401, renderLoginPage({ i18n, next, error: t('login.wrongToken') }));
      return;
    }
    if (!deps.isDatabaseReady()) {
      ctx.page(res, 503, renderErrorPage({ i18n, title: t('error.databaseNotReady'), message: t('login.notReadySignIn') }));
      return;
    }
    const { cookie } = await ctx.sessions.open(req.ip, deps.now(), viewer ? viewer.slug : null);
    setSessionCookie(req, res, cookie);
    deps.logger.info('dashboard sign-in', { ip: req.ip, route: '/admin/login', outcome: 'signed_in', ...(viewer ? { viewer: viewer.slug } : {}) });
    await auditOperator(deps, req, viewer ? viewer.slug : null, { action: 'sign-in', target: '/admin/login', detail: { method: 'token' } });
    // a viewer is not sent on to the operator's pages (they would only be refused): to its account's overview instead
    res.redirect(303, viewer ? viewerNext(next) : next);
  });

  return router;
}

/** `POST /admin/logout` (after the session and CSRF checks): ends the session in the database, then drops the cookie. */
export function createLogoutRoute(ctx: AdminContext): express.Router {
  return express.Router().post('/logout', async (req, res) => {
    await ctx.sessions.revoke(ctx.session(res), ctx.deps.now());
    clearSessionCookie(req, res);
    ctx.deps.logger.info('dashboard sign-out', { ip: req.ip, outcome: 'signed_out' });
    await auditOperator(ctx.deps, req, ctx.viewer(res), { action: 'sign-out', target: '/admin/logout' });
    res.redirect(303, '/admin/login');
  });
}
