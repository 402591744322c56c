import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Config, createSilentLogger, loadAccountsKey, loadConfig } from '@ghl-payments/core';
import { RunningReceiver, startReceiver } from '@ghl-payments/receiver';
import { buildWebhookNotification, createFakeGhl, createFakeMercadoPago, FakeGhl, FakeMercadoPago, sendMercadoPagoNotification } from '@ghl-payments/sandbox';
import { sealAccountSecrets } from '@ghl-payments/store';
import { BIN, createTestDatabase, runCli, startCli, TestDatabase, waitUntil } from '@ghl-payments/test-support';

// Issue 18: one deployment, several clients. Each account's notifications are checked with its own secret, processed
// with its own MercadoPago and GoHighLevel credentials and rules, and one account's outage leaves the others flowing.

const ACME = { slug: 'acme', mpToken: 'APP_USR-acme-mp-token-0001-aaaa', secret: 'acme-webhook-secret-1111', ghlToken: 'pit-acme-ghl-token-2222', location: 'loc-acme', userId: 700001 };
const BETA = { slug: 'beta', mpToken: 'APP_USR-beta-mp-token-0002-bbbb', secret: 'beta-webhook-secret-3333', ghlToken: 'pit-beta-ghl-token-4444', location: 'loc-beta', userId: 700002 };
const ACME_RULES = 'rules:\n  - name: acme approved\n    when: { status: approved }\n    actions:\n      - addTags: [acme-pagado]\n';

