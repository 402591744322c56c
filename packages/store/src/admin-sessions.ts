import type { Driver } from './drivers/driver';
import type { AdminSession } from './store';

/** Records a new dashboard session (by the hash of its id: the id itself only ever lives in the browser's cookie). */
export async function createAdminSession(db: Driver, session: AdminSession): Promise<void> {
  await db.knex('admin_sessions').insert({
    id_hash: session.idHash, client: session.client, created_at: session.createdAt, expires_at: session.expiresAt, revoked_at: null,
  });
}

/** The session with this id hash if it is still valid at `now` (not expired, not revoked), else null. */
export async function findAdminSession(db: Driver, idHash: string, now: number): Promise<AdminSession | null> {
  const row = await db.knex('admin_sessions').where('id_hash', idHash).whereNull('revoked_at').andWhere('expires_at', '>', now).first();
  return row ? { idHash: String(row.id_hash), client: row.client ?? null, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) } : null;
}

/** Ends a session at once (logout); sessions long expired are removed on the way. */
export async function revokeAdminSession(db: Driver, idHash: string, now: number): Promise<void> {
  await db.knex('admin_sessions').where('id_hash', idHash).update({ revoked_at: now });
  await db.knex('admin_sessions').where('expires_at', '<', now - 24 * 60 * 60 * 1000).delete();
}
