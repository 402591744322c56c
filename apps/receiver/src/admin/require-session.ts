import type { RequestHandler } from 'express';
import { SESSION_COOKIE, SessionManager } from '../auth/admin-session';
import { readCookie } from '../auth/read-cookie';
import { toQueryString } from './components';

/**
 * Dashboard pages need a live session (looked up in the database on every request, so a logout or an expiry takes
 * effect at once): without one a page request is sent to the login page (keeping where it was going) and a data
 * request (`*.json`) gets 401. The session is left in `res.locals.session`.
 */
export function requireSession(sessions: SessionManager, now: () => number): RequestHandler {
  // Express 5 passes a rejected promise (the database failing) on to the error handlers.
  return async (req, res, next) => {
    const session = await sessions.find(readCookie(req, SESSION_COOKIE), now());
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
