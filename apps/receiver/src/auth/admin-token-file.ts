import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

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
  if (token.length < 16) throw new Error(`${file} does not hold a usable admin token (at least 16 characters); delete it to get a new one`);
  return token;
}

/**
 * ADMIN_TOKEN when set; otherwise the token kept in `<dataDir>/admin-token`, generated (mode 0600) on first start.
 * Two processes starting at once agree: the file is created exclusively and the loser reads the winner's token.
 */
export function ensureAdminToken(options: { configured?: string; dataDir: string }): AdminTokenSource {
  if (options.configured) return { token: options.configured, source: 'env' };
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
