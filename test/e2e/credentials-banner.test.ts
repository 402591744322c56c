import request from 'supertest';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { buildOperatorRouters, createApp } from '@ghl-payments/receiver';
import { BIN, createE2eHarness, E2eHarness, paymentEvent, runCli } from '@ghl-payments/test-support';

const ADMIN_TOKEN = 'e2e-admin-token-4Nf8Qw2Lx7Rk5Tz9Vb3Hc6Jm';
const REFUSED_TOKEN = 'APP_USR-revoked-4Nf8Qw2Lx7Rk5Tz9';

// A MercadoPago token that MercadoPago refuses (HTTP 401): the events wait, and the overview says why, how many, and
// what to check — until the token is fixed and they are processed.
describe('the overview banner for events waiting for credentials', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness({ MP_ACCESS_TOKEN: REFUSED_TOKEN, RETRY_SCHEDULE: '10ms' }); });
  afterEach(async () => { await h.destroy(); });

  /** The dashboard on the harness's database, signed in. */
  async function signedInDashboard() {
    const config = loadConfig({ ...h.env, ADMIN_TOKEN, UI_LANGUAGE: 'en' });
    const logger = createSilentLogger();
    const app = createApp({ store: h.t.db, config, logger, routers: buildOperatorRouters({ store: h.t.db, config, logger, adminToken: ADMIN_TOKEN, now: () => Date.now() }) });
    const agent = request.agent(app);
    expect((await agent.post('/admin/login').type('form').send({ token: ADMIN_TOKEN, next: '/admin' })).status).toBe(303);
    return agent;
  }

  it('shows the count and the variable to check while MercadoPago answers 401, in English and Spanish, and goes once it works', async () => {
    h.mp.setPayment({ id: 9811, status: 'approved', payer: { email: 'wait-a@example.com' } });
    h.mp.setPayment({ id: 9812, status: 'approved', payer: { email: 'wait-b@example.com' } });
    const ids = [await h.notifyPayment(9811), await h.notifyPayment(9812)];
    for (let run = 0; run < 2; run += 1) {
      const result = await runCli(BIN.processWebhooks, [], h.env);
      expect(result.code).toBe(0);
      await new Promise((r) => setTimeout(r, 30)); // past the retry delay
    }
    const rows = await h.t.db.knex('webhook_events').whereIn('id', ids).select('status', 'failures', 'waiting_reason', 'last_error');
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'pending', waiting_reason: 'credentials:mercadopago' });
      expect(Number(row.failures)).toBe(0);
      expect(row.last_error).toMatch(/MercadoPago refused the credentials .*\(HTTP 401.*check MP_ACCESS_TOKEN/);
    }
    expect(JSON.stringify(rows)).not.toContain(REFUSED_TOKEN);

    const agent = await signedInDashboard();
    const en = await agent.get('/admin').set('Accept-Language', 'en');
    expect(en.text).toContain('data-waiting-credentials="mercadopago" data-count="2"');
    expect(en.text).toContain('<strong>2 events are waiting: MercadoPago does not accept the access token (missing or refused) — check MP_ACCESS_TOKEN');
    expect(en.text).toContain('They will be processed as soon as it works; nothing is lost.');
    expect(en.text).toContain('<a href="/admin/events?status=pending&amp;waiting=credentials%3Amercadopago">See the waiting events</a>');
    const es = await agent.get('/admin').set('Accept-Language', 'es-AR');
    expect(es.text).toContain('<html lang="es">');
    expect(es.text).toContain('<strong>2 notificaciones están en espera: MercadoPago no acepta el access token (falta o fue rechazado). Revisá MP_ACCESS_TOKEN');
    expect((await agent.get('/admin/stats.json')).body.waiting_for_credentials).toEqual({ mercadopago: 2 });
    // the banner's link lists the events waiting for MercadoPago's credentials, not every pending one
    const other = (await h.t.db.insertEvent(paymentEvent('n-banner-other', 9819), Date.now())).id;
    const waiting = await agent.get('/admin/events?status=pending&waiting=credentials%3Amercadopago').set('Accept-Language', 'en');
    for (const id of ids) expect(waiting.text).toContain(`data-event-id="${id}"`);
    expect(waiting.text).not.toContain(`data-event-id="${other}"`);
    expect(waiting.text).toContain('Only the events waiting for MercadoPago to accept the credentials.');
    expect((await agent.get('/admin/events?status=pending').set('Accept-Language', 'en')).text).toContain(`data-event-id="${other}"`);
    expect((await agent.get('/admin/events?waiting=everything')).status).toBe(400);
    await h.t.db.knex('webhook_events').where('id', other).delete();

    // the operator fixes the token: the next run processes both, and the banner is gone
    const fixed = await runCli(BIN.processWebhooks, [], { ...h.env, MP_ACCESS_TOKEN: h.mp.accessToken });
    expect(fixed.code).toBe(0);
    expect(await h.statuses()).toEqual({ success: 2 });
    expect(Number((await h.t.db.knex('webhook_events').whereNotNull('waiting_reason').count({ n: '*' }).first())?.n)).toBe(0);
    const after = await agent.get('/admin').set('Accept-Language', 'en');
    expect(after.text).not.toContain('data-waiting-credentials');
    expect(after.text).not.toContain('events are waiting');
    expect((await agent.get('/admin/stats.json')).body.waiting_for_credentials).toEqual({});
  });

  it('counts a missing MercadoPago token and a refused GoHighLevel token apart, per service', async () => {
    h.mp.setPayment({ id: 9821, status: 'approved', payer: { email: 'wait-c@example.com' } });
    const missing = await h.notifyPayment(9821);
    expect((await runCli(BIN.processWebhooks, [], { ...h.env, MP_ACCESS_TOKEN: '' })).code).toBe(0);
    await new Promise((r) => setTimeout(r, 30));
    // MercadoPago works, GoHighLevel refuses its token (HTTP 401): the payment is read, the contact cannot be reached
    h.mp.setPayment({ id: 9822, status: 'approved', payer: { email: 'wait-d@example.com' } });
    const refused = await h.notifyPayment(9822);
    const ghlRefused = { ...h.env, MP_ACCESS_TOKEN: h.mp.accessToken, GHL_API_TOKEN: 'pit-revoked-4Nf8Qw2Lx7Rk5Tz9Vb3H' };
    await h.t.db.knex('webhook_events').where({ id: missing }).update({ next_retry_at: Date.now() + 3_600_000 }); // not this run
    expect((await runCli(BIN.processWebhooks, [], ghlRefused)).code).toBe(0);
    const reasons = await h.t.db.knex('webhook_events').whereIn('id', [missing, refused]).orderBy('id').pluck('waiting_reason');
    expect(reasons).toEqual(['credentials:mercadopago', 'credentials:ghl']);

    const agent = await signedInDashboard();
    const pt = await agent.get('/admin').set('Accept-Language', 'pt-BR');
    expect(pt.text).toContain('<strong>1 notificação está aguardando: o MercadoPago não aceita o access token');
    expect(pt.text).toContain('<strong>1 notificação está aguardando: o GoHighLevel não aceita o token (ausente ou recusado). Verifique GHL_API_TOKEN e GHL_LOCATION_ID');
    expect(pt.text).toContain('Ela será processada assim que funcionar; nada se perde.');
    expect((await agent.get('/admin/stats.json')).body.waiting_for_credentials).toEqual({ mercadopago: 1, ghl: 1 });
  });
});
