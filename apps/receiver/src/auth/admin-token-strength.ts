import { ConfigError } from '@ghl-payments/core';

/** The shortest admin token accepted. */
export const ADMIN_TOKEN_MIN_LENGTH = 32;
/** How to make a good one (shown in every refusal). */
export const ADMIN_TOKEN_ADVICE = 'use at least 32 random characters, e.g. the output of `openssl rand -hex 32`';

/** The fewest different characters a token may use (a random 32-character hex string has about 14). */
const MIN_DISTINCT = 8;
/** A piece this long appearing twice means a repeated pattern (vanishingly unlikely in random text). */
const REPEAT_LENGTH = 8;

/**
 * What makes a token guessable, in words that never quote it, or undefined when it looks random enough: too short,
 * too few different characters, a piece of text repeated (`password12345678password12345678`), or mostly (two
 * thirds) runs of equal or consecutive characters (`aaaa…`, `0123…`, `abcd…`).
 */
export function adminTokenWeakness(token: string): string | undefined {
  if (token.length === 0) return 'it is empty';
  if (token.length < ADMIN_TOKEN_MIN_LENGTH) return `it is only ${token.length} characters long`;
  const distinct = new Set(token).size;
  if (distinct < MIN_DISTINCT) return `it uses only ${distinct} different characters`;
  const pieces = new Set<string>();
  for (let i = 0; i + REPEAT_LENGTH <= token.length; i += 1) {
    const piece = token.slice(i, i + REPEAT_LENGTH);
    if (pieces.has(piece)) return 'it repeats the same piece of text';
    pieces.add(piece);
  }
  let steps = 0;
  for (let i = 1; i < token.length; i += 1) if (Math.abs(token.charCodeAt(i) - token.charCodeAt(i - 1)) <= 1) steps += 1;
  if (steps * 3 > (token.length - 1) * 2) return 'it is mostly runs of equal or consecutive characters';
  return undefined;
}

/** Throws a ConfigError naming ADMIN_TOKEN, what makes it guessable and how to make a good one (never the token). */
export function assertStrongAdminToken(token: string): void {
  const weakness = adminTokenWeakness(token);
  if (weakness) throw new ConfigError(`Invalid ADMIN_TOKEN: ${weakness}; ${ADMIN_TOKEN_ADVICE}`);
}
