import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createSilentLogger, loadAccountsKey, loadConfig } from '@ghl-payments/core';
import { createFakeGhl, createFakeMercadoPago } from '@ghl-payments/sandbox';
import { createAccountDirectory, openAccount } from '@ghl-payments/store';
import { seedEvent, seedPayment } from '@ghl-payments/test-support';
import { createApp, hashViewerToken } from '../src';
import { checkSchema, Schema } from './helpers/check-schema';
import { FakeUpstreams, GOOD, startFakeUpstreams, TEST_SECRETS_KEY } from './helpers/fake-upstreams';
import { BEARER, createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

const spec = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }> }>>;
  components: { schemas: Record<string, Schema> };
};
const shapeOf = (p: string, method: string, status: number) => spec.paths[p][method].responses[String(status)].content!['application/json']!.schema;
const fitsDoc = (body: unknown, p: string, method: string, status: number) => checkSchema(body, shapeOf(p, method, status), spec.components.schemas);

const NOW = Date.UTC(2026, 11, 9, 12, 0, 0);
const ACME = {
  slug: 'acme', name: 'Acme Studio', mpAccessToken: GOOD.mpAccessToken, mpWebhookSecrets: GOOD.mpWebhookSecrets,
  ghlToken: GOOD.ghlToken, ghlLocationId: GOOD.ghlLocationId,
};
const GLOBEX_SECRETS = { mpAccessToken: 'APP_USR-9090-globex-token-Lr4T', ghlToken: 'pit-globex-location-token-Ww2e', mpWebhookSecrets: 'globex-secret-one-001,globex-secret-two-002' };
const RULES = 'rules:\n  - name: aprobado\n    when: { status: approved }\n    actions:\n      - addTags: [cliente]\n';

/** Every secret given to the API: none may ever come back, in any answer. */
const SECRETS = [ACME.mpAccessToken, ACME.ghlToken, ...ACME.mpWebhookSecrets, GLOBEX_SECRETS.mpAccessToken, GLOBEX_SECRETS.ghlToken,
  ...GLOBEX_SECRETS.mpWebhookSecrets.split(','), 'APP_USR-5555-acme-new-token-Hh7P', TEST_SECRETS_KEY];