describe('an agency deployment with two accounts', () => {
  let t: TestDatabase;
  let mp: FakeMercadoPago;
  let ghl: FakeGhl;
  let dataDir: string;
  let env: Record<string, string>;
  let config: Config;
  let receiver: RunningReceiver;

  beforeEach(async () => {
    t = await createTestDatabase();
    mp = await createFakeMercadoPago({ accounts: [{ accessToken: ACME.mpToken, userId: ACME.userId }, { accessToken: BETA.mpToken, userId: BETA.userId }] });
    ghl = await createFakeGhl({ locations: [{ locationId: ACME.location, token: ACME.ghlToken }, { locationId: BETA.location, token: BETA.ghlToken }] });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-agency-'));
    env = {
      DATABASE_URL: t.url, PORT: '0', MP_API_URL: mp.url, GHL_API_URL: ghl.url, GHL_RATE_LIMIT: 'off', RETRY_SCHEDULE: '200ms,200ms',
      WORKER_POLL_INTERVAL: '50ms', LOG_DIR: path.join(dataDir, 'logs'), SECRETS_KEY: 'ab'.repeat(32), CIRCUIT_BREAKER_COOLDOWN: '30s',
    };
    config = loadConfig(env);
    const { box } = loadAccountsKey(config);
    const add = async (a: typeof ACME, rules: string | null) => {
      await t.db.createAccount({
        slug: a.slug, name: a.slug.toUpperCase(), enabled: true, ghlLocationId: a.location, rules,
        ...sealAccountSecrets(box, a.slug, { mpAccessToken: a.mpToken, mpWebhookSecrets: [a.secret], ghlToken: a.ghlToken }),
      }, Date.now());
    };
    await add(ACME, ACME_RULES);
    await add(BETA, null);
    receiver = await startReceiver({ config, logger: createSilentLogger(), store: t.db, operators: false });
  });
  afterEach(async () => {
    await receiver.close();
    await Promise.all([mp.close(), ghl.close()]);
    await t.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const notify = (slug: string, paymentId: number, secret: string) => sendMercadoPagoNotification(
    `${receiver.url}/webhooks/mp/${slug}`, buildWebhookNotification({ type: 'payment', dataId: paymentId, secret }),
  );
  const approved = (a: typeof ACME, id: number, email: string) => mp.account(a.mpToken).setPayment({ id, status: 'approved', payer: { email } });

  it('checks each account\'s signature, refuses unknown and disabled accounts, and processes each with its own credentials and rules', async () => {
    approved(ACME, 81001, 'ana@acme.example');
    approved(BETA, 82001, 'bia@beta.example');
    expect((await notify('acme', 81001, ACME.secret)).status).toBe(200);
    expect((await notify('beta', 82001, BETA.secret)).status).toBe(200);
    expect((await notify('beta', 82001, ACME.secret)).status).toBe(401); // acme's secret is not beta's
    expect((await notify('nobody', 82001, BETA.secret)).status).toBe(404);
    expect((await notify('Not_A_Slug', 82001, BETA.secret)).status).toBe(404);
    const stored = await t.db.knex('webhook_events').orderBy('id').select('account', 'resource_id');
    expect(stored).toEqual([{ account: 'acme', resource_id: '81001' }, { account: 'beta', resource_id: '82001' }]);

    const run = await runCli(BIN.processWebhooks, [], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/success=2/);
    // each account's contact is in its own location, tagged by its own rules
    const acmeContact = ghl.location(ACME.location).findContactByEmail('ana@acme.example');
    const betaContact = ghl.location(BETA.location).findContactByEmail('bia@beta.example');
    expect(acmeContact?.tags).toEqual(['acme-pagado']);
    expect(betaContact?.tags).toEqual(expect.arrayContaining(['pago-aprobado']));
    expect(ghl.location(ACME.location).findContactByEmail('bia@beta.example')).toBeUndefined();
    const payments = await t.db.knex('payments').orderBy('mp_payment_id').select('mp_payment_id', 'account');
    expect(payments).toEqual([{ mp_payment_id: '81001', account: 'acme' }, { mp_payment_id: '82001', account: 'beta' }]);
    // nothing of either account's secrets in the logs
    const logs = fs.readdirSync(env.LOG_DIR).map((f) => fs.readFileSync(path.join(env.LOG_DIR, f), 'utf8')).join('\n') + run.stdout + run.stderr;
    for (const secret of [ACME.mpToken, ACME.ghlToken, ACME.secret, BETA.mpToken, BETA.ghlToken, BETA.secret]) expect(logs).not.toContain(secret);

    await t.db.updateAccount('beta', { enabled: false }, Date.now());
    await new Promise((r) => setTimeout(r, 5200)); // the receiver re-reads an account within 5 s
    expect((await notify('beta', 82001, BETA.secret)).status).toBe(404);
  }, 30_000);

  if (process.env.TEST_DB !== 'postgres') {
    it('keeps no secret in clear in the database file', async () => {
      await t.db.close();
      const file = t.url.replace(/^sqlite:/, '');
      const bytes = [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('');
      expect(bytes).toContain('loc-acme');
      for (const secret of [ACME.mpToken, ACME.ghlToken, ACME.secret, BETA.mpToken, BETA.ghlToken, BETA.secret]) expect(bytes).not.toContain(secret);
    });
  }

  it('one account\'s GoHighLevel outage opens its circuit only: the other account keeps flowing, and the waiting events are not failed', async () => {
    ghl.location(ACME.location).fail({ status: 500, times: 1000 });
    for (let n = 0; n < 6; n += 1) {
      approved(ACME, 83000 + n, `a${n}@acme.example`);
      expect((await notify('acme', 83000 + n, ACME.secret)).status).toBe(200);
    }
    const worker = startCli(BIN.processWebhooks, ['--loop'], { ...env, CIRCUIT_BREAKER_THRESHOLD: '3' });
    try {
      await worker.waitForOutput(/acme circuit open|circuit open/, 20_000);
      for (let n = 0; n < 5; n += 1) {
        approved(BETA, 84000 + n, `b${n}@beta.example`);
        expect((await notify('beta', 84000 + n, BETA.secret)).status).toBe(200);
      }
      const started = Date.now();
      await waitUntil(async () => Number((await t.db.knex('webhook_events').where({ account: 'beta', status: 'success' }).count({ n: '*' }).first())?.n) === 5, 10_000);
      expect(Date.now() - started).toBeLessThan(5000);
      const acme = await t.db.knex('webhook_events').where({ account: 'acme' }).select('status');
      expect(acme.every((e) => e.status === 'pending' || e.status === 'processing')).toBe(true);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exitedWithin(30_000);
    }
  }, 60_000);

  it('reconciles each account against its own MercadoPago account, on demand and on schedule', async () => {
    approved(ACME, 85001, 'late@acme.example'); // paid, never notified
    approved(BETA, 86001, 'late@beta.example');
    const acme = await runCli(BIN.ghlPayments, ['reconcile', '--account', 'acme'], env);
    expect(acme.stderr).toBe('');
    expect(acme.stdout).toMatch(/checked=1 missing=1 changed=0 queued=1/); // beta's payment is not acme's to see
    expect(await t.db.knex('webhook_events').where({ source: 'reconcile' }).select('account', 'resource_id')).toEqual([{ account: 'acme', resource_id: '85001' }]);
    expect((await runCli(BIN.ghlPayments, ['reconcile', '--account', 'nobody'], env)).stderr).toMatch(/^ghl-payments: no account "nobody": see ghl-payments accounts list\n$/);

    // cron: the first run schedules each account's sweep an interval ahead; a later run sweeps every account due
    const cron = { ...env, RECONCILE_INTERVAL: '1s' };
    expect((await runCli(BIN.processWebhooks, [], cron)).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await runCli(BIN.processWebhooks, [], cron)).code).toBe(0);
    const sweeps = await t.db.knex('reconciliations').where({ dry_run: false }).orderBy('id').select('account', 'missing');
    expect(sweeps.map((r) => r.account)).toEqual(expect.arrayContaining(['acme', 'beta']));
    expect(sweeps.find((r) => r.account === 'beta')?.missing).toBe(1);
    expect(sweeps.some((r) => r.account === 'default')).toBe(false); // no MP_ACCESS_TOKEN: the deployment has no shop of its own
    expect((await runCli(BIN.processWebhooks, [], cron)).code).toBe(0); // runs beta's recovered event
    expect(ghl.location(BETA.location).findContactByEmail('late@beta.example')?.tags).toEqual(expect.arrayContaining(['pago-aprobado']));
  }, 30_000);
});
