import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { closeLogger, createLogger, loadConfig, resolveFromRoot } from '@ghl-payments/core';
import { buildOperatorRouters, createApp } from '@ghl-payments/receiver';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';

// The review found 1,242 wrong dashboard logins and ~2,600 wrong API tokens a second from one client, with the right
// token working straight after. Wrong tokens are now counted per client address across /admin/login, /api and
// /metrics: past 10 a minute, every token attempt from that address gets 429 with Retry-After, the right one too.
const ADMIN_TOKEN = 'guessing-test-admin-token-R7kQ2mW9xT4pZ8vN';
const WRONG = 'guessing-test-admin-token-R7kQ2mW9xT4pZ8vX';

interface Receiver {
  base: string;
  logDir: string;
  /** The JSON lines logged so far (closes the logger: call once, at the end). */
  logLines(): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

describe('guessing the admin token is throttled per client address', () => {
  let t: TestDatabase;
  const started: Receiver[] = [];
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => {
    for (const r of started) await r.close();
    await t.destroy();
  });

  /** A real receiver on a free port; TRUST_PROXY=loopback lets each test speak for several client addresses. */
  async function start(env: Record<string, string> = {}, throttle?: { failures?: number; windowMs?: number }): Promise<Receiver> {
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-guess-'));
    // No secrets given to the logger: if the token reached a log line, it would be there in clear.
    const logger = createLogger({ dir: logDir, console: false, level: 'info' });
    const config = loadConfig({ DATABASE_URL: t.url, ADMIN_TOKEN, TRUST_PROXY: 'loopback', UI_LANGUAGE: 'en', ...env });
    const metrics = express.Router().get('/', (_req, res) => { res.type('text').send('ghl_payments_up 1\n'); });
    const routers = buildOperatorRouters({ store: t.db, config, logger, adminToken: ADMIN_TOKEN, metrics, throttle });
    const server = http.createServer(createApp({ store: t.db, config, logger, routers }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    let closed = false;
    const receiver: Receiver = {
      base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      logDir,
      async logLines() {
        await closeLogger(logger);
        closed = true;
        return fs.readFileSync(path.join(logDir, 'webhook.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      },
      async close() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        if (!closed) await closeLogger(logger);
        fs.rmSync(logDir, { recursive: true, force: true });
      },
    };
    started.push(receiver);
    return receiver;
  }

  const api = (r: Receiver, client: string, token?: string, route = '/api/stats') =>
    fetch(`${r.base}${route}`, { headers: { 'x-forwarded-for': client, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) } });
  const login = (r: Receiver, client: string, token: string) => fetch(`${r.base}/admin/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'x-forwarded-for': client, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/admin' }).toString(),
  });

  it('answers 429 with Retry-After after 10 wrong API tokens, even for the right token; other addresses are not affected', async () => {
    const r = await start();
    for (let i = 0; i < 10; i += 1) expect((await api(r, '198.51.100.1', `${WRONG}${i}`)).status).toBe(401);
    const refused = await api(r, '198.51.100.1', WRONG);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/too many wrong admin tokens/) });
    // a guess cannot be confirmed while blocked
    expect((await api(r, '198.51.100.1', ADMIN_TOKEN)).status).toBe(429);
    expect((await api(r, '198.51.100.2', ADMIN_TOKEN)).status).toBe(200);
  });

  it('shares one count across /admin/login, /api and /metrics', async () => {
    const r = await start();
    const client = '198.51.100.3';
    for (let i = 0; i < 4; i += 1) expect((await login(r, client, `${WRONG}${i}`)).status).toBe(401);
    for (let i = 0; i < 3; i += 1) expect((await api(r, client, `${WRONG}${i}`)).status).toBe(401);
    for (let i = 0; i < 3; i += 1) expect((await api(r, client, `${WRONG}${i}`, '/metrics')).status).toBe(401);
    const page = await login(r, client, ADMIN_TOKEN);
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(await page.text()).toMatch(/Too many wrong tokens from your address\. Try again in \d+ seconds\./);
    expect((await api(r, client, ADMIN_TOKEN, '/metrics')).status).toBe(429);
    expect((await api(r, client, ADMIN_TOKEN)).status).toBe(429);
  });

  it('does not count requests that present no token, nor the open /metrics of METRICS_PUBLIC=true', async () => {
    const r = await start({ METRICS_PUBLIC: 'true' });
    for (let i = 0; i < 15; i += 1) expect((await api(r, '198.51.100.4')).status).toBe(401);
    for (let i = 0; i < 15; i += 1) expect((await api(r, '198.51.100.4', WRONG, '/metrics')).status).toBe(200);
    expect((await api(r, '198.51.100.4', ADMIN_TOKEN)).status).toBe(200);
  });

  it('lets the address try again once the window has passed', async () => {
    const r = await start({}, { failures: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i += 1) expect((await login(r, '198.51.100.5', WRONG)).status).toBe(401);
    expect((await login(r, '198.51.100.5', ADMIN_TOKEN)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const signedIn = await login(r, '198.51.100.5', ADMIN_TOKEN);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('set-cookie')).toMatch(/^ghlp_admin=/);
  });

  it('without TRUST_PROXY, a forged X-Forwarded-For does not make a new client', async () => {
    const r = await start({ TRUST_PROXY: 'false' });
    for (let i = 0; i < 10; i += 1) expect((await api(r, `203.0.113.${i}`, WRONG)).status).toBe(401);
    expect((await api(r, '203.0.113.200', ADMIN_TOKEN)).status).toBe(429);
  });

  it('logs each wrong token and the throttling at warn with the address and route, never the token', async () => {
    const r = await start();
    for (let i = 0; i < 10; i += 1) await api(r, '198.51.100.6', WRONG);
    for (let i = 0; i < 5; i += 1) await login(r, '198.51.100.6', ADMIN_TOKEN);
    await api(r, '198.51.100.6', ADMIN_TOKEN);
    const lines = await r.logLines();
    const wrong = lines.filter((l) => l.outcome === 'wrong_token');
    expect(wrong).toHaveLength(10);
    expect(wrong[9]).toMatchObject({ level: 'warn', ip: '198.51.100.6', route: '/api', failures: 10 });
    const throttled = lines.filter((l) => l.outcome === 'throttled');
    // one line per address and window: a flood of refused attempts must not flood the log
    expect(throttled).toHaveLength(1);
    expect(throttled[0]).toMatchObject({ level: 'warn', ip: '198.51.100.6', route: '/admin/login', retry_after_s: expect.any(Number) });
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    expect(text).not.toContain(WRONG);
    expect(text).not.toContain(ADMIN_TOKEN);
  });
});

describe('the shipped nginx configuration', () => {
  const conf = fs.readFileSync(resolveFromRoot('deploy/nginx/ghl-payments.conf'), 'utf8').replace(/#.*$/gm, '');
  const location = (prefix: string): string => {
    const start = conf.search(new RegExp(`location\\s+${prefix.replace(/[/.]/g, '\\$&')}\\s*\\{`));
    expect(start).toBeGreaterThanOrEqual(0);
    return conf.slice(start, conf.indexOf('}', start));
  };

  it('rate-limits /admin, /admin/login and /api per client address with a burst, and leaves /webhooks/mp alone', () => {
    const zones = [...conf.matchAll(/limit_req_zone\s+\$binary_remote_addr\s+zone=(\w+):\d+m\s+rate=\d+r\/[sm];/g)].map((m) => m[1]);
    expect(zones.length).toBeGreaterThanOrEqual(1);
    for (const prefix of ['/admin', '= /admin/login', '/api']) {
      const block = location(prefix);
      const limits = [...block.matchAll(/limit_req\s+zone=(\w+)\s+burst=\d+/g)].map((m) => m[1]);
      expect({ prefix, limited: limits.length > 0 && limits.every((z) => zones.includes(z)) }).toEqual({ prefix, limited: true });
      expect(block).toMatch(/proxy_pass\s+http:\/\/ghl_payments_receivers;/);
    }
    expect(conf).toMatch(/limit_req_status\s+429;/);
    expect(location('/')).not.toMatch(/limit_req\b/);
  });
});
