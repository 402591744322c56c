import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '@ghl-payments/store';

/** How long a dashboard login lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'ghlp_admin';

/** A signed-in dashboard session: the hash that names it in the database and the CSRF token its forms must carry. */
export interface AdminSession {
  idHash: string;
  expiresAt: number;
  csrfToken: string;
  /** A viewer's session (signed in with an account's viewer token): the one account it sees. Null: the operator's. */
  account: string | null;
}

/** The column `admin_sessions.client` holds at most this many characters. */
const CLIENT_MAX = 64;

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Server-side, revocable dashboard sessions. The cookie is `<id>.<mac>`: a random 256-bit id and a MAC of it keyed by
 * a hash of the admin token. The database keeps only the SHA-256 of the id (a copy of the table opens no session);
 * every request looks the session up, so logging out ends it at once on every receiver sharing the database. The
 * MAC turns away forged cookies without a query, and cookies issued under a previous ADMIN_TOKEN.
 */
export function createSessionManager(adminToken: string, store: Store) {
  const key = createHash('sha256').update(`ghl-payments admin session\0${adminToken}`, 'utf8').digest();
  const mac = (text: string): string => createHmac('sha256', key).update(text, 'utf8').digest('base64url');
  const equal = (a: string, b: string): boolean => {
    const x = Buffer.from(a, 'utf8');
    const y = Buffer.from(b, 'utf8');
    return x.length === y.length && timingSafeEqual(x, y);
  };
  const csrfFor = (id: string): string => mac(`csrf:${id}`);

  return {
    /**
     * Opens a session for `client` (its address) starting now: the cookie value and the session. With `account`, a
     * viewer's session that sees only that account.
     */
    async open(client: string | undefined, now: number, account: string | null = null): Promise<{ cookie: string; session: AdminSession }> {
      const id = randomBytes(32).toString('base64url');
      const idHash = sha256Hex(id);
      const expiresAt = now + SESSION_TTL_MS;
      await store.createAdminSession({ idHash, client: client ? client.slice(0, CLIENT_MAX) : null, createdAt: now, expiresAt, ...(account ? { account } : {}) });
      return { cookie: `${id}.${mac(`session:${id}`)}`, session: { idHash, expiresAt, csrfToken: csrfFor(id), account } };
    },

    /** The session a cookie names, or null when it is missing, forged, expired or revoked. */
    async find(cookie: string | undefined, now: number): Promise<AdminSession | null> {
      const match = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(cookie ?? '');
      if (!match) return null;
      const [, id, given] = match;
      if (!equal(given, mac(`session:${id}`))) return null;
      const found = await store.findAdminSession(sha256Hex(id), now);
      return found ? { idHash: found.idHash, expiresAt: found.expiresAt, csrfToken: csrfFor(id), account: found.account ?? null } : null;
    },

    /** Ends a session: its cookie no longer opens anything, on any receiver. */
    async revoke(session: AdminSession, now: number): Promise<void> {
      await store.revokeAdminSession(session.idHash, now);
    },

    /** True when `given` is this session's CSRF token. */
    checkCsrf(session: AdminSession, given: unknown): boolean {
      return typeof given === 'string' && equal(given, session.csrfToken);
    },
  };
}

export type SessionManager = ReturnType<typeof createSessionManager>;
