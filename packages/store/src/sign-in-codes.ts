import type { Driver } from './drivers/driver';

/** A one-time sign-in code as stored: the SHA-256 of the code (the code itself only ever lives in the link). */
export interface SignInCode {
  codeHash: string;
  createdAt: number;
  expiresAt: number;
}

/** Records a new sign-in code; codes expired for a day are removed on the way. */
export async function createSignInCode(db: Driver, code: SignInCode): Promise<void> {
  await db.knex('sign_in_codes').where('expires_at', '<', code.createdAt - 24 * 60 * 60 * 1000).delete();
  await db.knex('sign_in_codes').insert({ code_hash: code.codeHash, created_at: code.createdAt, expires_at: code.expiresAt, used_at: null });
}

/**
 * Uses up the code with this hash: true only for the one call that finds it unused and not expired at `now` (one
 * conditional UPDATE, so two receivers presenting the same code cannot both succeed).
 */
export async function useSignInCode(db: Driver, codeHash: string, now: number): Promise<boolean> {
  const updated = await db.knex('sign_in_codes')
    .where('code_hash', codeHash).whereNull('used_at').andWhere('expires_at', '>', now)
    .update({ used_at: now });
  return Number(updated) === 1;
}
