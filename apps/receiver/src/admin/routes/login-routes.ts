import express, { Request } from 'express';
import { clearSessionCookie, setSessionCookie } from '../../auth/session-cookie';
import { tokensMatch } from '../../auth/tokens-match';
import type { AdminContext } from '../admin-context';
import { renderLoginPage } from '../pages/login-page';
import { safeNext } from '../safe-next';

/** `GET/POST /admin/login` (before the session check). */
export function createLoginRoutes(ctx: AdminContext, form: express.RequestHandler): express.Router {
  const router = express.Router();
  const { deps } = ctx;

  router.get('/login', (req, res) => {
    ctx.page(res, 200, renderLoginPage({ next: safeNext(req.query.next) }));
  });

  router.post('/login', form, (req: Request, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    if (!tokensMatch(typeof body.token === 'string' ? body.token.trim() : undefined, deps.adminToken)) {
      deps.logger.warn('dashboard login refused: wrong token', { ip: req.ip });
      ctx.page(res, 401, renderLoginPage({ next, error: 'That token is not the admin token.' }));
      return;
    }
    setSessionCookie(req, res, ctx.signer.issue(deps.now()).cookie);
    deps.logger.info('dashboard login', { ip: req.ip });
    res.redirect(303, next);
  });

  return router;
}

/** `POST /admin/logout` (after the session and CSRF checks). */
export function createLogoutRoute(): express.Router {
  return express.Router().post('/logout', (req, res) => {
    clearSessionCookie(req, res);
    res.redirect(303, '/admin/login');
  });
}
