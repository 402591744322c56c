import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, CliProcess, createTestDatabase, findFreePort, startCli, TestDatabase } from '@ghl-payments/test-support';

const ADMIN_TOKEN = 'runserver-admin-token-J5kT8wQ2mX7rV4nB9pL3';

describe('ghl-payments runserver serves the operator API and dashboard', () => {
  let t: TestDatabase;
  let logDir: string;
  let server: CliProcess | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-logs-'));
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await t.destroy();
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  it('answers /api with the token, sends /admin to the login page, and keeps the token out of the log', async () => {
    const port = await findFreePort();
    server = startCli(BIN.ghlPayments, ['runserver', '--port', String(port)], { DATABASE_URL: t.url, ADMIN_TOKEN, LOG_DIR: logDir });
    await server.waitForOutput(/operator dashboard at http:\/\/127\.0\.0\.1:\d+\/admin/, 30_000);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/api/stats`)).status).toBe(401);
    const stats = await fetch(`${base}/api/stats`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({ by_status: { pending: 0 } });
    const admin = await fetch(`${base}/admin/events`, { redirect: 'manual' });
    expect(admin.status).toBe(303);
    expect(admin.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fevents');
    expect((await fetch(`${base}/admin/login`)).status).toBe(200);
    server.child.kill('SIGTERM');
    const result = await server.exited;
    expect(result.code).toBe(0);
    expect(`${result.stdout}${result.stderr}`).not.toContain(ADMIN_TOKEN);
    expect(fs.readFileSync(path.join(logDir, 'webhook.log'), 'utf8')).not.toContain(ADMIN_TOKEN);
  });
});
