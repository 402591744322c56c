import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@ghl-payments/core';
import { BIN, findFreePort, runCli, startCli } from '@ghl-payments/test-support';
import { findCredentialWarnings } from '../src/find-credential-warnings';

describe('placeholders and test credentials are named at start and by doctor', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-placeholders-'));
    env = { DATABASE_URL: path.join(dir, 'db.sqlite3'), LOG_DIR: path.join(dir, 'logs'), ADMIN_TOKEN: 'an-admin-token-of-enough-length-Xq7Rk2' };
  });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('start refuses the .env.example placeholder with one line naming the variable (not "Invalid character in header content" later)', async () => {
    const result = await runCli(BIN.ghlPayments, ['start'], { ...env, MP_ACCESS_TOKEN: 'APP_USR-123…' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'ghl-payments: MP_ACCESS_TOKEN is a placeholder, not a real value: it is still the example value from .env.example ("APP_USR-123…"); '
      + 'set it to the Access Token from MercadoPago (Your integrations → your application → Production credentials), or remove the line from .env',
    ]);
  });

  it('doctor shows the placeholder as the one ✗', async () => {
    const result = await runCli(BIN.ghlPayments, ['doctor'], { ...env, MP_WEBHOOK_SECRET: 'your_secret_key_here' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✗ configuration is invalid: MP_WEBHOOK_SECRET is a placeholder, not a real value: it is still the example value/m);
  });

  it('start says once that a TEST- credential against MercadoPago\'s real API sends no notifications', async () => {
    const port = await findFreePort();
    const app = startCli(BIN.ghlPayments, ['start'], { ...env, PORT: String(port), MP_ACCESS_TOKEN: 'TEST-4522-120611-abcdef' });
    try {
      await app.waitForOutput(/polling/);
    } finally {
      app.child.kill('SIGINT');
    }
    const result = await app.exited;
    expect(result.stderr.match(/test credential/g)).toHaveLength(1);
    expect(result.stderr).toContain('warning: MP_ACCESS_TOKEN is a MercadoPago test credential (TEST-…): fine for trying things, '
      + 'but MercadoPago sends no notifications for test payments');
  });

  describe('findCredentialWarnings: what "production-looking" means', () => {
    const warnings = (extra: Record<string, string>) => findCredentialWarnings(loadConfig({ DATABASE_URL: ':memory:', MP_ACCESS_TOKEN: 'TEST-1-abc', ...extra }));

    it('says nothing against the sandbox or for a production credential', () => {
      expect(warnings({ MP_API_URL: 'http://127.0.0.1:9999' })).toEqual([]);
      expect(warnings({ MP_ACCESS_TOKEN: 'APP_USR-1-abc', HOST: '0.0.0.0' })).toEqual([]);
    });

    it('calls it fine for testing on a local set-up', () => {
      expect(warnings({})).toEqual([expect.stringContaining('fine for trying things')]);
    });

    it.each([
      [{ HOST: '0.0.0.0' }, 'HOST=0.0.0.0'],
      [{ TRUST_PROXY: 'loopback' }, 'TRUST_PROXY is set'],
      [{ PUBLIC_URL: 'https://pagos.example.com' }, 'PUBLIC_URL is https'],
    ])('calls it a likely mistake when %j', (extra, sign) => {
      expect(warnings(extra)).toEqual([expect.stringContaining(`looks like production (${sign})`)]);
      expect(warnings(extra)[0]).toContain('use the production Access Token (APP_USR-…)');
    });
  });
});
