import type { RequestHandler } from 'express';
import type { Store } from '@ghl-payments/store';
import { createSignInThrottle, SignInRoute, SignInThrottle } from './sign-in-throttle';
import { tokensMatch } from './tokens-match';
import { findViewerAccount } from './viewer-token';

export interface OperatorTokenOptions {
  adminToken: string;
  store: Store;
  /** False while the schema is not migrated: viewer tokens (kept in the database) cannot be checked then. */
  isDatabaseReady: () => boolean;
  throttle?: SignInThrottle;
  route?: SignInRoute;
}

/**
 * Lets a request through with `Authorization: Bearer <ADMIN_TOKEN>` (full access) or with the viewer token of an
 * enabled account (`res.locals.viewerAccount` is then its slug: what it may read is decided by the router). Anything
 * else is a 401 JSON answer and counts towards the address's throttle, like requireBearerToken.
 */
export function requireOperatorToken(o: OperatorTokenOptions): RequestHandler {
  const throttle = o.throttle ?? createSignInThrottle();
  const route = o.route ?? '/api';
  return async (req, res, next) => {
    if (!await throttle.admit(req, res, route)) {
      res.json({ error: 'too many wrong admin tokens from this address: try again after Retry-After seconds' });
      return;
    }
    const given = req.get('authorization');
    const token = /^Bearer\s+(\S+)\s*$/i.exec(given ?? '')?.[1];
    if (token !== undefined && tokensMatch(token, o.adminToken)) {
      res.locals.viewerAccount = null;
      next();
      return;
    }
    const viewer = token !== undefined && o.isDatabaseReady() ? await findViewerAccount(o.store, token) : null;
    if (viewer) {
      res.locals.viewerAccount = viewer.slug;
      next();
      return;
    }
    if (given !== undefined) await throttle.recordFailure(req, route);
    res.status(401).set('WWW-Authenticate', 'Bearer realm="ghl-payments"').set('Cache-Control', 'no-store')
      .json({ error: 'unauthorized: send Authorization: Bearer <ADMIN_TOKEN> (or an account\'s viewer token)' });
  };
}