describe('/api/accounts and per-account reads', () => {
  let f: OperatorFixture;
  let upstreams: FakeUpstreams;
  const answers: string[] = [];
  const api = (method: 'get' | 'post' | 'patch' | 'delete', url: string, auth = BEARER) => {
    const req = request(f.app)[method](url).set('Authorization', auth);
    const then = req.then.bind(req);
    // every answer is kept, to check afterwards that no secret was ever in one
    (req as unknown as { then: typeof then }).then = (ok, fail) => then((res) => { answers.push(res.text); return res; }).then(ok, fail);
    return req;
  };

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    f = await createOperatorFixture({ ...upstreams.env, SECRETS_KEY: TEST_SECRETS_KEY }, { now: NOW });
  });
  afterAll(async () => {
    await f.t.destroy();
    await upstreams.close();
  });

  describe('managing accounts (admin token)', () => {
    it('adds an account: 201, its location, the documented shape, last four characters only', async () => {
      const res = await api('post', '/api/accounts').send({ ...ACME, rules: RULES });
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe('/api/accounts/acme');
      expect(fitsDoc(res.body, '/api/accounts', 'post', 201)).toEqual([]);
      const host = res.request.url.replace(/\/api\/accounts$/, '');
      expect(res.body).toEqual({
        slug: 'acme', name: 'Acme Studio', enabled: true, webhookUrl: `${host}/webhooks/mp/acme`,
        mpAccessTokenLast4: '…9QkZ', mpWebhookSecretsLast4: ['…3e1a', '…9c4d'], ghlTokenLast4: '…5M8w', ghlWorkflowSecretLast4: null, ghlLocationId: 'loc-acme-1',
        hasOwnRules: true, viewerToken: false, createdAt: new Date(NOW).toISOString(), updatedAt: new Date(NOW).toISOString(), rules: RULES,
      });
    });

    it('stores the secrets encrypted with the accounts\' key', async () => {
      const row = await f.t.db.knex('accounts').where({ slug: 'acme' }).first();
      for (const secret of [ACME.mpAccessToken, ACME.ghlToken, ...ACME.mpWebhookSecrets]) expect(JSON.stringify(row)).not.toContain(secret);
      const opened = openAccount(loadAccountsKey(f.config, { create: false }).box, (await f.t.db.getAccount('acme'))!);
      expect(opened).toMatchObject({ mpAccessToken: ACME.mpAccessToken, ghlToken: ACME.ghlToken, mpWebhookSecrets: ACME.mpWebhookSecrets });
    });

    it('takes the webhook secrets as one comma-separated text too, and an account with only a name', async () => {
      const res = await api('post', '/api/accounts').send({ slug: 'globex', name: 'Globex', ...GLOBEX_SECRETS, enabled: true });
      expect(res.status).toBe(201);
      expect(res.body.mpWebhookSecretsLast4).toEqual(['…-001', '…-002']);
      const bare = await api('post', '/api/accounts').send({ slug: 'initech', name: 'Initech' });
      expect(bare.status).toBe(201);
      expect(bare.body).toMatchObject({ mpAccessTokenLast4: null, mpWebhookSecretsLast4: [], ghlTokenLast4: null, ghlLocationId: null, hasOwnRules: false });
    });

    it('refuses a taken slug with 409', async () => {
      const res = await api('post', '/api/accounts').send({ slug: 'acme', name: 'Another' });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ error: expect.stringContaining('already exists'), field: 'slug' });
      expect((await f.t.db.getAccount('acme'))?.name).toBe('Acme Studio');
    });

    it.each([
      [{ name: 'No slug' }, 'slug', /is required/],
      [{ slug: 'Acme!', name: 'x' }, 'slug', /lower-case letters/],
      [{ slug: 'default', name: 'x' }, 'slug', /not "default"/],
      [{ slug: 'a'.repeat(25), name: 'x' }, 'slug', /1–24/],
      [{ slug: 'newco' }, 'name', /is required/],
      [{ slug: 'newco', name: '  ' }, 'name', /must not be empty/],
      [{ slug: 'newco', name: 'x', mpAccessToken: 'short' }, 'mpAccessToken', /at least 8/],
      [{ slug: 'newco', name: 'x', mpAccessToken: 'APP_USR has spaces' }, 'mpAccessToken', /spaces/],
      [{ slug: 'newco', name: 'x', mpWebhookSecrets: ['fine-secret-1', 'tiny'] }, 'mpWebhookSecrets.1', /at least 8/],
      [{ slug: 'newco', name: 'x', mpWebhookSecrets: 42 }, 'mpWebhookSecrets', /list of secrets/],
      [{ slug: 'newco', name: 'x', ghlLocationId: 'bad id!' }, 'ghlLocationId', /location id/],
      [{ slug: 'newco', name: 'x', enabled: 'yes' }, 'enabled', /must be a boolean/],
      [{ slug: 'newco', name: 'x', rules: 'rules: [unclosed' }, 'rules', /not valid YAML/],
      [{ slug: 'newco', name: 'x', rules: 'rules:\n  - name: r\n    when: { status: approved }\n    actions:\n      - addNote: "{{nope}}"\n' }, 'rules', /unknown value \{\{nope\}\}/],
      [{ slug: 'newco', name: 'x', plan: 'gold' }, 'plan', /not a known field/],
      [[1, 2], '(body)', /JSON object/],
    ])('refuses %j with 400 naming %s', async (body, field, message) => {
      const res = await api('post', '/api/accounts').send(body as object);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: expect.stringMatching(message), field });
      expect(res.body.error).toMatch(new RegExp(`^invalid ${field.replace(/[().]/g, '\\$&')}: `));
      expect(fitsDoc(res.body, '/api/accounts', 'post', 400)).toEqual([]);
      expect(await f.t.db.getAccount('newco')).toBeNull();
    });

    it('wants JSON', async () => {
      const res = await api('post', '/api/accounts').type('form').send({ slug: 'newco', name: 'x' });
      expect(res.status).toBe(415);
    });

    it('lists the accounts and shows one, in the documented shapes', async () => {
      const list = await api('get', '/api/accounts');
      expect(list.status).toBe(200);
      expect(fitsDoc(list.body, '/api/accounts', 'get', 200)).toEqual([]);
      expect(list.body.data.map((a: { slug: string }) => a.slug)).toEqual(['acme', 'globex', 'initech']);
      expect(list.body.data[0]).not.toHaveProperty('rules');
      const one = await api('get', '/api/accounts/acme');
      expect(fitsDoc(one.body, '/api/accounts/{slug}', 'get', 200)).toEqual([]);
      expect(one.body.rules).toBe(RULES);
      for (const url of ['/api/accounts/nobody', '/api/accounts/default', '/api/accounts/Bad%20Slug', `/api/accounts/${'x'.repeat(40)}`]) {
        const missing = await api('get', url);
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual({ error: 'no such account' });
      }
    });

    it('changes only the fields given', async () => {
      const before = await f.t.db.getAccount('acme');
      f.clock.now = NOW + 60_000;
      const res = await api('patch', '/api/accounts/acme').send({ name: 'Acme Studio SRL' });
      expect(res.status).toBe(200);
      expect(fitsDoc(res.body, '/api/accounts/{slug}', 'patch', 200)).toEqual([]);
      expect(res.body).toMatchObject({ name: 'Acme Studio SRL', mpAccessTokenLast4: '…9QkZ', ghlTokenLast4: '…5M8w', hasOwnRules: true, updatedAt: new Date(NOW + 60_000).toISOString() });
      const after = await f.t.db.getAccount('acme');
      expect(after?.mpAccessTokenEnc).toBe(before?.mpAccessTokenEnc);
      expect(after?.ghlTokenEnc).toBe(before?.ghlTokenEnc);

      const token = await api('patch', '/api/accounts/acme').send({ mpAccessToken: 'APP_USR-5555-acme-new-token-Hh7P', rules: null });
      expect(token.body).toMatchObject({ mpAccessTokenLast4: '…Hh7P', ghlTokenLast4: '…5M8w', hasOwnRules: false, rules: null, name: 'Acme Studio SRL' });
      const back = await api('patch', '/api/accounts/acme').send({ mpAccessToken: ACME.mpAccessToken, slug: 'acme' });
      expect(back.body.mpAccessTokenLast4).toBe('…9QkZ');
    });

    it('refuses a bad change with 400 and an unknown account with 404', async () => {
      expect((await api('patch', '/api/accounts/acme').send({ slug: 'acme2' })).body).toEqual({ error: 'invalid slug: cannot be changed (add a new account instead)', field: 'slug' });
      expect((await api('patch', '/api/accounts/acme').send({})).body).toEqual({ error: 'invalid (body): give at least one field to change', field: '(body)' });
      expect((await api('patch', '/api/accounts/acme').send({ ghlToken: '' })).status).toBe(400);
      expect((await api('patch', '/api/accounts/acme').send({ rules: 'rules: 5' })).body.field).toBe('rules');
      expect((await api('patch', '/api/accounts/nobody').send({ name: 'x' })).status).toBe(404);
      expect((await f.t.db.getAccount('acme'))?.slug).toBe('acme');
    });

    it('disables and enables an account', async () => {
      const off = await api('post', '/api/accounts/initech/disable');
      expect(off.status).toBe(200);
      expect(fitsDoc(off.body, '/api/accounts/{slug}/disable', 'post', 200)).toEqual([]);
      expect(off.body.enabled).toBe(false);
      expect((await f.t.db.getAccount('initech'))?.enabled).toBe(false);
      expect((await api('post', '/api/accounts/initech/enable')).body.enabled).toBe(true);
      expect((await api('post', '/api/accounts/nobody/disable')).status).toBe(404);
    });

    it('tests the account\'s credentials against MercadoPago and GoHighLevel', async () => {
      const res = await api('post', '/api/accounts/acme/test');
      expect(res.status).toBe(200);
      expect(fitsDoc(res.body, '/api/accounts/{slug}/test', 'post', 200)).toEqual([]);
      expect(res.body).toEqual({
        slug: 'acme', ok: true, checks: [
          { service: 'mercadopago', status: 'pass', message: expect.stringContaining('ACME_SHOP (id 4471, MLA)') },
          { service: 'ghl', status: 'pass', message: expect.stringContaining('"Acme Studio" (loc-acme-1)') },
        ],
      });
      expect(upstreams.seen).toContain(`GET /mp/users/me (Bearer ${ACME.mpAccessToken})`);
      expect(upstreams.seen).toContain(`GET /ghl/locations/loc-acme-1 (Bearer ${ACME.ghlToken})`);
    });

    it('reports refused credentials and missing ones', async () => {
      const refused = await api('post', '/api/accounts/globex/test');
      expect(refused.body.ok).toBe(false);
      expect(refused.body.checks).toEqual([
        { service: 'mercadopago', status: 'fail', message: expect.stringMatching(/401/) },
        { service: 'ghl', status: 'warn', message: expect.stringContaining('no location id') },
      ]);
      const bare = await api('post', '/api/accounts/initech/test');
      expect(bare.body.checks.map((c: { status: string }) => c.status)).toEqual(['warn', 'warn']);
    });
  });

  describe('account filters on the lists (admin token)', () => {
    const ids: Record<string, number> = {};
    beforeAll(async () => {
      const setAccount = (table: string, id: number, account: string) => f.t.db.knex(table).where('id', id).update({ account });
      ids.acmePayment = await seedPayment(f.t.db, { mpPaymentId: '7001' });
      ids.globexPayment = await seedPayment(f.t.db, { mpPaymentId: '7002' });
      ids.defaultPayment = await seedPayment(f.t.db, { mpPaymentId: '7003' });
      await setAccount('payments', ids.acmePayment, 'acme');
      await setAccount('payments', ids.globexPayment, 'globex');
      ids.acmeFailed = await seedEvent(f.t.db, { status: 'failed', resourceId: '7001', paymentId: ids.acmePayment, receivedAt: NOW - 120_000 });
      ids.acmeSuccess = await seedEvent(f.t.db, { status: 'success', resourceId: '7001', receivedAt: NOW - 60_000 });
      ids.globexFailed = await seedEvent(f.t.db, { status: 'failed', resourceId: '7002', paymentId: ids.globexPayment, receivedAt: NOW - 30_000 });
      ids.defaultFailed = await seedEvent(f.t.db, { status: 'failed', resourceId: '7003', receivedAt: NOW - 10_000 });
      for (const id of [ids.acmeFailed, ids.acmeSuccess]) await setAccount('webhook_events', id, 'acme');
      await setAccount('webhook_events', ids.globexFailed, 'globex');
      const sweep = { startedAt: NOW - 300_000, finishedAt: NOW - 299_000, windowStart: NOW - 3_600_000, windowEnd: NOW, pages: 1, checked: 3, missing: 0, changed: 0, queued: 0, errors: 0, dryRun: false, runBy: 'w', error: null };
      await f.t.db.recordReconciliation({ ...sweep, account: 'acme' });
      await f.t.db.recordReconciliation({ ...sweep, account: 'globex' });
    });

    it('narrows events, payments, stats, sweeps and the bulk retry to one account; every item says its account', async () => {
      const events = await api('get', '/api/webhook-events?account=acme');
      expect(events.body.data.map((e: { id: number; account: string }) => [e.id, e.account])).toEqual([[ids.acmeSuccess, 'acme'], [ids.acmeFailed, 'acme']]);
      expect(fitsDoc(events.body, '/api/webhook-events', 'get', 200)).toEqual([]);
      const all = await api('get', '/api/webhook-events');
      expect(new Set(all.body.data.map((e: { account: string }) => e.account))).toEqual(new Set(['acme', 'globex', 'default']));
      expect((await api('get', '/api/webhook-events?account=default')).body.data.map((e: { id: number }) => e.id)).toEqual([ids.defaultFailed]);
      expect((await api('get', `/api/webhook-events/${ids.globexFailed}`)).body.account).toBe('globex');

      const payments = await api('get', '/api/payments?account=globex');
      expect(payments.body.data.map((p: { id: number; account: string }) => [p.id, p.account])).toEqual([[ids.globexPayment, 'globex']]);
      expect(fitsDoc(payments.body, '/api/payments', 'get', 200)).toEqual([]);
      const payment = await api('get', `/api/payments/${ids.acmePayment}`);
      expect(payment.body.account).toBe('acme');
      expect(payment.body.events.map((e: { id: number; account: string }) => [e.id, e.account])).toEqual([[ids.acmeSuccess, 'acme'], [ids.acmeFailed, 'acme']]);

      const stats = await api('get', '/api/stats?account=acme');
      expect(stats.body.by_status).toMatchObject({ failed: 1, success: 1, pending: 0 });
      expect(fitsDoc(stats.body, '/api/stats', 'get', 200)).toEqual([]);
      expect((await api('get', '/api/stats')).body.by_status.failed).toBe(3);

      const sweeps = await api('get', '/api/reconciliations?account=globex');
      expect(sweeps.body.data.map((r: { account: string }) => r.account)).toEqual(['globex']);
      expect(fitsDoc(sweeps.body, '/api/reconciliations', 'get', 200)).toEqual([]);

      expect((await api('post', '/api/webhook-events/retry?account=acme&dry_run=true')).body).toEqual({ count: 1 });
      expect((await api('post', '/api/webhook-events/retry?account=acme')).body).toEqual({ count: 1 });
      expect((await f.t.db.getEvent(ids.globexFailed))?.status).toBe('failed');
      expect((await f.t.db.getEvent(ids.acmeFailed))?.status).toBe('pending');
      await f.t.db.knex('webhook_events').where('id', ids.acmeFailed).update({ status: 'failed' });
    });

    it('refuses a malformed account with 400 naming it', async () => {
      for (const url of ['/api/webhook-events?account=ACME', '/api/payments?account=a%20b', '/api/stats?account=x;drop', '/api/reconciliations?account=-x']) {
        const res = await api('get', url);
        expect(res.status).toBe(400);
        expect(res.body.parameter).toBe('account');
      }
    });

    describe('a viewer token', () => {
      let viewer: string;
      beforeAll(async () => {
        const issued = await api('post', '/api/accounts/acme/viewer-token');
        expect(issued.status).toBe(201);
        expect(fitsDoc(issued.body, '/api/accounts/{slug}/viewer-token', 'post', 201)).toEqual([]);
        viewer = `Bearer ${issued.body.token}`;
        expect(issued.body.account.viewerToken).toBe(true);
        expect((await f.t.db.getAccount('acme'))?.viewerTokenHash).toBe(hashViewerToken(issued.body.token));
      });

      it('reads only its account\'s events, payments, stats and sweeps', async () => {
        const events = await api('get', '/api/webhook-events', viewer);
        expect(events.status).toBe(200);
        expect(events.body.data.map((e: { id: number }) => e.id)).toEqual([ids.acmeSuccess, ids.acmeFailed]);
        expect(events.body.total).toBe(2);
        expect((await api('get', '/api/webhook-events?account=acme&status=failed', viewer)).body.data.map((e: { id: number }) => e.id)).toEqual([ids.acmeFailed]);
        expect((await api('get', `/api/webhook-events/${ids.acmeFailed}`, viewer)).status).toBe(200);
        expect((await api('get', '/api/payments', viewer)).body.data.map((p: { id: number }) => p.id)).toEqual([ids.acmePayment]);
        expect((await api('get', `/api/payments/${ids.acmePayment}`, viewer)).body.account).toBe('acme');
        const stats = await api('get', '/api/stats', viewer);
        expect(stats.body.by_status).toMatchObject({ failed: 1, success: 1 });
        expect(stats.body.last_day.received).toBe(2);
        expect((await api('get', '/api/reconciliations', viewer)).body.data.map((r: { account: string }) => r.account)).toEqual(['acme']);
      });

      it('gets 403 for another account\'s lists and 404 for another account\'s event or payment', async () => {
        for (const url of ['/api/webhook-events?account=globex', '/api/webhook-events?account=default', '/api/payments?account=globex', '/api/stats?account=globex', '/api/reconciliations?account=default']) {
          const res = await api('get', url, viewer);
          expect({ url, status: res.status }).toEqual({ url, status: 403 });
          expect(res.body.error).toMatch(/only sees account acme/);
        }
        for (const url of [`/api/webhook-events/${ids.globexFailed}`, `/api/webhook-events/${ids.defaultFailed}`, `/api/payments/${ids.globexPayment}`, `/api/payments/${ids.defaultPayment}`]) {
          const res = await api('get', url, viewer);
          expect({ url, status: res.status }).toEqual({ url, status: 404 });
        }
      });

      it('gets 403 for everything else, and changes nothing', async () => {
        const calls: Array<[('get' | 'post' | 'patch' | 'delete'), string]> = [
          ['post', `/api/webhook-events/${ids.acmeFailed}/retry`], ['post', '/api/webhook-events/retry?account=acme'], ['post', '/api/payments'],
          ['get', '/api/accounts'], ['get', '/api/accounts/acme'], ['post', '/api/accounts'], ['patch', '/api/accounts/acme'],
          ['post', '/api/accounts/acme/disable'], ['post', '/api/accounts/acme/test'], ['post', '/api/accounts/acme/viewer-token'],
          ['delete', '/api/accounts/acme/viewer-token'], ['get', '/api/no-such-route'], ['delete', `/api/webhook-events/${ids.acmeFailed}`],
        ];
        for (const [method, url] of calls) {
          const res = await api(method, url, viewer).send({ name: 'hijacked', external_reference: 'x', ghl_contact_id: 'c' });
          expect({ method, url, status: res.status }).toEqual({ method, url, status: 403 });
        }
        expect((await f.t.db.getEvent(ids.acmeFailed))?.status).toBe('failed');
        expect((await f.t.db.getAccount('acme'))).toMatchObject({ name: 'Acme Studio SRL', enabled: true });
      });

      it('stops working when replaced, withdrawn or its account disabled', async () => {
        const replaced = await api('post', '/api/accounts/acme/viewer-token');
        expect((await api('get', '/api/stats', viewer)).status).toBe(401);
        const current = `Bearer ${replaced.body.token}`;
        expect((await api('get', '/api/stats', current)).status).toBe(200);
        await api('post', '/api/accounts/acme/disable');
        expect((await api('get', '/api/stats', current)).status).toBe(401);
        await api('post', '/api/accounts/acme/enable');
        expect((await api('get', '/api/stats', current)).status).toBe(200);
        const withdrawn = await api('delete', '/api/accounts/acme/viewer-token');
        expect(withdrawn.body.viewerToken).toBe(false);
        expect(fitsDoc(withdrawn.body, '/api/accounts/{slug}/viewer-token', 'delete', 200)).toEqual([]);
        expect((await api('get', '/api/stats', current)).status).toBe(401);
      });
    });
  });

  it('never put a secret in any answer', () => {
    expect(answers.length).toBeGreaterThan(60);
    for (const text of answers) for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});

