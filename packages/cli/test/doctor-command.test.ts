import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SandboxServers, startSandboxServers } from '@ghl-payments/sandbox';
import { BIN, createTestDatabase, runCli, TestDatabase } from '@ghl-payments/test-support';

describe('ghl-payments doctor', () => {
  let t: TestDatabase;
  let sandbox: SandboxServers;
  let dir: string;
  let good: Record<string, string>;
  const doctor = (env: Record<string, string>) => runCli(BIN.ghlPayments, ['doctor'], env);
  const lines = (stdout: string, mark: string) => stdout.split('\n').filter((l) => l.startsWith(`${mark} `));

  beforeAll(async () => {
    t = await createTestDatabase();
    sandbox = await startSandboxServers({ mercadoPago: { accessToken: 'APP_USR-doctor-mp-token' }, ghl: { token: 'pit-doctor-ghl-token' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-doctor-'));
    good = { ...sandbox.env, DATABASE_URL: t.url, MP_WEBHOOK_SECRET: 'doctor-webhook-secret', LOG_DIR: path.join(dir, 'logs') };
  });
  afterAll(async () => {
    await sandbox.close();
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => { sandbox.mercadoPago.clearFaults(); sandbox.ghl.clearFaults(); });

  it('passes every check against working credentials, a migrated database and a writable log folder', async () => {
    const result = await doctor(good);
    expect(result.code).toBe(0);
    expect(lines(result.stdout, '✗')).toEqual([]);
    expect(lines(result.stdout, '!')).toEqual([]);
    expect(lines(result.stdout, '✓').map((l) => l.replace(/\(.*\)|"[^"]*"/g, '').replace(/\s+/g, ' ').trim())).toEqual([
      '✓ configuration is valid',
      '✓ MP_ACCESS_TOKEN, GHL_API_TOKEN and GHL_LOCATION_ID are set',
      '✓ database reachable',
      '✓ database schema up to date',
      '✓ MercadoPago accepted MP_ACCESS_TOKEN: account TESTUSER123456789',
      '✓ clock agrees with MercadoPago',
      '✓ GoHighLevel accepted GHL_API_TOKEN for location',
      expect.stringMatching(/^✓ [\d.]+ GB free for the data folder$/),
      expect.stringMatching(/^✓ log folder \/.*logs will be created on first start$/),
    ]);
    expect(result.stdout).toContain('location "Sandbox Location" (loc-test)');
    expect(result.stdout).toContain('rotated at 20m, 10 files kept');
    expect(result.stdout).toMatch(/All checks passed\.\n$/);
    expect(result.stdout + result.stderr).not.toMatch(/doctor-(mp|ghl)-token|doctor-webhook-secret/);
  });

  it('fails, saying what to fix, when MercadoPago and GoHighLevel refuse the credentials', async () => {
    fs.mkdirSync(good.LOG_DIR, { recursive: true });
    const result = await doctor({ ...good, MP_ACCESS_TOKEN: 'APP_USR-revoked-token', GHL_API_TOKEN: 'pit-revoked-token', LOG_MAX_SIZE: '1m', LOG_MAX_FILES: '3' });
    expect(result.code).toBe(1);
    expect(lines(result.stdout, '✗')).toEqual([
      expect.stringMatching(/^✗ MercadoPago refused the credentials on GET \/users\/me \(HTTP 401: .*\): check MP_ACCESS_TOKEN$/),
      expect.stringMatching(/^✗ GoHighLevel refused the credentials on GET \/locations\/loc-test \(HTTP 401: .*\): check GHL_API_TOKEN/),
    ]);
    expect(result.stdout).toMatch(/→ MP_ACCESS_TOKEN is the Access Token in MercadoPago: Your integrations/);
    expect(result.stdout).toMatch(/→ GHL_API_TOKEN is a Private Integration token of location loc-test/);
    expect(result.stdout).toContain('✓ clock agrees with MercadoPago');
    expect(result.stdout).toMatch(/✓ log folder writable: .*logs \(rotated at 1m, 3 files kept\)/);
    expect(result.stdout).toMatch(/2 problems to fix \(✗\): fix the ✗ lines above/);
    expect(result.stdout).not.toContain('revoked-token');
  });

  it('reports missing credentials, a missing secret and pending migrations', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      await fresh.db.knex.raw('select 1');
      const result = await doctor({ DATABASE_URL: fresh.url, LOG_DIR: good.LOG_DIR });
      expect(result.code).toBe(1);
      expect(lines(result.stdout, '✗')).toEqual(['✗ MP_ACCESS_TOKEN is not set', '✗ GHL_API_TOKEN is not set', '✗ GHL_LOCATION_ID is not set']);
      expect(lines(result.stdout, '!')).toEqual([
        '! MP_WEBHOOK_SECRET is not set: notifications are accepted without checking their signature',
        expect.stringMatching(/^! \d+ database migrations pending: \d+_/),
        '! MercadoPago not contacted and clock not checked: MP_ACCESS_TOKEN is not set',
      ]);
      expect(result.stdout).toContain('→ run `ghl-payments migrate`');
      expect(result.stdout).toContain('→ copy the Access Token from MercadoPago');
      expect(result.stdout).toContain('3 problems to fix (✗) and 3 warnings (!) worth a look');
    } finally {
      await fresh.destroy();
    }
  });

  it('warns when the clock is more than a minute off MercadoPago\'s', async () => {
    sandbox.mercadoPago.fail({ path: '/users/me', headers: { Date: new Date(Date.now() + 5 * 60_000).toUTCString() } });
    const result = await doctor(good);
    expect(result.code).toBe(0);
    expect(lines(result.stdout, '!')).toEqual([expect.stringMatching(/^! this machine's clock is (29\d|300|30\d) s behind MercadoPago$/)]);
    expect(result.stdout).toContain('→ enable time synchronisation');
  });

  it('tells a token without the locations.readonly scope apart from a wrong token', async () => {
    sandbox.ghl.fail({ path: '/locations/:locationId', status: 401, body: { statusCode: 401, message: 'The token is not authorized for this scope.' } });
    const result = await doctor(good);
    expect(result.code).toBe(1);
    expect(lines(result.stdout, '✗')).toEqual([expect.stringMatching(/^✗ GoHighLevel refused the credentials on GET \/locations\/loc-test .*not authorized for this scope/)]);
    expect(result.stdout).toContain('→ give the Private Integration the locations.readonly scope too');
  });

  it('stops at an invalid configuration, and reports an unreachable database, a missing SQLite file and an unusable log folder', async () => {
    const notAFolder = path.join(dir, 'a-file');
    fs.writeFileSync(notAFolder, '');
    const missing = path.join(dir, 'nowhere', 'db.sqlite3');
    const [invalid, unreachable, absent] = await Promise.all([
      doctor({ ...good, RETRY_SCHEDULE: '1m,soon' }),
      doctor({ ...good, DATABASE_URL: 'postgres://doctor:db-password-1@127.0.0.1:1/nothing', DB_CONNECT_TIMEOUT: '2s' }),
      doctor({ ...good, DATABASE_URL: missing, LOG_DIR: notAFolder }),
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout.trim().split('\n')[0]).toMatch(/^✗ configuration is invalid: Invalid RETRY_SCHEDULE: "soon" is not a duration/);
    expect(lines(invalid.stdout, '✓')).toEqual([]);
    expect(unreachable.code).toBe(1);
    expect(lines(unreachable.stdout, '✗')).toEqual([expect.stringMatching(/^✗ database unreachable \(postgres:\/\/doctor:[^@]+@127\.0\.0\.1:1\/nothing\): .*ECONNREFUSED/)]);
    expect(unreachable.stdout).not.toContain('db-password-1');
    expect(absent.code).toBe(1);
    expect(absent.stdout).toContain(`! the database file ${missing} does not exist yet`);
    expect(fs.existsSync(missing)).toBe(false);
    expect(lines(absent.stdout, '✗')).toEqual([`✗ LOG_DIR ${notAFolder} is not a folder`]);
  });
});
