import type { RequestHandler } from 'express';
import { clearSessionCookie } from '../auth/session-cookie';
import type { AdminContext } from './admin-context';
import { renderErrorPage } from './pages/error-page';

/** The dashboard pages a viewer's session may open (paths under /admin): its account's overview, events, payments and payment links. */
const VIEWER_PAGES = [/^\/?$/, /^\/stats\.json$/, /^\/events\/?$/, /^\/events\/\d+\/?$/, /^\/payments\/?$/, /^\/payments\/\d+\/?$/, /^\/payment-links\/?$/];

/** True when a viewer's session may GET this path (relative to /admin). */
export function isViewerPage(path: string): boolean {
  return VIEWER_PAGES.some((page) => page.test(path));
}

/** A sign-in destination a viewer may go to (`/admin…`, as safeNext returns it), or the overview. */
export function viewerNext(next: string): string {
  const path = next.replace(/^\/admin/, '').split(/[?#]/)[0];
  return isViewerPage(path) ? next : '/admin';
}

/**
 * After the session and CSRF checks: a viewer's session (signed in with an account's viewer token) may only read its
 * account's pages and log out; anything else is a 403 page. Its account is checked on every request: once disabled,
 * deleted or its viewer token withdrawn, the session ends (back to the login page).
 */
export function limitViewerPages(ctx: AdminContext): RequestHandler {
  return async (req, res, next) => {
    const session = ctx.session(res);
    if (session.account === null) {
      next();
      return;
    }
    const account = await ctx.deps.store.getAccount(session.account);
    if (!account || !account.enabled || account.viewerTokenHash === null) {
      await ctx.sessions.revoke(session, ctx.deps.now());
      clearSessionCookie(req, res);
      if (req.path.endsWith('.json')) res.status(401).json({ error: 'unauthorized: sign in at /admin/login' });
      else res.redirect(303, '/admin/login');
      return;
    }
    const reading = (req.method === 'GET' || req.method === 'HEAD') && isViewerPage(req.path);
    if (reading || (req.method === 'POST' && req.path === '/logout')) {
      next();
      return;
    }
    const i18n = ctx.i18n(res);
    ctx.page(res, 403, renderErrorPage({
      i18n,
      title: i18n.t('error.viewerOnly'),
      message: i18n.t('error.viewerOnlyText', { account: session.account }),
      csrfToken: session.csrfToken,
      viewer: session.account,
    }));
  };
}