describe('/api/accounts webhook URL with PUBLIC_URL', () => {
  let f: OperatorFixture;
  beforeAll(async () => { f = await createOperatorFixture({ SECRETS_KEY: TEST_SECRETS_KEY, PUBLIC_URL: 'https://pagos.example.com/' }); });
  afterAll(async () => { await f.t.destroy(); });

  it('builds the webhook URL on PUBLIC_URL', async () => {
    const res = await request(f.app).post('/api/accounts').set('Authorization', BEARER).send({ slug: 'acme', name: 'Acme' });
    expect(res.body.webhookUrl).toBe('https://pagos.example.com/webhooks/mp/acme');
  });
});

describe('/api/accounts workflow secret (payment links from GoHighLevel workflows)', () => {
  const WORKFLOW_SECRET = 'wf-acme-api-secret-3f9b27c1d8';
  const NEW_SECRET = 'wf-acme-api-secret-rotated-77e4a0';
  const MP_TOKEN = 'APP_USR-acme-links-token-0001';
  const GHL_TOKEN = 'pit-acme-links-token-0002';
  it('stores it encrypted, shows its last four only, and the workflow route then accepts it', async () => {
    const mp = await createFakeMercadoPago({ accounts: [{ accessToken: MP_TOKEN, userId: 900001 }] });
    const ghl = await createFakeGhl({ locations: [{ locationId: 'loc-links', token: GHL_TOKEN }] });
    const f = await createOperatorFixture({ SECRETS_KEY: TEST_SECRETS_KEY, MP_API_URL: mp.url, GHL_API_URL: ghl.url, GHL_RATE_LIMIT: 'off', PUBLIC_URL: 'https://pagos.example.com' });
    const answers: string[] = [];
    const api = async (method: 'post' | 'patch' | 'get', url: string, body?: object) => {
      const res = await request(f.app)[method](url).set('Authorization', BEARER).send(body);
      answers.push(res.text);
      return res;
    };
    try {
      const tooShort = await api('post', '/api/accounts', { slug: 'acme', name: 'Acme', ghlWorkflowSecret: 'short-secret' });
      expect(tooShort.status).toBe(400);
      expect(tooShort.body).toMatchObject({ field: 'ghlWorkflowSecret' });
      const added = await api('post', '/api/accounts', {
        slug: 'acme', name: 'Acme', mpAccessToken: MP_TOKEN, ghlToken: GHL_TOKEN, ghlLocationId: 'loc-links', ghlWorkflowSecret: WORKFLOW_SECRET,
      });
      expect(added.status).toBe(201);
      expect(added.body.ghlWorkflowSecretLast4).toBe('…c1d8');
      expect(added.body).not.toHaveProperty('ghlWorkflowSecret');
      expect(fitsDoc(added.body, '/api/accounts', 'post', 201)).toEqual([]);
      const row = await f.t.db.knex('accounts').where({ slug: 'acme' }).first();
      expect(JSON.stringify(row)).not.toContain(WORKFLOW_SECRET);
      const box = loadAccountsKey(f.config, { create: false }).box;
      expect(openAccount(box, (await f.t.db.getAccount('acme'))!).ghlWorkflowSecret).toBe(WORKFLOW_SECRET);
      expect((await api('patch', '/api/accounts/acme', { ghlWorkflowSecret: 'x'.repeat(15) })).status).toBe(400);
      const changed = await api('patch', '/api/accounts/acme', { ghlWorkflowSecret: NEW_SECRET });
      expect(changed.status).toBe(200);
      expect(changed.body.ghlWorkflowSecretLast4).toBe('…e4a0');
      expect((await api('get', '/api/accounts')).body.data[0].ghlWorkflowSecretLast4).toBe(changed.body.ghlWorkflowSecretLast4);
      await api('get', '/api/accounts/acme');
      for (const text of answers) for (const secret of [WORKFLOW_SECRET, NEW_SECRET, MP_TOKEN, GHL_TOKEN]) expect(text).not.toContain(secret);

      // the receiver with the stored accounts: GoHighLevel's workflow action asks for a link with the new secret
      ghl.location('loc-links').addCustomField({ key: 'contact.mp_payment_link', name: 'Link de pago' });
      const contact = ghl.location('loc-links').addContact({ email: 'fede@acme.example', firstName: 'Fede' }).id;
      const config = loadConfig({ DATABASE_URL: f.t.url, SECRETS_KEY: TEST_SECRETS_KEY, MP_API_URL: mp.url, GHL_API_URL: ghl.url, GHL_RATE_LIMIT: 'off', PUBLIC_URL: 'https://pagos.example.com' });
      const app = createApp({ store: f.t.db, config, logger: createSilentLogger(), accounts: createAccountDirectory(f.t.db, box) });
      const body = { contact_id: contact, location: { id: 'loc-links' }, workflow: { id: 'wf-1' }, customData: { amount: '1500', title: 'Curso' } };
      expect((await request(app).post('/webhooks/ghl/payment-link/acme').set('x-ghl-payments-secret', WORKFLOW_SECRET).send(body)).status).toBe(401);
      const created = await request(app).post('/webhooks/ghl/payment-link/acme').set('x-ghl-payments-secret', NEW_SECRET).send(body);
      expect(created.status).toBe(201);
      expect(created.body.init_point).toContain(`${mp.url}/checkout/v1/redirect?pref_id=`);
      expect(mp.account(MP_TOKEN).getPreference(created.body.preference_id)).toMatchObject({
        metadata: { ghl_contact_id: contact }, notification_url: 'https://pagos.example.com/webhooks/mp/acme?source_news=webhooks',
      });
      expect(created.text).not.toContain(NEW_SECRET);
    } finally {
      await f.t.destroy();
      await Promise.all([mp.close(), ghl.close()]);
    }
  }, 30_000);
});
