import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { AuditRecord } from '@ghl-payments/store';
import { emailSha256 } from '@ghl-payments/store';
import { findTextEverywhere, seedBuyerEverywhere, seedEvent } from '@ghl-payments/test-support';
import { hashViewerToken } from '../src';
import { checkSchema, Schema } from './helpers/check-schema';
import { TEST_SECRETS_KEY } from './helpers/fake-upstreams';
import { ADMIN_TOKEN, BEARER, createOperatorFixture, csrfOf, OperatorFixture, signIn } from './helpers/operator-fixture';

const spec = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }> }>>;
  components: { schemas: Record<string, Schema> };
};
const fitsDoc = (body: unknown, p: string, method: string, status: number) =>
  checkSchema(body, spec.paths[p][method].responses[String(status)].content!['application/json']!.schema, spec.components.schemas);

const NOW = Date.UTC(2026, 11, 9, 12, 0, 0);
const VIEWER_TOKEN = 'ghlv_audit-test-viewer-token-Qm2xK9vR4pL8sW3n';
const WRONG_TOKEN = 'wrong-token-that-must-never-be-recorded-7Yt3';
const BUYER = 'Ana.Perez@Example.com';

describe('the audit log: recorded by the operators\' actions, shown read-only to the operator', () => {
  let f: OperatorFixture;
  /** The entries recorded since `after` (an id), oldest first. */
  const entriesAfter = async (after: number): Promise<AuditRecord[]> =>
    (await f.t.db.listAudit({}, { limit: 500, offset: 0 })).data.filter((e) => e.id > after).reverse();
  const lastId = async () => (await f.t.db.listAudit({}, { limit: 1, offset: 0 })).data[0]?.id ?? 0;

  beforeAll(async () => {
    f = await createOperatorFixture({ SECRETS_KEY: TEST_SECRETS_KEY }, { now: NOW });
    await f.t.db.createAccount({
      slug: 'acme', name: 'Acme', enabled: true, viewerTokenHash: hashViewerToken(VIEWER_TOKEN),
    }, NOW);
  });
  afterAll(async () => { await f.t.destroy(); });

  it('records dashboard sign-ins (admin and viewer), refused ones without the token, and sign-outs', async () => {
    const start = await lastId();
    const refused = await request(f.app).post('/admin/login').type('form').send({ token: WRONG_TOKEN, next: '/admin' });
    expect(refused.status).toBe(401);
    const { agent, csrf } = await signIn(f.app);
    const viewer = request.agent(f.app);
    expect((await viewer.post('/admin/login').type('form').send({ token: VIEWER_TOKEN })).status).toBe(303);
    expect((await agent.post('/admin/logout').type('form').send({ _csrf: csrf })).status).toBe(303);
    const code = await request(f.app).post('/admin/login/code').type('form').send({ code: 'A'.repeat(43) });
    expect(code.status).toBe(401);

    const entries = await entriesAfter(start);
    expect(entries.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['anonymous', 'sign-in-failed', '/admin/login'],
      ['admin', 'sign-in', '/admin/login'],
      ['viewer:acme', 'sign-in', '/admin/login'],
      ['admin', 'sign-out', '/admin/logout'],
      ['anonymous', 'sign-in-failed', '/admin/login/code'],
    ]);
    expect(entries[0]).toMatchObject({ detail: { reason: 'wrong_token' }, client: expect.stringMatching(/127\.0\.0\.1|::1/), at: NOW });
    expect(entries[4].detail).toEqual({ reason: 'used_or_expired_code' });
    expect(await findTextEverywhere(f.t.db, WRONG_TOKEN)).toEqual([]);
  });

  it('records a wrong token on the API as a refused sign-in; a right one is not a sign-in (every call carries it)', async () => {
    const start = await lastId();
    expect((await request(f.app).get('/api/stats').set('Authorization', `Bearer ${WRONG_TOKEN}`)).status).toBe(401);
    expect((await request(f.app).get('/api/stats').set('Authorization', BEARER)).status).toBe(200);
    const entries = await entriesAfter(start);
    expect(entries.map((e) => [e.actor, e.action, e.target])).toEqual([['anonymous', 'sign-in-failed', '/api']]);
    expect(JSON.stringify(entries)).not.toContain(WRONG_TOKEN);
  });

  it('records single and bulk retries from the API and the dashboard', async () => {
    const [a, b, c] = [await seedEvent(f.t.db, { status: 'failed' }), await seedEvent(f.t.db, { status: 'failed' }), await seedEvent(f.t.db, { status: 'ignored' })];
    const start = await lastId();
    expect((await request(f.app).post(`/api/webhook-events/${a}/retry`).set('Authorization', BEARER)).status).toBe(200);
    expect((await request(f.app).post('/api/webhook-events/retry?status=failed&dry_run=true').set('Authorization', BEARER)).body).toEqual({ count: 1 });
    expect((await request(f.app).post('/api/webhook-events/retry?status=failed').set('Authorization', BEARER)).body).toEqual({ count: 1 });
    const { agent, csrf } = await signIn(f.app);
    expect((await agent.post(`/admin/events/${c}/retry`).type('form').send({ _csrf: csrf })).status).toBe(303);
    await f.t.db.knex('webhook_events').whereIn('id', [a, b, c]).update({ status: 'failed' });
    expect((await agent.post('/admin/events/retry').type('form').send({ _csrf: csrf, status: 'failed', q: 'ana@example.com' })).status).toBe(303);

    const entries = (await entriesAfter(start)).filter((e) => e.action !== 'sign-in');
    expect(entries.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['admin', 'retry', `event:${a}`],
      ['admin', 'bulk-retry', null],
      ['admin', 'retry', `event:${c}`],
      ['admin', 'bulk-retry', null],
    ]);
    expect(entries[1].detail).toEqual({ count: 1, filter: { statuses: ['failed'] } });
    // a search text shaped like an email is not kept
    expect(entries[3].detail).toEqual({ count: 0, filter: { statuses: ['failed'], search: '[email]' }, from: 'dashboard' });
  });

  it('records account changes from the API and the dashboard, field names only', async () => {
    const start = await lastId();
    expect((await request(f.app).post('/api/accounts').set('Authorization', BEARER).send({ slug: 'globex', name: 'Globex' })).status).toBe(201);
    expect((await request(f.app).patch('/api/accounts/globex').set('Authorization', BEARER).send({ rules: 'rules: []\n' })).status).toBe(200);
    expect((await request(f.app).post('/api/accounts/globex/disable').set('Authorization', BEARER)).status).toBe(200);
    expect((await request(f.app).post('/api/accounts/globex/viewer-token').set('Authorization', BEARER)).status).toBe(201);
    const { agent, csrf } = await signIn(f.app);
    expect((await agent.post('/admin/accounts/globex/enable').type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await agent.post('/admin/accounts/globex').type('form').send({ _csrf: csrf, name: 'Globex Corp' })).status).toBe(303);

    const entries = (await entriesAfter(start)).filter((e) => e.action !== 'sign-in');
    expect(entries.map((e) => [e.action, e.target, e.detail?.change])).toEqual([
      ['account-change', 'account:globex', 'add'],
      ['rules-change', 'account:globex', 'update'],
      ['account-change', 'account:globex', 'disable'],
      ['account-change', 'account:globex', 'viewer-token'],
      ['account-change', 'account:globex', 'enable'],
      ['account-change', 'account:globex', 'update'],
    ]);
    expect(entries[0].detail).toEqual({ change: 'add', fields: ['name'] });
    expect(entries[5].detail?.fields).toEqual(expect.arrayContaining(['name']));
  });

  describe('GET /api/audit', () => {
    it('lists the log newest first, paginated like /api/webhook-events, in the documented shape', async () => {
      const res = await request(f.app).get('/api/audit?limit=2').set('Authorization', BEARER);
      expect(res.status).toBe(200);
      expect(fitsDoc(res.body, '/api/audit', 'get', 200)).toEqual([]);
      expect(res.body).toMatchObject({ limit: 2, offset: 0, total: expect.any(Number) });
      expect(res.body.data).toHaveLength(2);
      expect(res.body.data[0].id).toBeGreaterThan(res.body.data[1].id);
      expect(res.body.data[0]).toMatchObject({ at: new Date(NOW).toISOString(), actor: expect.any(String), action: expect.any(String) });
      const failed = await request(f.app).get('/api/audit?action=sign-in-failed&actor=anonymous').set('Authorization', BEARER);
      expect(failed.body.data.map((e: { target: string }) => e.target)).toEqual(['/api', '/admin/login/code', '/admin/login']);
    });

    it.each([['action=delete', 'action'], ['actor=a%20b', 'actor'], ['limit=0', 'limit'], ['since=yesterday', 'since'], ['sort=at', 'sort']])(
      'answers 400 naming the parameter for %s', async (query, parameter) => {
        const res = await request(f.app).get(`/api/audit?${query}`).set('Authorization', BEARER);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ parameter });
      },
    );

    it('is for the admin token only: a viewer token gets 403, no token 401; and there is no route that writes it', async () => {
      expect((await request(f.app).get('/api/audit').set('Authorization', `Bearer ${VIEWER_TOKEN}`)).status).toBe(403);
      expect((await request(f.app).get('/api/audit')).status).toBe(401);
      const before = await lastId();
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        const res = await request(f.app)[method]('/api/audit').set('Authorization', BEARER).send({ action: 'sign-in' });
        expect(res.status).toBe(404);
      }
      expect((await request(f.app).delete('/api/audit/1').set('Authorization', BEARER)).status).toBe(404);
      expect(await lastId()).toBe(before);
    });
  });

  describe('POST /api/forget', () => {
    it('erases the buyer everywhere and records it with the counts and the address\'s SHA-256, never the address', async () => {
      await seedBuyerEverywhere(f.t.db, BUYER.toLowerCase());
      const res = await request(f.app).post('/api/forget').set('Authorization', BEARER).send({ email: BUYER });
      expect(res.status).toBe(200);
      expect(fitsDoc(res.body, '/api/forget', 'post', 200)).toEqual([]);
      expect(res.body).toMatchObject({
        erased: { payments: 2, subscriptions: 1, events: 4, contacts: 1, texts: 8 }, email_sha256: emailSha256(BUYER), compacted: true,
      });
      expect(await findTextEverywhere(f.t.db, BUYER)).toEqual([]);
      const [entry] = (await f.t.db.listAudit({ actions: ['forget'] }, { limit: 1, offset: 0 })).data;
      expect(entry).toMatchObject({ actor: 'admin', target: `sha256:${emailSha256(BUYER)}`, detail: { payments: 2, events: 4 } });
    });

    it('an unknown address: all zero, still recorded', async () => {
      const res = await request(f.app).post('/api/forget').set('Authorization', BEARER).send({ email: 'nadie@example.org' });
      expect(res.body.erased).toEqual({ payments: 0, subscriptions: 0, events: 0, contacts: 0, texts: 0 });
      const [entry] = (await f.t.db.listAudit({ actions: ['forget'] }, { limit: 1, offset: 0 })).data;
      expect(entry.target).toBe(`sha256:${emailSha256('nadie@example.org')}`);
    });

    it('refuses a missing or invalid address (400), a form body (415) and a viewer token (403)', async () => {
      expect((await request(f.app).post('/api/forget').set('Authorization', BEARER).send({})).body).toMatchObject({ field: 'email' });
      expect((await request(f.app).post('/api/forget').set('Authorization', BEARER).send({ email: 'not an address' })).status).toBe(400);
      expect((await request(f.app).post('/api/forget').set('Authorization', BEARER).type('form').send({ email: BUYER })).status).toBe(415);
      expect((await request(f.app).post('/api/forget').set('Authorization', `Bearer ${VIEWER_TOKEN}`).send({ email: BUYER })).status).toBe(403);
    });
  });

  describe('/admin/audit', () => {
    it('shows the log read-only to the operator, with a link in the navigation and the erasure form', async () => {
      const { agent } = await signIn(f.app);
      const page = await agent.get('/admin/audit?action=sign-in-failed');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<a href="/admin/audit" class="active" aria-current="page">Audit</a>');
      expect(page.text).toContain('id="audit-table"');
      expect(page.text).toContain('data-action="sign-in-failed"');
      expect(page.text).not.toContain('data-action="retry"');
      expect(page.text).toContain('action="/admin/audit/forget"');
      expect((await agent.get('/admin/audit?since=nonsense')).status).toBe(400);
    });

    it('erases a buyer from the form (CSRF-checked), showing the counts but not the address', async () => {
      await seedBuyerEverywhere(f.t.db, 'bea@example.com', 'otra@example.net', NOW);
      const { agent, csrf } = await signIn(f.app);
      expect((await agent.post('/admin/audit/forget').type('form').send({ email: 'bea@example.com' })).status).toBe(403);
      expect((await findTextEverywhere(f.t.db, 'bea@example.com')).length).toBeGreaterThan(0);
      const done = await agent.post('/admin/audit/forget').type('form').send({ _csrf: csrf, email: 'Bea@Example.com' });
      expect(done.status).toBe(200);
      expect(done.text).toContain('id="erasure-result"');
      expect(done.text).not.toMatch(/bea@example\.com/i);
      expect(await findTextEverywhere(f.t.db, 'bea@example.com')).toEqual([]);
      const refused = await agent.post('/admin/audit/forget').type('form').send({ _csrf: csrfOf(done.text), email: 'nope' });
      expect(refused.status).toBe(400);
    });

    it('is not for a viewer: no link, and the page is refused', async () => {
      const viewer = request.agent(f.app);
      await viewer.post('/admin/login').type('form').send({ token: VIEWER_TOKEN });
      const overview = await viewer.get('/admin');
      expect(overview.status).toBe(200);
      expect(overview.text).not.toContain('href="/admin/audit"');
      expect((await viewer.get('/admin/audit')).status).toBe(403);
    });
  });

  it('never shows the admin token in the log', async () => {
    expect(await findTextEverywhere(f.t.db, ADMIN_TOKEN)).toEqual([]);
  });
});
