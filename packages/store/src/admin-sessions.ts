import type { Driver } from './drivers/driver';
import type { AdminSession } from './store';

/** Records a new dashboard session (by the hash of its id: the id itself only ever lives in the browser's cookie). */
export async function createAdminSession(db: Driver, session: AdminSession): Promise<void> {
  await db.knex('admin_sessions').insert({
    id_hash: session.idHash, client: session.client, created_at: session.createdAt, expires_at: session.expiresAt, revoked_at: null,
    // only a viewer's session names an account: an operator's row is written as before the column existed
    ...(session.account ? { account: session.account } : {}),
  });
}

/** The session with this id hash if it is still valid at `now` (not expired, not revoked), else null. */
export async function findAdminSession(db: Driver, idHash: string, now: number): Promise<AdminSession | null> {
  const row = await db.knex('admin_sessions').where('id_hash', idHash).whereNull('revoked_at').andWhere('expires_at', '>', now).first();
  if (!row) return null;
  return {
    idHash: String(row.id_hash), client: row.client ?? null, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at),
    ...(row.account === null || row.account === undefined ? {} : { account: String(row.account) }),
  };
}

/** Ends a session at once (logout); sessions long expired are removed on the way. */
export async function revokeAdminSession(db: Driver, idHash: string, now: number): Promise<void> {
  await db.knex('admin_sessions').where('id_hash', idHash).update({ revoked_at: now });
  await db.knex('admin_sessions').where('expires_at', '<', now - 24 * 60 * 60 * 1000).delete();
}

/** Ends every live viewer session of one account (operators' sessions, which name no account, are untouched). */
export async function revokeAccountSessions(db: Driver, account: string, now: number): Promise<void> {
  await db.knex('admin_sessions').where('account', account).whereNull('revoked_at').update({ revoked_at: now });
}
