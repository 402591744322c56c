import type { RequestHandler } from 'express';
import { tokensMatch } from './tokens-match';

/** Lets a request through only with `Authorization: Bearer <ADMIN_TOKEN>`; anything else is a 401 JSON answer. */
export function requireBearerToken(adminToken: string): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (match && tokensMatch(match[1], adminToken)) {
      next();
      return;
    }
    res.status(401).set('WWW-Authenticate', 'Bearer realm="ghl-payments"').set('Cache-Control', 'no-store')
      .json({ error: 'unauthorized: send Authorization: Bearer <ADMIN_TOKEN>' });
  };
}
