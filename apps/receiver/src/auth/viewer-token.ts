import { createHash, randomBytes } from 'node:crypto';
import type { AccountRecord, Store } from '@ghl-payments/store';

/** Every viewer token this receiver issues starts with this (tokens made elsewhere are accepted whatever they look like). */
export const VIEWER_TOKEN_PREFIX = 'ghlv_';

/** The SHA-256 (hex) a viewer token is stored as (`accounts.viewer_token_hash`): the token itself is never stored. */
export function hashViewerToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random viewer token (256 bits) and its hash. */
export function createViewerToken(): { token: string; hash: string } {
  const token = `${VIEWER_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashViewerToken(token) };
}

/**
 * The enabled account whose viewer token this is, or null (no such token, or its account is disabled). Found by the
 * token's SHA-256, so the lookup reveals nothing usable about other tokens.
 */
export async function findViewerAccount(store: Store, token: string | undefined): Promise<AccountRecord | null> {
  if (!token) return null;
  const account = await store.findAccountByViewerToken(hashViewerToken(token));
  return account?.enabled ? account : null;
}
