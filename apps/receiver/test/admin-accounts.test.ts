import request from 'supertest';
import { seedEvent, seedPayment } from '@ghl-payments/test-support';
import { FakeUpstreams, GOOD, startFakeUpstreams, TEST_SECRETS_KEY } from './helpers/fake-upstreams';
import { csrfOf, createOperatorFixture, OperatorFixture, signIn } from './helpers/operator-fixture';

const NOW = Date.UTC(2026, 11, 9, 12, 0, 0);
const NEW_MP_TOKEN = 'APP_USR-8080-acme-rotated-token-Zx5c';
const SECRETS = [GOOD.mpAccessToken, GOOD.ghlToken, ...GOOD.mpWebhookSecrets, NEW_MP_TOKEN, TEST_SECRETS_KEY];

type Agent = ReturnType<typeof request.agent>;

describe('/admin accounts and viewer sessions', () => {
  let f: OperatorFixture;
  let upstreams: FakeUpstreams;
  let admin: { agent: Agent; csrf: string };
  const pages: string[] = [];
  /** A page fetched by an agent, kept to check afterwards that no secret was ever on one. */
  const keep = <T extends { text: string }>(res: T): T => { pages.push(res.text ?? ''); return res; };
  const get = async (agent: Agent, url: string) => keep(await agent.get(url));
  const post = async (agent: Agent, url: string, form: Record<string, string>) => keep(await agent.post(url).type('form').send(form));

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    f = await createOperatorFixture({ ...upstreams.env, SECRETS_KEY: TEST_SECRETS_KEY }, { now: NOW });
    admin = await signIn(f.app);
  });
  afterAll(async () => {
    await f.t.destroy();
    await upstreams.close();
  });

  describe('the Accounts page', () => {
    it('is in the navigation and starts empty, with the form to add one', async () => {
      const page = await get(admin.agent, '/admin/accounts');
      expect(page.status).toBe(200);
      expect(page.text).toContain('href="/admin/accounts" class="active"');
      expect(page.text).toContain('No accounts yet');
      expect(page.text).toContain('id="account-form"');
      expect(page.text).toMatch(/<input type="password" name="mpAccessToken"/);
      expect((await get(admin.agent, '/admin/events')).text).toContain('href="/admin/accounts"');
    });

    it('refuses a form without the session\'s CSRF token and adds nothing', async () => {
      const res = await post(admin.agent, '/admin/accounts', { slug: 'acme', name: 'Acme' });
      expect(res.status).toBe(403);
      const forged = await post(admin.agent, '/admin/accounts', { slug: 'acme', name: 'Acme', _csrf: `${admin.csrf}x` });
      expect(forged.status).toBe(403);
      expect(await f.t.db.listAccounts()).toEqual([]);
    });

    it('adds an account from the form and lists it with its last four characters and webhook URL', async () => {
      const res = await post(admin.agent, '/admin/accounts', {
        _csrf: admin.csrf, slug: 'acme', name: 'Acme <Studio>', mpAccessToken: GOOD.mpAccessToken, mpWebhookSecrets: GOOD.mpWebhookSecrets.join(', '),
        ghlToken: GOOD.ghlToken, ghlLocationId: GOOD.ghlLocationId, rules: '', enabled: '1',
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/accounts?done=created&slug=acme');
      const list = await get(admin.agent, res.headers.location);
      expect(list.text).toContain('acme: Account added.');
      expect(list.text).toContain('<tr data-account="acme">');
      expect(list.text).toContain('Acme &lt;Studio&gt;');
      expect(list.text).not.toContain('Acme <Studio>');
      expect(list.text).toMatch(/…9QkZ[\s\S]*…3e1a, …9c4d[\s\S]*…5M8w/);
      expect(list.text).toMatch(/http:\/\/127\.0\.0\.1:\d+\/webhooks\/mp\/acme/);
      expect(list.text).toContain('data-enabled="true"');
      const stored = await f.t.db.getAccount('acme');
      expect(stored).toMatchObject({ name: 'Acme <Studio>', enabled: true, ghlLocationId: 'loc-acme-1', rules: null, mpAccessTokenLast4: '…9QkZ' });
    });

    it('shows a refused form again with the reason, its plain fields kept and its secrets not echoed', async () => {
      const res = await post(admin.agent, '/admin/accounts', {
        _csrf: admin.csrf, slug: 'globex', name: 'Globex', mpAccessToken: NEW_MP_TOKEN, ghlLocationId: 'loc-g', rules: 'rules: [unclosed',
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('invalid rules:');
      expect(res.text).toContain('value="globex"');
      expect(res.text).toContain('value="loc-g"');
      expect(res.text).toContain('rules: [unclosed</textarea>');
      expect(res.text).toContain('enter them once more');
      expect(await f.t.db.getAccount('globex')).toBeNull();

      const taken = await post(admin.agent, '/admin/accounts', { _csrf: admin.csrf, slug: 'acme', name: 'Again' });
      expect(taken.status).toBe(409);
      expect(taken.text).toContain('already exists');
      const bad = await post(admin.agent, '/admin/accounts', { _csrf: admin.csrf, slug: 'Not OK', name: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('invalid slug: must be 1–24 lower-case letters');
    });

    it('edits an account: empty secret fields keep the stored ones, a new one replaces it', async () => {
      const page = await get(admin.agent, '/admin/accounts/acme');
      expect(page.status).toBe(200);
      expect(page.text).toContain('id="account-edit-form"');
      expect(page.text).toContain('value="Acme &lt;Studio&gt;"');
      expect(page.text).toContain('placeholder="…9QkZ — leave empty to keep"');
      const before = await f.t.db.getAccount('acme');

      const kept = await post(admin.agent, '/admin/accounts/acme', {
        _csrf: admin.csrf, name: 'Acme Studio', mpAccessToken: '', mpWebhookSecrets: '', ghlToken: '', ghlLocationId: 'loc-acme-1',
        rules: 'rules:\r\n  - name: aprobado\r\n    when: { status: approved }\r\n    actions:\r\n      - addTags: [cliente]\r\n',
      });
      expect(kept.status).toBe(303);
      expect(kept.headers.location).toBe('/admin/accounts/acme?done=updated');
      const after = await f.t.db.getAccount('acme');
      expect(after).toMatchObject({ name: 'Acme Studio', mpAccessTokenEnc: before?.mpAccessTokenEnc, ghlTokenEnc: before?.ghlTokenEnc, mpWebhookSecretsEnc: before?.mpWebhookSecretsEnc });
      expect(after?.rules).toContain('addTags: [cliente]\n');
      expect((await get(admin.agent, kept.headers.location)).text).toContain('Saved.');

      await post(admin.agent, '/admin/accounts/acme', { _csrf: admin.csrf, name: 'Acme Studio', mpAccessToken: NEW_MP_TOKEN, ghlLocationId: 'loc-acme-1', rules: after?.rules ?? '' });
      expect((await f.t.db.getAccount('acme'))?.mpAccessTokenLast4).toBe('…Zx5c');
      await post(admin.agent, '/admin/accounts/acme', { _csrf: admin.csrf, name: 'Acme Studio', mpAccessToken: GOOD.mpAccessToken, ghlLocationId: 'loc-acme-1', rules: after?.rules ?? '' });

      const refused = await post(admin.agent, '/admin/accounts/acme', { _csrf: admin.csrf, name: '', ghlLocationId: 'loc-acme-1' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('invalid name: must not be empty');
      expect(refused.text).toContain('id="account-edit-form"');
      expect((await post(admin.agent, '/admin/accounts/acme', { name: 'no csrf' })).status).toBe(403);
      expect((await f.t.db.getAccount('acme'))?.name).toBe('Acme Studio');
      expect((await get(admin.agent, '/admin/accounts/nobody')).status).toBe(404);
    });

    it('disables and enables an account with its buttons (CSRF checked)', async () => {
      expect((await post(admin.agent, '/admin/accounts/acme/disable', {})).status).toBe(403);
      expect((await f.t.db.getAccount('acme'))?.enabled).toBe(true);
      const off = await post(admin.agent, '/admin/accounts/acme/disable', { _csrf: admin.csrf });
      expect(off.status).toBe(303);
      expect((await f.t.db.getAccount('acme'))?.enabled).toBe(false);
      const page = await get(admin.agent, off.headers.location);
      expect(page.text).toContain('data-enabled="false"');
      expect(page.text).toContain('action="/admin/accounts/acme/enable"');
      const fromList = await admin.agent.post('/admin/accounts/acme/enable').set('Referer', 'http://127.0.0.1/admin/accounts').type('form').send({ _csrf: admin.csrf });
      expect(fromList.headers.location).toBe('/admin/accounts?done=enabled&slug=acme');
      expect((await f.t.db.getAccount('acme'))?.enabled).toBe(true);
    });

    it('tests the account\'s connection and shows what each upstream said', async () => {
      const res = await post(admin.agent, '/admin/accounts/acme/test', { _csrf: admin.csrf });
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/data-service="mercadopago" data-check="pass"[\s\S]*ACME_SHOP/);
      expect(res.text).toMatch(/data-service="ghl" data-check="pass"[\s\S]*Acme Studio/);
      await f.t.db.updateAccount('acme', { ghlLocationId: 'loc-other' }, NOW);
      const failing = await post(admin.agent, '/admin/accounts/acme/test', { _csrf: admin.csrf });
      expect(failing.text).toMatch(/data-service="ghl" data-check="fail"/);
      await f.t.db.updateAccount('acme', { ghlLocationId: 'loc-acme-1' }, NOW);
    });
  });

  describe('the account filter and a viewer\'s session', () => {
    const ids: Record<string, number> = {};
    let viewerToken: string;
    let viewer: { agent: Agent; csrf: string };

    beforeAll(async () => {
      await f.t.db.createAccount({
        slug: 'globex', name: 'Globex', enabled: true,
      }, NOW);
      const setAccount = (table: string, id: number, account: string) => f.t.db.knex(table).where('id', id).update({ account });
      ids.acmePayment = await seedPayment(f.t.db, { mpPaymentId: '8001', payerEmail: 'ana@acme.test' });
      ids.globexPayment = await seedPayment(f.t.db, { mpPaymentId: '8002', payerEmail: 'bob@globex.test' });
      await setAccount('payments', ids.acmePayment, 'acme');
      await setAccount('payments', ids.globexPayment, 'globex');
      ids.acmeEvent = await seedEvent(f.t.db, { status: 'failed', resourceId: '8001', paymentId: ids.acmePayment, receivedAt: NOW - 60_000 });
      ids.globexEvent = await seedEvent(f.t.db, { status: 'failed', resourceId: '8002', paymentId: ids.globexPayment, receivedAt: NOW - 30_000 });
      ids.defaultEvent = await seedEvent(f.t.db, { status: 'success', resourceId: '8003', receivedAt: NOW - 10_000 });
      await setAccount('webhook_events', ids.acmeEvent, 'acme');
      await setAccount('webhook_events', ids.globexEvent, 'globex');
    });

    it('filters the events, payments and overview by account and shows each row\'s account', async () => {
      const events = await get(admin.agent, '/admin/events');
      expect(events.text).toContain('<select name="account" id="filter-account">');
      expect(events.text).toContain('<option value="globex">globex · Globex</option>');
      expect(events.text).toContain('<th>Account</th>');
      const acme = await get(admin.agent, '/admin/events?account=acme');
      expect(acme.text).toContain('<option value="acme" selected>');
      expect([...acme.text.matchAll(/data-event-id="(\d+)" data-account="(\w+)"/g)].map((m) => [Number(m[1]), m[2]])).toEqual([[ids.acmeEvent, 'acme']]);
      expect(acme.text).toContain(`href="/admin/events/retry?account=acme"`);
      const event = await get(admin.agent, `/admin/events/${ids.globexEvent}`);
      expect(event.text).toContain('<span id="event-account">globex</span>');

      const payments = await get(admin.agent, '/admin/payments?account=globex');
      expect([...payments.text.matchAll(/data-payment-id="(\d+)" data-account="(\w+)"/g)].map((m) => [Number(m[1]), m[2]])).toEqual([[ids.globexPayment, 'globex']]);
      expect((await get(admin.agent, `/admin/payments/${ids.acmePayment}`)).text).toContain('<span id="payment-account">acme</span>');

      const overview = await get(admin.agent, '/admin?account=acme');
      expect(overview.text).toContain('id="overview-account">· acme</span>');
      expect(overview.text).toContain('data-url="/admin/stats.json?account=acme"');
      expect(overview.text).toContain('href="/admin/events?status=failed&amp;account=acme"');
      const stats = await admin.agent.get('/admin/stats.json?account=acme');
      expect(stats.body.by_status).toMatchObject({ failed: 1, success: 0 });
      expect((await admin.agent.get('/admin/stats.json')).body.by_status).toMatchObject({ failed: 2, success: 1 });
      expect((await get(admin.agent, '/admin/events?account=Bad!')).status).toBe(400);
    });

    it('issues a viewer token on the account\'s page, shown once', async () => {
      const res = await post(admin.agent, '/admin/accounts/acme/viewer-token', { _csrf: admin.csrf });
      expect(res.status).toBe(200);
      const match = /<pre class="code" id="viewer-token">([^<]+)<\/pre>/.exec(res.text);
      expect(match).not.toBeNull();
      viewerToken = match![1];
      expect(viewerToken).toMatch(/^ghlv_/);
      const again = await get(admin.agent, '/admin/accounts/acme');
      expect(again.text).not.toContain(viewerToken);
      expect(again.text).toContain('A viewer token is in use.');
    });

    it('signs a viewer in with the token; the session sees only its account', async () => {
      const agent = request.agent(f.app);
      const login = await agent.post('/admin/login').type('form').send({ token: viewerToken, next: '/admin/accounts' });
      expect(login.status).toBe(303);
      expect(login.headers.location).toBe('/admin');
      const overview = await get(agent, '/admin');
      expect(overview.status).toBe(200);
      viewer = { agent, csrf: csrfOf(overview.text) };
      expect(overview.text).toContain('<span class="viewer-badge" id="viewer-account"');
      expect(overview.text).not.toContain('href="/admin/accounts"');
      expect(overview.text).not.toContain('id="filter-account"');
      expect((await agent.get('/admin/stats.json')).body.by_status).toMatchObject({ failed: 1, success: 0 });

      const events = await get(agent, '/admin/events');
      expect([...events.text.matchAll(/data-event-id="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([ids.acmeEvent]);
      expect(events.text).not.toContain('id="bulk-retry"');
      const event = await get(agent, `/admin/events/${ids.acmeEvent}`);
      expect(event.status).toBe(200);
      expect(event.text).not.toContain('id="retry-button"');
      const payments = await get(agent, '/admin/payments');
      expect([...payments.text.matchAll(/data-payment-id="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([ids.acmePayment]);
      expect((await get(agent, `/admin/payments/${ids.acmePayment}`)).status).toBe(200);
    });

    it('refuses the viewer another account (403 for a filter, 404 for a row) and every other page', async () => {
      const { agent, csrf } = viewer;
      for (const url of ['/admin/events?account=globex', '/admin/payments?account=default', '/admin?account=globex']) {
        expect({ url, status: (await get(agent, url)).status }).toEqual({ url, status: 403 });
      }
      expect((await agent.get('/admin/stats.json?account=globex')).status).toBe(403);
      for (const url of [`/admin/events/${ids.globexEvent}`, `/admin/events/${ids.defaultEvent}`, `/admin/payments/${ids.globexPayment}`]) {
        expect({ url, status: (await get(agent, url)).status }).toEqual({ url, status: 404 });
      }
      for (const url of ['/admin/accounts', '/admin/accounts/acme', '/admin/events/retry?status=failed', '/admin/nowhere']) {
        expect({ url, status: (await get(agent, url)).status }).toEqual({ url, status: 403 });
      }
      for (const url of [`/admin/events/${ids.acmeEvent}/retry`, '/admin/events/retry', '/admin/accounts', '/admin/accounts/acme/disable', '/admin/accounts/acme/viewer-token']) {
        const res = await post(agent, url, { _csrf: csrf, slug: 'evil', name: 'Evil', status: 'failed' });
        expect({ url, status: res.status }).toEqual({ url, status: 403 });
      }
      expect((await f.t.db.getEvent(ids.acmeEvent))?.status).toBe('failed');
      expect(await f.t.db.getAccount('evil')).toBeNull();
      expect((await f.t.db.getAccount('acme'))?.enabled).toBe(true);
    });

    it('ends the viewer\'s session when its account is disabled', async () => {
      await post(admin.agent, '/admin/accounts/acme/disable', { _csrf: admin.csrf });
      const res = await viewer.agent.get('/admin/events');
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/admin\/login/);
      await post(admin.agent, '/admin/accounts/acme/enable', { _csrf: admin.csrf });
      expect((await viewer.agent.get('/admin/events')).status).toBe(303);
      // the token itself works again once the account is enabled
      const again = await request(f.app).post('/admin/login').type('form').send({ token: viewerToken });
      expect(again.status).toBe(303);
    });

    it('ends the viewer\'s session when its token is replaced or withdrawn, and refuses the old token', async () => {
      const agent = request.agent(f.app);
      await agent.post('/admin/login').type('form').send({ token: viewerToken });
      expect((await agent.get('/admin/events')).status).toBe(200);
      await post(admin.agent, '/admin/accounts/acme/viewer-token/withdraw', { _csrf: admin.csrf });
      expect((await agent.get('/admin/events')).status).toBe(303);
      const refused = await request(f.app).post('/admin/login').type('form').send({ token: viewerToken });
      expect(refused.status).toBe(401);
    });
  });

  it('never showed a secret on any page', () => {
    expect(pages.length).toBeGreaterThan(30);
    for (const text of pages) for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});
