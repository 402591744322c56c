import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, createSilentLogger, loadConfig } from '@ghl-payments/core';
import { buildOperatorRouters, ensureAdminToken, startReceiver } from '@ghl-payments/receiver';
import { BIN, createTestDatabase, findFreePort, runCli, TestDatabase } from '@ghl-payments/test-support';

// The review could guess tokens fast, and nothing stopped an operator from choosing a guessable one. A weak
// ADMIN_TOKEN now stops the start with one line saying what is wrong and how to make a good one.
const WEAK: Array<[string, RegExp]> = [
  ['short-token-123', /it is only 15 characters long/],
  ['password12345678password12345678', /it repeats the same piece of text/],
  ['abababababababababababababababababab', /it uses only 2 different characters/],
  ['abcdefghijklmnopqrstuvwxyz0123456789', /mostly runs of equal or consecutive characters/],
  ['   ', /it is empty/],
];
const ADVICE = /use at least 32 random characters, e.g\. the output of `openssl rand -hex 32`/;

describe('a weak ADMIN_TOKEN is refused at start', () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t.destroy(); });
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-weak-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('ghl-payments runserver exits with one clear line that never shows the token', async () => {
    const token = 'password12345678password12345678';
    const result = await runCli(BIN.ghlPayments, ['runserver', '--port', String(await findFreePort())], { DATABASE_URL: t.url, ADMIN_TOKEN: token, LOG_DIR: path.join(dir, 'logs') });
    expect(result.code).not.toBe(0);
    const output = `${result.stdout}${result.stderr}`;
    const lines = output.split('\n').filter((l) => /ADMIN_TOKEN/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Invalid ADMIN_TOKEN: it repeats the same piece of text/);
    expect(lines[0]).toMatch(ADVICE);
    expect(output).not.toContain(token);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each(WEAK)('refuses %j: %s', async (token, reason) => {
    const config = { ...loadConfig({ DATABASE_URL: t.url, PORT: '0', ADMIN_TOKEN: token }), dataDir: dir };
    const started = startReceiver({ config, logger: createSilentLogger(), store: t.db });
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(reason);
    await expect(started).rejects.toThrow(ADVICE);
    expect(() => ensureAdminToken({ configured: config.operators.adminToken, dataDir: dir })).toThrow(reason);
    expect(() => buildOperatorRouters({ store: t.db, config, logger: createSilentLogger(), adminToken: config.operators.adminToken! })).toThrow(reason);
    expect(fs.readdirSync(dir)).toEqual([]); // no token file written instead
  });

  it('accepts the tokens it recommends and the one it generates', () => {
    for (const token of [
      'f3a91c07d2b84e56a0c9d1e7b3f26a48c5e09d7b1a2f3c4e5d6b7a8c9e0f1d2b', // openssl rand -hex 32
      'Vx8-kQ2_mW9rT4pZ7nB1yH6sL3dF0gJ5cA8eU2iO4qE', // 32 random bytes, base64url
    ]) expect(ensureAdminToken({ configured: token, dataDir: dir })).toEqual({ token, source: 'env' });
    expect(ensureAdminToken({ dataDir: dir }).source).toBe('generated');
    expect(ensureAdminToken({ dataDir: dir }).source).toBe('file');
  });

  it('refuses a weak token kept in the data folder, saying which file to delete', () => {
    fs.writeFileSync(path.join(dir, 'admin-token'), 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n');
    expect(() => ensureAdminToken({ dataDir: dir })).toThrow(/admin-token does not hold a usable admin token \(it uses only 1 different characters\); delete it to get a new one/);
  });
});
