import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { closeLogger, createLogger, loadConfig, Logger } from '@ghl-payments/core';
import { buildOperatorRouters, createApp } from '@ghl-payments/receiver';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';

// The review found that logging out only cleared the cookie: a copy of it kept working for 12 hours. Sessions now
// live in the database (only the SHA-256 of the cookie's random id), every request looks them up, and logout
// revokes the session on every receiver sharing the database.
const ADMIN_TOKEN = 'logout-test-admin-token-W3nQ8kR5xZ1mT7vB';
const HOURS_12 = 12 * 60 * 60 * 1000;

interface Receiver {
  base: string;
  close(): Promise<void>;
}

describe('logging out ends the dashboard session', () => {
  let t: TestDatabase;
  let logDir: string;
  let logger: Logger;
  const receivers: Receiver[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-logout-'));
    // No secrets given to the logger: if the token or a session id reached a log line, it would be there in clear.
    logger = createLogger({ dir: logDir, console: false, level: 'info' });
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await closeLogger(logger);
    fs.rmSync(logDir, { recursive: true, force: true });
    await t.destroy();
  });

  /** A real receiver on the shared test database (several of them act as replicas behind a load balancer). */
  async function start(adminToken = ADMIN_TOKEN): Promise<Receiver> {
    const config = loadConfig({ DATABASE_URL: t.url, ADMIN_TOKEN: adminToken });
    const routers = buildOperatorRouters({ store: t.db, config, logger, adminToken });
    const server = http.createServer(createApp({ store: t.db, config, logger, routers }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = {
      base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      async close() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
    receivers.push(receiver);
    return receiver;
  }

  async function signIn(r: Receiver, token = ADMIN_TOKEN): Promise<{ cookie: string; csrf: string }> {
    const res = await fetch(`${r.base}/admin/login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, next: '/admin/events' }).toString(),
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const page = await fetch(`${r.base}/admin/events`, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
    return { cookie, csrf };
  }

  const get = (r: Receiver, p: string, cookie: string) => fetch(`${r.base}${p}`, { headers: { cookie }, redirect: 'manual' });
  const post = (r: Receiver, p: string, cookie: string, form: Record<string, string>) => fetch(`${r.base}${p}`, {
    method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(),
  });

  it('the old cookie gets the login page after logout, on every receiver', async () => {
    const a = await start();
    const b = await start();
    const { cookie, csrf } = await signIn(a);
    expect((await get(b, '/admin', cookie)).status).toBe(200); // a replica sees the same session
    expect((await post(a, '/admin/logout', cookie, {})).status).toBe(403); // CSRF still guards logout
    const out = await post(a, '/admin/logout', cookie, { _csrf: csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^ghlp_admin=; /);
    for (const r of [a, b]) {
      const page = await get(r, '/admin/events', cookie);
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toMatch(/^\/admin\/login/);
      expect((await get(r, '/admin/stats.json', cookie)).status).toBe(401);
      const retry = await post(r, '/admin/events/retry', cookie, { _csrf: csrf, status: 'failed' });
      expect(retry.status).toBe(303);
      expect(retry.headers.get('location')).toBe('/admin/login');
    }
  });

  it('keeps only the SHA-256 of the random session id, for 12 hours', async () => {
    const r = await start();
    const before = Date.now();
    const { cookie } = await signIn(r);
    const value = cookie.slice('ghlp_admin='.length);
    const id = value.split('.')[0];
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    const row = await t.db.knex('admin_sessions').where('id_hash', createHash('sha256').update(id).digest('hex')).first();
    expect(row).toBeDefined();
    expect(Number(row.expires_at) - Number(row.created_at)).toBe(HOURS_12);
    expect(Number(row.created_at)).toBeGreaterThanOrEqual(before);
    expect(row.client).toMatch(/127\.0\.0\.1/);
    const everything = JSON.stringify(await t.db.knex('admin_sessions').select());
    expect(everything).not.toContain(id);
    expect(everything).not.toContain(ADMIN_TOKEN);
  });

  it('a session revoked in the database, or signed under a previous ADMIN_TOKEN, opens nothing', async () => {
    const r = await start();
    const first = await signIn(r);
    const id = first.cookie.slice('ghlp_admin='.length).split('.')[0];
    await t.db.revokeAdminSession(createHash('sha256').update(id).digest('hex'), Date.now());
    expect((await get(r, '/admin', first.cookie)).status).toBe(303);
    const second = await signIn(r);
    const rotated = await start('logout-test-rotated-token-H6pV2xK9qM4wZ8nR');
    expect((await get(rotated, '/admin', second.cookie)).status).toBe(303);
  });

  it('logs every sign-in, refused or not, with the address and outcome, never the token or session id', async () => {
    const r = await start();
    const refused = await fetch(`${r.base}/admin/login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: `${ADMIN_TOKEN}-wrong` }).toString(),
    });
    expect(refused.status).toBe(401);
    const { cookie, csrf } = await signIn(r);
    await post(r, '/admin/logout', cookie, { _csrf: csrf });
    await closeLogger(logger);
    const lines = fs.readFileSync(path.join(logDir, 'webhook.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    logger = createLogger({ dir: logDir, console: false, level: 'info' }); // for afterAll
    expect(lines).toEqual(expect.arrayContaining([
      expect.objectContaining({ level: 'warn', route: '/admin/login', outcome: 'wrong_token', ip: expect.stringMatching(/127\.0\.0\.1/) }),
      expect.objectContaining({ level: 'info', route: '/admin/login', outcome: 'signed_in', ip: expect.stringMatching(/127\.0\.0\.1/) }),
      expect.objectContaining({ level: 'info', outcome: 'signed_out', ip: expect.stringMatching(/127\.0\.0\.1/) }),
    ]));
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    expect(text).not.toContain(ADMIN_TOKEN);
    expect(text).not.toContain(cookie.slice('ghlp_admin='.length).split('.')[0]);
  });
});
