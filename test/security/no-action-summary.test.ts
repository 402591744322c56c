import request from 'supertest';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { buildOperatorRouters, createApp } from '@ghl-payments/receiver';
import { BIN, createE2eHarness, E2eHarness, runCli } from '@ghl-payments/test-support';

// Security review item: a payment whose status has no configured action ended `success` with nothing recorded about
// why nothing was done. The summary is kept on the event and shown by the API, the dashboard and the CLI, never as
// an error.

const ADMIN_TOKEN = 'test-admin-token-Summary-9Xq4Lm2Rt7Vb';

describe('what a success did (or why it did nothing) is kept and shown', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness({ ADMIN_TOKEN }); });
  afterEach(async () => { await h.destroy(); });

  it('an authorized payment, for whose status no rule exists: success, with its summary, and no error', async () => {
    h.mp.setPayment({ id: 9700, status: 'authorized', payer: { email: 'buyer9700@example.com' } });
    h.mp.setPayment({ id: 9701, status: 'approved', payer: { email: 'buyer9701@example.com' } });
    const config = loadConfig({ ...h.env, ADMIN_TOKEN, UI_LANGUAGE: 'en' });
    const logger = createSilentLogger();
    const routers = buildOperatorRouters({ store: h.t.db, config, logger, adminToken: ADMIN_TOKEN });
    const app = createApp({ store: h.t.db, config, logger, routers });
    const noRule = await h.notifyPayment(9700);
    const approved = await h.notifyPayment(9701);

    const worker = await runCli(BIN.processWebhooks, [], h.env);
    expect(worker.code).toBe(0);
    expect(h.ghl.tagCalls()).toHaveLength(1);

    // the database
    const row = await h.t.db.knex('webhook_events').where('id', noRule).first();
    expect(row).toMatchObject({ status: 'success', last_error: null });
    expect(row.summary).toMatch(/payment 9700 authorized → no rule for status authorized/);
    const tagged = await h.t.db.knex('webhook_events').where('id', approved).first();
    expect(tagged.summary).toMatch(/payment 9701 approved → contact \S+: add tags pago-aprobado; remove tags pago-pendiente$/);
    const attempts = await h.t.db.knex('webhook_attempts').where('event_id', noRule);
    expect(attempts.map((a: { outcome: string; error: unknown }) => [a.outcome, a.error])).toEqual([['success', null]]);

    // the API: `summary`, and `last_error` stays null
    const api = await request(app).get(`/api/webhook-events/${noRule}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ status: 'success', last_error: null, summary: expect.stringContaining('no rule for status authorized') });

    // the dashboard event page: shown as a summary, not under "Last error"
    const agent = request.agent(app);
    const login = await agent.post('/admin/login').type('form').send({ token: ADMIN_TOKEN, next: '/admin/events' });
    expect(login.status).toBe(303);
    const page = await agent.get(`/admin/events/${noRule}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/id="event-summary"><h2>What was done<\/h2><p>payment 9700 authorized → no rule for status authorized<\/p>/);
    expect(page.text).not.toContain('Last error');

    // the CLI
    const shown = await runCli(BIN.ghlPayments, ['events', 'show', String(noRule)], h.env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^ {2}summary {7}payment 9700 authorized → no rule for status authorized$/m);
    expect(shown.stdout).not.toMatch(/last error/);
    const json = await runCli(BIN.ghlPayments, ['events', 'show', String(noRule), '--json'], h.env);
    expect(JSON.parse(json.stdout)).toMatchObject({ summary: expect.stringContaining('no rule for status authorized'), last_error: null });
  });
});
