import type { RequestHandler } from 'express';
import { SESSION_COOKIE, SessionSigner } from '../auth/admin-session';
import { readCookie } from '../auth/read-cookie';
import { toQueryString } from './components';

/**
 * Dashboard pages need a valid session cookie: without one a page request is sent to the login page (keeping where it
 * was going) and a data request (`*.json`) gets 401. The session is left in `res.locals.session`.
 */
export function requireSession(signer: SessionSigner, now: () => number): RequestHandler {
  return (req, res, next) => {
    const session = signer.verify(readCookie(req, SESSION_COOKIE), now());
    if (session) {
      res.locals.session = session;
      next();
      return;
    }
    if (req.path.endsWith('.json')) {
      res.status(401).json({ error: 'unauthorized: sign in at /admin/login' });
      return;
    }
    const next_ = req.method === 'GET' ? `${req.baseUrl}${req.url}` : undefined;
    res.redirect(303, `${req.baseUrl}/login${toQueryString({ next: next_ && next_ !== '/admin/' ? next_ : undefined })}`);
  };
}
