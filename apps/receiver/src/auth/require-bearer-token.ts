import type { RequestHandler } from 'express';
import { createSignInThrottle, SignInRoute, SignInThrottle } from './sign-in-throttle';
import { tokensMatch } from './tokens-match';

export interface BearerTokenOptions {
  /** Shared by every route that checks the admin token (default: one of its own, which logs nothing). */
  throttle?: SignInThrottle;
  /** Where the guard is mounted, for the log. */
  route?: SignInRoute;
}

/**
 * Lets a request through only with `Authorization: Bearer <ADMIN_TOKEN>`; anything else is a 401 JSON answer. A
 * request that presents a wrong token (any Authorization header) counts towards the address's throttle; an address
 * over it gets 429 with Retry-After, even with the right token.
 */
export function requireBearerToken(adminToken: string, options: BearerTokenOptions = {}): RequestHandler {
  const throttle = options.throttle ?? createSignInThrottle();
  const route = options.route ?? '/api';
  // Express 5 passes a rejected promise on to the error handlers.
  return async (req, res, next) => {
    if (!await throttle.admit(req, res, route)) {
      res.json({ error: 'too many wrong admin tokens from this address: try again after Retry-After seconds' });
      return;
    }
    const given = req.get('authorization');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(given ?? '');
    if (match && tokensMatch(match[1], adminToken)) {
      next();
      return;
    }
    if (given !== undefined) await throttle.recordFailure(req, route);
    res.status(401).set('WWW-Authenticate', 'Bearer realm="ghl-payments"').set('Cache-Control', 'no-store')
      .json({ error: 'unauthorized: send Authorization: Bearer <ADMIN_TOKEN>' });
  };
}
