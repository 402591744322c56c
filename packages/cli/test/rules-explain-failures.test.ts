import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFakeGhl, createFakeMercadoPago, FakeGhl, FakeMercadoPago } from '@ghl-payments/sandbox';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { buildOperatorRouters, createApp } from '@ghl-payments/receiver';
import { ADMIN_TOKEN, BIN, createTestDatabase, paymentEvent, runCli, signIn, TestDatabase } from '@ghl-payments/test-support';

const GHL_TOKEN = 'pit-explain-failures-3c9a';
const RULES = `
rules:
  - name: curso
    when: { status: approved }
    actions:
      - addTags: [alumno]
      - setCustomFields: { mp_amount: "{{payment.transaction_amount}}" }
`;

describe('ghl-payments rules explain shows the failed attempts of a payment', () => {
  let t: TestDatabase;
  let mp: FakeMercadoPago;
  let ghl: FakeGhl;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await createTestDatabase();
    mp = await createFakeMercadoPago();
    ghl = await createFakeGhl({ token: GHL_TOKEN, locationId: 'loc-test' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-explain-'));
    fs.writeFileSync(path.join(dir, 'rules.yaml'), RULES);
    env = {
      DATABASE_URL: t.url, MP_API_URL: mp.url, MP_ACCESS_TOKEN: 'TEST-mp-token', GHL_API_URL: ghl.url, GHL_API_TOKEN: GHL_TOKEN,
      GHL_LOCATION_ID: 'loc-test', GHL_RATE_LIMIT: 'off', RULES_FILE: path.join(dir, 'rules.yaml'), LOG_DIR: dir,
    };
  });
  afterAll(async () => {
    await Promise.all([mp.close(), ghl.close()]);
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a failed action (an unknown custom field) shows in the timeline with its time and error; the token never shows', async () => {
    ghl.addContact({ id: 'c-explain', email: 'explain@example.com' });
    mp.setPayment({ id: 9301, status: 'approved', transaction_amount: 1500, metadata: { ghl_contact_id: 'c-explain' } });
    const eventId = (await t.db.insertEvent(paymentEvent('n-explain-1', 9301), Date.now())).id;
    const worker = await runCli(BIN.processWebhooks, [], env);
    expect(worker.code).toBe(0);
    expect((await t.db.knex('webhook_events').where('id', eventId).first()).status).toBe('failed');

    const res = await runCli(BIN.ghlPayments, ['rules', 'explain', '9301'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('  curso #1 add tags alumno: applied');
    expect(res.stdout).toContain('  curso #2 set mp_amount={{payment.transaction_amount}}: not done');
    const [attempt] = await t.db.knex('webhook_attempts').where('event_id', eventId);
    const at = new Date(Number(attempt.finished_at)).toISOString().replace('T', ' ').slice(0, 19);
    expect(res.stdout).toContain(`  ${at}  event #${eventId} attempt 1 failed for good: GoHighLevel location loc-test has no custom field with key `
      + '"contact.mp_amount": create it in GoHighLevel (Settings → Custom Fields) or fix the key in the rules file');
    // the failure sits after the action that was done before it
    expect(res.stdout.indexOf('approved#1 curso: add tags alumno')).toBeLessThan(res.stdout.indexOf(`event #${eventId} attempt 1 failed`));
    expect(res.stdout).not.toContain(GHL_TOKEN);
  });

  it('a payment with no failed attempt shows none', async () => {
    ghl.addContact({ id: 'c-explain2', email: 'explain2@example.com' });
    mp.setPayment({ id: 9302, status: 'pending', metadata: { ghl_contact_id: 'c-explain2' } });
    await t.db.insertEvent(paymentEvent('n-explain-2', 9302), Date.now());
    expect((await runCli(BIN.processWebhooks, [], env)).code).toBe(0);
    const res = await runCli(BIN.ghlPayments, ['rules', 'explain', '9302'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).not.toMatch(/attempt \d+ (failed|lost)/);
  });
});

describe('the dashboard\'s payment page shows the same failed attempts', () => {
  it('lists the failed attempt in the timeline with its error, in the page\'s language', async () => {
    const t = await createTestDatabase();
    const mp = await createFakeMercadoPago();
    const ghl = await createFakeGhl({ token: GHL_TOKEN, locationId: 'loc-test' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-explain-page-'));
    try {
      fs.writeFileSync(path.join(dir, 'rules.yaml'), RULES);
      const env = {
        DATABASE_URL: t.url, MP_API_URL: mp.url, MP_ACCESS_TOKEN: 'TEST-mp-token', GHL_API_URL: ghl.url, GHL_API_TOKEN: GHL_TOKEN,
        GHL_LOCATION_ID: 'loc-test', GHL_RATE_LIMIT: 'off', RULES_FILE: path.join(dir, 'rules.yaml'), LOG_DIR: dir,
      };
      ghl.addContact({ id: 'c-page', email: 'page@example.com' });
      mp.setPayment({ id: 9311, status: 'approved', transaction_amount: 1500, metadata: { ghl_contact_id: 'c-page' } });
      const eventId = (await t.db.insertEvent(paymentEvent('n-page-1', 9311), Date.now())).id;
      expect((await runCli(BIN.processWebhooks, [], env)).code).toBe(0);

      const config = loadConfig({ ...env, ADMIN_TOKEN });
      const routers = buildOperatorRouters({ store: t.db, config, logger: createSilentLogger(), adminToken: ADMIN_TOKEN, now: Date.now });
      const app = createApp({ store: t.db, config, logger: createSilentLogger(), now: Date.now, routers });
      const { agent } = await signIn(app);
      const paymentId = (await t.db.knex('payments').where('mp_payment_id', '9311').first()).id;
      const page = await agent.get(`/admin/payments/${paymentId}`).set('Cookie', 'ghlp_lang=es');
      expect(page.status).toBe(200);
      expect(page.text).toContain(`data-failed-attempt="${eventId}"`);
      expect(page.text).toContain('El intento 1 no funcionó: GoHighLevel location loc-test has no custom field with key &quot;contact.mp_amount&quot;');
      expect(page.text).not.toContain(GHL_TOKEN);
    } finally {
      await Promise.all([mp.close(), ghl.close()]);
      await t.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
