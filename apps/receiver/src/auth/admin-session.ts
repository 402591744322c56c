import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a dashboard login lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'ghlp_admin';

/** A verified dashboard session: its id and the CSRF token its forms must carry. */
export interface AdminSession {
  id: string;
  expiresAt: number;
  csrfToken: string;
}

/**
 * Stateless, signed dashboard sessions: the cookie is `<expiresAt>.<id>.<mac>`, the MAC keyed by a hash of the admin
 * token, so changing ADMIN_TOKEN ends every session and no server-side store is needed (any receiver replica can verify).
 */
export function createSessionSigner(adminToken: string) {
  const key = createHash('sha256').update(`ghl-payments admin session\0${adminToken}`, 'utf8').digest();
  const mac = (text: string): string => createHmac('sha256', key).update(text, 'utf8').digest('base64url');
  const equal = (a: string, b: string): boolean => {
    const x = Buffer.from(a, 'utf8');
    const y = Buffer.from(b, 'utf8');
    return x.length === y.length && timingSafeEqual(x, y);
  };
  const csrfFor = (id: string): string => mac(`csrf:${id}`);

  return {
    /** A new session starting now: the cookie value and the session. */
    issue(now: number): { cookie: string; session: AdminSession } {
      const id = randomBytes(18).toString('base64url');
      const expiresAt = now + SESSION_TTL_MS;
      return { cookie: `${expiresAt}.${id}.${mac(`session:${expiresAt}.${id}`)}`, session: { id, expiresAt, csrfToken: csrfFor(id) } };
    },
    /** The session a cookie proves, or null when it is missing, forged or expired. */
    verify(cookie: string | undefined, now: number): AdminSession | null {
      const match = /^(\d{1,16})\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$/.exec(cookie ?? '');
      if (!match) return null;
      const [, expires, id, given] = match;
      if (!equal(given, mac(`session:${expires}.${id}`))) return null;
      const expiresAt = Number(expires);
      if (expiresAt <= now) return null;
      return { id, expiresAt, csrfToken: csrfFor(id) };
    },
    /** True when `given` is this session's CSRF token. */
    checkCsrf(session: AdminSession, given: unknown): boolean {
      return typeof given === 'string' && equal(given, session.csrfToken);
    },
  };
}

export type SessionSigner = ReturnType<typeof createSessionSigner>;
