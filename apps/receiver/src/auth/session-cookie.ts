import type { Request, Response } from 'express';
import { SESSION_COOKIE, SESSION_TTL_MS } from './admin-session';

/**
 * Cookie attributes: HttpOnly, SameSite=Strict, limited to /admin, Secure when the request came over HTTPS
 * (`req.secure`: direct TLS, or X-Forwarded-Proto from a proxy trusted through TRUST_PROXY).
 */
function attributes(req: Request, maxAgeSeconds: number): string {
  return `Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${req.secure ? '; Secure' : ''}`;
}

/** Sets the session cookie. */
export function setSessionCookie(req: Request, res: Response, value: string): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=${value}; ${attributes(req, Math.floor(SESSION_TTL_MS / 1000))}`);
}

/** Removes the session cookie. */
export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=; ${attributes(req, 0)}`);
}
