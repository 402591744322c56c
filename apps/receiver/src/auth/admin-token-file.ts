import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@ghl-payments/core';
import { adminTokenWeakness, assertStrongAdminToken } from './admin-token-strength';

export const ADMIN_TOKEN_FILE = 'admin-token';

/** Where the admin token came from: the environment, the data folder, or generated just now. */
export interface AdminTokenSource {
  token: string;
  source: 'env' | 'file' | 'generated';
  /** The file holding it (source file or generated). */
  file?: string;
}

/** 32 random bytes, URL-safe (43 characters). */
export function generateAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

function readTokenFile(file: string): string {
  const token = fs.readFileSync(file, 'utf8').trim();
  const weakness = adminTokenWeakness(token);
  if (weakness) throw new ConfigError(`${file} does not hold a usable admin token (${weakness}); delete it to get a new one`);
  return token;
}

/**
 * ADMIN_TOKEN when set; otherwise the token kept in `<dataDir>/admin-token`, generated (mode 0600) on first start.
 * Two processes starting at once agree: the file is created exclusively and the loser reads the winner's token.
 * A guessable token is refused with a ConfigError saying what is wrong and how to make a good one (checked here, where
 * the token is put to use, because a secret's parse error is reported without its message).
 */
export function ensureAdminToken(options: { configured?: string; dataDir: string }): AdminTokenSource {
  if (options.configured !== undefined) {
    assertStrongAdminToken(options.configured);
    return { token: options.configured, source: 'env' };
  }
  const file = path.join(options.dataDir, ADMIN_TOKEN_FILE);
  if (fs.existsSync(file)) return { token: readTokenFile(file), source: 'file', file };
  fs.mkdirSync(options.dataDir, { recursive: true });
  const token = generateAdminToken();
  try {
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { token: readTokenFile(file), source: 'file', file };
    throw err;
  }
  fs.chmodSync(file, 0o600);
  return { token, source: 'generated', file };
}
