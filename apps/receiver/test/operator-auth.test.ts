import express from 'express';
import request from 'supertest';
import { tokensMatch } from '../src';
import { ADMIN_TOKEN, BEARER, createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

const API_ROUTES: Array<[string, string]> = [
  ['get', '/api/webhook-events'], ['get', '/api/webhook-events/1'], ['post', '/api/webhook-events/1/retry'],
  ['post', '/api/webhook-events/retry?status=failed'], ['get', '/api/payments'], ['get', '/api/payments/1'],
  ['post', '/api/payments'], ['get', '/api/stats'], ['get', '/api/no-such-route'], ['delete', '/api/webhook-events/1'],
];
const ADMIN_PAGES = ['/admin', '/admin/', '/admin/events', '/admin/events/1', '/admin/events/retry?status=failed', '/admin/payments', '/admin/payments/1', '/admin/nowhere'];

describe('operator access control', () => {
  let f: OperatorFixture;
  const metrics = express.Router().get('/', (_req, res) => { res.type('text').send('ghl_payments_up 1\n'); });
  // Every route is tried with several wrong tokens from one address: far more than the sign-in throttle allows
  // (test/security/token-guessing.test.ts covers the throttle).
  beforeAll(async () => { f = await createOperatorFixture({}, { metrics, throttle: { failures: 1000 } }); });
  afterAll(async () => { await f.t.destroy(); });

  it.each(API_ROUTES)('refuses %s %s without the token, with a wrong one or another scheme', async (method, path) => {
    const call = (auth?: string) => {
      const req = (request(f.app) as unknown as Record<string, (p: string) => request.Test>)[method](path);
      return auth ? req.set('Authorization', auth) : req;
    };
    for (const auth of [undefined, 'Bearer wrong-token-wrong-token', `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`, ADMIN_TOKEN, `Bearer ${ADMIN_TOKEN}x`, 'Bearer ']) {
      const res = await call(auth);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body).toEqual({ error: expect.stringMatching(/unauthorized/) });
    }
  });

  it('lets the right bearer token in (scheme in any case)', async () => {
    expect((await request(f.app).get('/api/stats').set('Authorization', BEARER)).status).toBe(200);
    expect((await request(f.app).get('/api/stats').set('Authorization', `bearer ${ADMIN_TOKEN}`)).status).toBe(200);
    expect((await request(f.app).get('/api/no-such-route').set('Authorization', BEARER)).status).toBe(404);
  });

  it.each(ADMIN_PAGES)('sends %s to the login page without a session', async (path) => {
    const res = await request(f.app).get(path);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/admin\/login/);
    const page = await request(f.app).get(res.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="token"');
  });

  it('refuses dashboard POSTs and data without a session, and ignores the bearer token there', async () => {
    const post = await request(f.app).post('/admin/events/1/retry').set('Authorization', BEARER).type('form').send({});
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe('/admin/login');
    const data = await request(f.app).get('/admin/stats.json').set('Authorization', BEARER);
    expect(data.status).toBe(401);
  });

  it('guards /metrics with the token unless METRICS_PUBLIC=true', async () => {
    expect((await request(f.app).get('/metrics')).status).toBe(401);
    const ok = await request(f.app).get('/metrics').set('Authorization', BEARER);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('ghl_payments_up');
    const open = await createOperatorFixture({ METRICS_PUBLIC: 'true' }, { metrics });
    try {
      expect((await request(open.app).get('/metrics')).status).toBe(200);
    } finally {
      await open.t.destroy();
    }
  });

  it('keeps /webhooks/mp and /healthz open', async () => {
    expect((await request(f.app).get('/healthz')).status).toBe(200);
    expect((await request(f.app).post('/webhooks/mp?topic=payment&id=123')).status).toBe(200);
  });

  it('sets security headers on API answers and dashboard pages', async () => {
    const api = await request(f.app).get('/api/stats').set('Authorization', BEARER);
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['cache-control']).toBe('no-store');
    const page = await request(f.app).get('/admin/login');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['cache-control']).toBe('no-store');
  });
});

describe('tokensMatch', () => {
  it('matches only the exact token, whatever the lengths', () => {
    expect(tokensMatch(ADMIN_TOKEN, ADMIN_TOKEN)).toBe(true);
    expect(tokensMatch(`${ADMIN_TOKEN} `, ADMIN_TOKEN)).toBe(false);
    expect(tokensMatch(ADMIN_TOKEN.slice(0, -1), ADMIN_TOKEN)).toBe(false);
    expect(tokensMatch('', ADMIN_TOKEN)).toBe(false);
    expect(tokensMatch(undefined, ADMIN_TOKEN)).toBe(false);
    expect(tokensMatch('', '')).toBe(false);
  });
});
