import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '@ghl-payments/store';

/** How long a sign-in link works (once). */
export const SIGN_IN_CODE_TTL_MS = 10 * 60 * 1000;

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A code as it appears in a link: 32 characters of base64url (192 random bits). */
const CODE_SHAPE = /^[A-Za-z0-9_-]{32}$/;

/**
 * Issues a one-time sign-in link to the dashboard (`<dashboard>/login?code=…`): a random code, not the admin token,
 * valid once and for SIGN_IN_CODE_TTL_MS. The database keeps only the code's SHA-256, so any receiver sharing it can
 * honour the link and a copy of the table opens nothing.
 */
export async function issueSignInLink(store: Store, dashboardUrl: string, now: number): Promise<{ url: string; expiresAt: number }> {
  const code = randomBytes(24).toString('base64url');
  const expiresAt = now + SIGN_IN_CODE_TTL_MS;
  await store.createSignInCode({ codeHash: sha256Hex(code), createdAt: now, expiresAt });
  return { url: `${dashboardUrl}/login?code=${code}`, expiresAt };
}

/** Uses up a code from a link: true once, for a code issued here that has not expired; false for anything else. */
export async function redeemSignInCode(store: Store, code: unknown, now: number): Promise<boolean> {
  if (typeof code !== 'string' || !CODE_SHAPE.test(code)) return false;
  return store.useSignInCode(sha256Hex(code), now);
}

/** True when `code` has the shape of a sign-in code (what the login page accepts from a link before posting it). */
export function looksLikeSignInCode(code: unknown): code is string {
  return typeof code === 'string' && CODE_SHAPE.test(code);
}
