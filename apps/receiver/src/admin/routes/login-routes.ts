import express, { Request } from 'express';
import { clearSessionCookie, setSessionCookie } from '../../auth/session-cookie';
import { tokensMatch } from '../../auth/tokens-match';
import type { AdminContext } from '../admin-context';
import { renderErrorPage } from '../pages/error-page';
import { renderLoginPage } from '../pages/login-page';
import { safeNext } from '../safe-next';

/**
 * `GET/POST /admin/login` (before the session check). A wrong token counts towards the address's throttle; an
 * address over it gets 429 with Retry-After, even with the right token. Every sign-in, refused or not, is logged
 * with the address and the outcome (never the token).
 */
export function createLoginRoutes(ctx: AdminContext, form: express.RequestHandler): express.Router {
  const router = express.Router();
  const { deps } = ctx;

  router.get('/login', (req, res) => {
    ctx.page(res, 200, renderLoginPage({ next: safeNext(req.query.next) }));
  });

  router.post('/login', form, async (req: Request, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    if (!await ctx.throttle.admit(req, res, '/admin/login')) {
      const error = `Too many wrong tokens from your address. Try again in ${res.get('Retry-After')} seconds.`;
      ctx.page(res, res.statusCode, renderLoginPage({ next, error }));
      return;
    }
    if (!tokensMatch(typeof body.token === 'string' ? body.token.trim() : undefined, deps.adminToken)) {
      await ctx.throttle.recordFailure(req, '/admin/login');
      ctx.page(res, 401, renderLoginPage({ next, error: 'That token is not the admin token.' }));
      return;
    }
    if (!deps.isDatabaseReady()) {
      ctx.page(res, 503, renderErrorPage({ title: 'Database not ready', message: 'The database schema is not migrated yet; the receiver keeps retrying. Sign in again in a moment.' }));
      return;
    }
    const { cookie } = await ctx.sessions.open(req.ip, deps.now());
    setSessionCookie(req, res, cookie);
    deps.logger.info('dashboard sign-in', { ip: req.ip, route: '/admin/login', outcome: 'signed_in' });
    res.redirect(303, next);
  });

  return router;
}

/** `POST /admin/logout` (after the session and CSRF checks): ends the session in the database, then drops the cookie. */
export function createLogoutRoute(ctx: AdminContext): express.Router {
  return express.Router().post('/logout', async (req, res) => {
    await ctx.sessions.revoke(ctx.session(res), ctx.deps.now());
    clearSessionCookie(req, res);
    ctx.deps.logger.info('dashboard sign-out', { ip: req.ip, outcome: 'signed_out' });
    res.redirect(303, '/admin/login');
  });
}
