import request from 'supertest';
import { seedEvent, seedPayment } from '@ghl-payments/test-support';
import { ADMIN_TOKEN, createOperatorFixture, csrfOf, OperatorFixture, signIn } from './helpers/operator-fixture';

const XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>';

describe('/admin dashboard', () => {
  let f: OperatorFixture;
  let failed: number;
  let success: number;
  let paymentId: number;
  beforeAll(async () => {
    f = await createOperatorFixture({ MP_WEBHOOK_SECRET: 'mp-webhook-secret-value' }, { now: Date.UTC(2026, 10, 30, 12) });
    paymentId = await seedPayment(f.t.db, { mpPaymentId: '6001', description: XSS, payerEmail: 'ana@example.com' });
    failed = await seedEvent(f.t.db, {
      status: 'failed', resourceId: '6001', paymentId, lastError: `${XSS} signed with mp-webhook-secret-value`,
      payload: JSON.stringify({ note: XSS }), headers: { 'user-agent': XSS },
      history: [{ outcome: 'failed', startedAt: Date.UTC(2026, 10, 30, 11), error: XSS }],
    });
    success = await seedEvent(f.t.db, { status: 'success', topic: 'merchant_order' });
  });
  afterAll(async () => { await f.t.destroy(); });

  describe('login', () => {
    it('shows the login form with the destination kept', async () => {
      const res = await request(f.app).get('/admin/login?next=%2Fadmin%2Fevents%3Fstatus%3Dfailed');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('value="/admin/events?status=failed"');
    });

    it('refuses a wrong token with 401 and the login page again', async () => {
      const res = await request(f.app).post('/admin/login').type('form').send({ token: 'not-the-token-at-all', next: '/admin' });
      expect(res.status).toBe(401);
      expect(res.text).toContain('not the admin token');
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('sets an HttpOnly, SameSite=Strict session cookie (not Secure over plain HTTP) and redirects', async () => {
      const res = await request(f.app).post('/admin/login').type('form').send({ token: ADMIN_TOKEN, next: '/admin/events?status=failed' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/events?status=failed');
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^ghlp_admin=[^;]+; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=43200$/);
      expect(cookie).not.toContain(ADMIN_TOKEN);
    });

    it('never redirects outside the dashboard', async () => {
      for (const next of ['//evil.example/admin', 'https://evil.example', '/admin/../api', '/administrator', '/\\evil.example', '/admin//evil']) {
        const res = await request(f.app).post('/admin/login').type('form').send({ token: ADMIN_TOKEN, next });
        expect(res.headers.location).toBe('/admin');
      }
    });

    it('marks the cookie Secure for HTTPS requests only through a trusted proxy', async () => {
      const proxied = await createOperatorFixture({ TRUST_PROXY: 'loopback' });
      try {
        const https = await request(proxied.app).post('/admin/login').set('X-Forwarded-Proto', 'https').type('form').send({ token: ADMIN_TOKEN });
        expect(String(https.headers['set-cookie'])).toMatch(/; Secure$/);
        const http = await request(proxied.app).post('/admin/login').type('form').send({ token: ADMIN_TOKEN });
        expect(String(http.headers['set-cookie'])).not.toContain('Secure');
      } finally {
        await proxied.t.destroy();
      }
      const untrusted = await request(f.app).post('/admin/login').set('X-Forwarded-Proto', 'https').type('form').send({ token: ADMIN_TOKEN });
      expect(String(untrusted.headers['set-cookie'])).not.toContain('Secure');
    });

    it('rejects a forged, tampered or expired session cookie', async () => {
      const login = await request(f.app).post('/admin/login').type('form').send({ token: ADMIN_TOKEN });
      const value = /ghlp_admin=([^;]+)/.exec(String(login.headers['set-cookie']))![1];
      const [id, mac] = value.split('.');
      expect((await request(f.app).get('/admin').set('Cookie', `ghlp_admin=${value}`)).status).toBe(200);
      const flip = (s: string) => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`;
      const forged = [`${flip(id)}.${mac}`, `${id}.${flip(mac)}`, `${id}x.${mac}`, id, `${id}.${mac}.${mac}`, 'garbage', ''];
      for (const cookie of forged) expect((await request(f.app).get('/admin').set('Cookie', `ghlp_admin=${cookie}`)).status).toBe(303);
      const saved = f.clock.now;
      f.clock.now += 12 * 60 * 60 * 1000;
      try {
        expect((await request(f.app).get('/admin').set('Cookie', `ghlp_admin=${value}`)).status).toBe(303);
      } finally {
        f.clock.now = saved;
      }
    });

    it('logs out (POST with CSRF token) by clearing the cookie', async () => {
      const { agent, csrf } = await signIn(f.app);
      const refused = await agent.post('/admin/logout').type('form').send({});
      expect(refused.status).toBe(403);
      const res = await agent.post('/admin/logout').type('form').send({ _csrf: csrf });
      expect(res.status).toBe(303);
      expect(String(res.headers['set-cookie'])).toMatch(/ghlp_admin=; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=0/);
    });
  });

  describe('pages', () => {
    it('renders the overview with chart canvases, the local Chart.js and the stats data', async () => {
      const { agent } = await signIn(f.app);
      const res = await agent.get('/admin');
      expect(res.status).toBe(200);
      expect(res.text).toContain('<canvas id="chart-per-minute"');
      expect(res.text).toContain('<script src="/admin/assets/chart.umd.min.js"></script>');
      expect(res.text).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
      const data = /<script type="application\/json" id="stats-data"[^>]*>([^<]*)<\/script>/.exec(res.text)![1];
      expect(JSON.parse(data)).toMatchObject({ by_status: { failed: 1, success: 1 }, per_minute: expect.any(Array) });
      const stats = await agent.get('/admin/stats.json');
      expect(stats.body.by_status.failed).toBe(1);
    });

    it('lists events with filters, coloured badges and pagination', async () => {
      const { agent } = await signIn(f.app);
      const all = await agent.get('/admin/events');
      expect(all.text).toContain(`data-event-id="${failed}"`);
      expect(all.text).toContain('class="badge badge-status-failed"');
      expect(all.text).toContain('Showing 1–2 of 2');
      const filtered = await agent.get('/admin/events?status=failed');
      expect(filtered.text).toContain(`data-event-id="${failed}"`);
      expect(filtered.text).not.toContain(`data-event-id="${success}"`);
      expect(filtered.text).toMatch(/<option value="failed" selected>/);
      const paged = await agent.get('/admin/events?limit=25&offset=1');
      expect(paged.text).toContain('Showing 2–2 of 2');
      expect(paged.text).toContain('rel="prev" href="/admin/events?limit=25"');
      const bad = await agent.get('/admin/events?since=someday');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('invalid since');
    });

    it('escapes everything it shows and never shows a secret', async () => {
      const { agent } = await signIn(f.app);
      const pages = [
        await agent.get('/admin/events'), await agent.get(`/admin/events/${failed}`), await agent.get(`/admin/payments/${paymentId}`),
        await agent.get('/admin/payments'), await agent.get(`/admin/events?q=${encodeURIComponent(XSS)}`),
        await agent.get(`/admin/events/retry?q=${encodeURIComponent(XSS)}`), await agent.get(`/admin/login?next=${encodeURIComponent(XSS)}`),
        await agent.get(`/admin/events?type=${encodeURIComponent(XSS)}`),
      ];
      for (const page of pages) {
        expect(page.text).not.toContain('<script>alert');
        expect(page.text).not.toContain('<img src=x');
        expect(page.text).not.toContain('mp-webhook-secret-value');
        expect(page.text).not.toContain(ADMIN_TOKEN);
      }
      expect(pages[1].text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(pages[1].text).toContain('[REDACTED]');
    });

    it('shows an event with its timeline, payload and a Retry form', async () => {
      const { agent } = await signIn(f.app);
      const res = await agent.get(`/admin/events/${failed}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<form method="post" action="/admin/events/${failed}/retry"`);
      expect(res.text).toContain('id="timeline"');
      expect(res.text).toContain('id="payload"');
      const done = await agent.get(`/admin/events/${success}`);
      expect(done.text).toMatch(/<button type="button" class="primary" disabled/);
      expect((await agent.get('/admin/events/424242')).status).toBe(404);
      expect((await agent.get('/admin/events/abc')).status).toBe(400);
    });

    it('lists payments and shows one', async () => {
      const { agent } = await signIn(f.app);
      const list = await agent.get('/admin/payments?email=ana@example.com');
      expect(list.text).toContain(`data-payment-id="${paymentId}"`);
      const key = { subject: 'payment:6001', status: 'approved', round: 1, rule: 'aprobado', actionIndex: 0 };
      await f.t.db.reserveAction({ ...key, kind: 'addTags', contactId: 'ct-6001', eventId: failed, leaseMs: 1000, now: 1 });
      await f.t.db.markActionApplied({ ...key, detail: JSON.stringify({ tags: ['pago-aprobado', '<b>x</b>'] }) }, 2);
      const detail = await agent.get(`/admin/payments/${paymentId}`);
      expect(detail.text).toContain('6001');
      expect(detail.text).toContain('aprobado: add tags pago-aprobado, &lt;b&gt;x&lt;/b&gt;'); // the timeline, escaped
      expect(detail.text).toContain('ct-6001');
      expect(detail.text).toContain(`href="/admin/events/${failed}"`);
      expect((await agent.get('/admin/payments?email=nope')).status).toBe(400);
    });

    it('serves its assets without a session', async () => {
      const chart = await request(f.app).get('/admin/assets/chart.umd.min.js');
      expect(chart.status).toBe(200);
      expect(chart.headers['content-type']).toMatch(/javascript/);
      expect(chart.text.length).toBeGreaterThan(100_000);
      expect((await request(f.app).get('/admin/assets/admin.css')).status).toBe(200);
      expect((await request(f.app).get('/admin/assets/overview.js')).status).toBe(200);
      expect((await request(f.app).get('/admin/assets/..%2F..%2Fpackage.json')).status).not.toBe(200);
    });
  });

  describe('retrying from the dashboard', () => {
    it('refuses a POST without the session\'s CSRF token and changes nothing', async () => {
      const id = await seedEvent(f.t.db, { status: 'failed' });
      const { agent } = await signIn(f.app);
      const other = await signIn(f.app);
      for (const body of [{}, { _csrf: 'forged' }, { _csrf: other.csrf.slice(0, -2) + 'AA' }]) {
        const res = await agent.post(`/admin/events/${id}/retry`).type('form').send(body);
        expect(res.status).toBe(403);
      }
      // a token from another session is refused too
      const cross = await agent.post(`/admin/events/${id}/retry`).type('form').send({ _csrf: other.csrf });
      expect(cross.status).toBe(403);
      expect((await f.t.db.knex('webhook_events').where('id', id).first()).status).toBe('failed');
    });

    it('retries one event and says so; a successful one reports the conflict', async () => {
      const id = await seedEvent(f.t.db, { status: 'failed' });
      const { agent, csrf } = await signIn(f.app);
      const res = await agent.post(`/admin/events/${id}/retry`).type('form').send({ _csrf: csrf });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/admin/events/${id}?retried=1`);
      const page = await agent.get(res.headers.location);
      expect(page.text).toContain('Queued again: it will be processed in a moment.');
      expect(page.text).toMatch(/id="event-status"><span class="badge badge-status-retrying" data-status="pending"/);
      const conflict = await agent.post(`/admin/events/${success}/retry`).type('form').send({ _csrf: csrf });
      expect(conflict.headers.location).toBe(`/admin/events/${success}?conflict=success`);
    });

    it('confirms a bulk retry with the count first, then retries the matching events', async () => {
      const ids = [await seedEvent(f.t.db, { status: 'failed', topic: 'bulk' }), await seedEvent(f.t.db, { status: 'failed', topic: 'bulk' })];
      await seedEvent(f.t.db, { status: 'success', topic: 'bulk' });
      const { agent } = await signIn(f.app);
      const confirm = await agent.get('/admin/events/retry?status=failed&type=bulk');
      expect(confirm.status).toBe(200);
      expect(confirm.text).toContain('<strong>2</strong> events that need attention or had nothing to do will go back to');
      expect((await f.t.db.knex('webhook_events').whereIn('id', ids).pluck('status'))).toEqual(['failed', 'failed']);
      const csrf = csrfOf(confirm.text.slice(confirm.text.indexOf('action="/admin/events/retry"')));
      const res = await agent.post('/admin/events/retry').type('form').send({ _csrf: csrf, status: 'failed', type: 'bulk' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/events?status=failed&type=bulk&retried=2');
      expect((await agent.get(res.headers.location)).text).toContain('2 events queued again.');
      expect((await f.t.db.knex('webhook_events').whereIn('id', ids).pluck('status'))).toEqual(['pending', 'pending']);
      const refused = await agent.post('/admin/events/retry').type('form').send({ status: 'failed' });
      expect(refused.status).toBe(403);
    });
  });
});
