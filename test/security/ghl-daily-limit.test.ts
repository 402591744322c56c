import fs from 'node:fs';
import request from 'supertest';
import { createSilentLogger } from '@ghl-payments/core';
import { buildOperatorRouters, createApp } from '@ghl-payments/receiver';
import { ADMIN_TOKEN, BEARER, BIN, createE2eHarness, E2eHarness, signIn, startAlertSink, startCli, waitUntil } from '@ghl-payments/test-support';
import { createUpstreamPauses } from '@ghl-payments/worker';

const DAY_MS = 86_400_000;


/**
 * Security review item 8: one GoHighLevel 429 with `Retry-After: 86400` (the daily limit) paused all GHL work for a
 * day, logged at info only. Now it alerts, logs at error, is recorded for every worker and shown on the dashboard and
 * in GET /api/stats; events that need no GHL call keep completing.
 */
describe('GoHighLevel daily limit', () => {
  let h: E2eHarness;
  let sink: Awaited<ReturnType<typeof startAlertSink>>;
  beforeEach(async () => {
    sink = await startAlertSink();
    h = await createE2eHarness({ ALERT_WEBHOOK_URL: sink.url, ALERT_LANGUAGE: 'en', UI_LANGUAGE: 'en', ADMIN_TOKEN, GHL_STATUS_TAGS: 'approved:pago-aprobado' });
  });
  afterEach(async () => {
    await h.destroy();
    await sink.close();
  });

  it('alerts, records the pause for every worker and the dashboard, and keeps processing events without GHL calls', async () => {
    h.mp.setPayment({ id: 9601, status: 'approved' });
    h.mp.setPayment({ id: 9602, status: 'approved' });
    h.mp.setPayment({ id: 9603, status: 'pending' }); // no tags for `pending`: needs no GHL call
    h.mp.setPayment({ id: 9604, status: 'approved' });
    h.ghl.fail({ method: 'POST', path: '/contacts/upsert', status: 429, headers: { 'retry-after': '86400' } });
    const first = await h.notifyPayment(9601);
    const started = Date.now();

    const worker = startCli(BIN.processWebhooks, ['--loop'], h.env);
    let second: number;
    let untagged: number;
    try {
      await waitUntil(async () => sink.texts.length >= 1, 10_000, 50);
      expect(sink.texts[0]).toMatch(/^ghl-payments: daily GoHighLevel limit reached, resumes at \d{4}-\d\d-\d\dT[\d:.]+Z \(daily GoHighLevel limit reached \(HTTP 429, Retry-After 86400\)\)/);
      const resumesAt = Date.parse(/resumes at (\S+) /.exec(sink.texts[0])![1]);
      expect(resumesAt - started).toBeGreaterThanOrEqual(DAY_MS - 1000);
      expect(resumesAt - Date.now()).toBeLessThanOrEqual(DAY_MS);

      // the same worker keeps going: the untagged payment completes, the one needing GHL waits, GHL is not called
      second = await h.notifyPayment(9602);
      untagged = await h.notifyPayment(9603);
      await waitUntil(async () => {
        const rows = await h.t.db.knex('webhook_events').whereIn('id', [second, untagged]).orderBy('id').select('status', 'attempts');
        return rows[0].attempts >= 1 && rows[0].status === 'pending' && rows[1].status === 'success';
      }, 10_000, 50);
    } finally {
      worker.child.kill('SIGTERM');
    }
    expect((await worker.exited).code).toBe(0);
    expect(h.ghl.requests).toHaveLength(1); // the 429 only
    const waiting = await h.t.db.knex('webhook_events').whereIn('id', [first, second]).select('status', 'failures', 'next_retry_at', 'last_error');
    for (const row of waiting) {
      expect(row.status).toBe('pending');
      expect(Number(row.failures)).toBe(0);
      expect(Number(row.next_retry_at) - started).toBeGreaterThanOrEqual(DAY_MS - 1000);
    }
    expect(sink.texts).toHaveLength(1); // one alert for the pause, not one per event

    // recorded for every worker process
    const pauses = await h.t.db.listUpstreamPauses(Date.now());
    expect(pauses).toEqual([{ service: 'ghl', until: expect.any(Number), reason: expect.stringMatching(/^daily GoHighLevel limit reached/) }]);
    expect(pauses[0].until - started).toBeGreaterThanOrEqual(DAY_MS - 1000);

    // logged at error level, not info
    const lines = fs.readFileSync(`${h.logDir}/webhook.log`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: string; message: string });
    expect(lines.find((l) => /daily GoHighLevel limit reached, resumes at/.test(l.message))?.level).toBe('error');

    // a new worker process (nothing in memory) honours the recorded pause: no GHL call
    const fourth = await h.notifyPayment(9604);
    const once = await startCli(BIN.processWebhooks, [], h.env).exited;
    expect(once.code).toBe(0);
    expect(once.stdout).toMatch(/deferred=1/);
    expect(h.ghl.requests).toHaveLength(1);
    const row = await h.t.db.knex('webhook_events').where('id', fourth).first();
    expect(row).toMatchObject({ status: 'pending' });
    expect(Number(row.next_retry_at)).toBe(pauses[0].until);
    expect(row.last_error).toMatch(/GoHighLevel paused until/);

    // the operators see it: GET /api/stats and a banner on the dashboard overview (escaped like everything else)
    await h.t.db.recordUpstreamPause({ service: 'mercadopago', until: Date.now() + 60_000, reason: '<script>alert(1)</script>' }, Date.now());
    const logger = createSilentLogger();
    const routers = buildOperatorRouters({ store: h.t.db, config: h.config, logger, adminToken: ADMIN_TOKEN, now: Date.now });
    const app = createApp({ store: h.t.db, config: h.config, logger, now: Date.now, routers });
    const stats = await request(app).get('/api/stats').set('Authorization', BEARER);
    expect(stats.status).toBe(200);
    expect(stats.body.pauses).toEqual([
      { service: 'ghl', until: new Date(pauses[0].until).toISOString(), reason: pauses[0].reason },
      { service: 'mercadopago', until: expect.any(String), reason: '<script>alert(1)</script>' },
    ]);
    const { agent } = await signIn(app);
    const page = await agent.get('/admin');
    expect(page.status).toBe(200);
    expect(page.text).toContain('GoHighLevel paused until');
    expect(page.text).toContain('daily GoHighLevel limit reached');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('alerts once across workers and clears the record when GoHighLevel answers again after the pause', async () => {
    let clock = Date.UTC(2026, 11, 7, 12);
    const now = () => clock;
    const make = () => createUpstreamPauses({ store: h.t.db, logger: createSilentLogger(), now, alertUrl: sink.url, language: 'en', secrets: [] });
    const [a, b] = [make(), make()];
    const pause = { service: 'ghl' as const, until: clock + DAY_MS, reason: 'daily GoHighLevel limit reached (HTTP 429, Retry-After 86400)', daily: true };
    a.onUpstreamPause(pause);
    await a.flush(5000);
    b.onUpstreamPause({ ...pause, until: pause.until + 5000 }); // another worker hit the same limit a moment later
    await b.flush(5000);
    expect(sink.texts).toHaveLength(1);
    expect(await h.t.db.listUpstreamPauses(clock)).toHaveLength(1);

    const held: Array<[number, string]> = [];
    const c = make();
    c.attach({ ghl: { pause: (until, reason) => { held.push([until, reason]); } } });
    await c.refresh();
    expect(held).toEqual([[pause.until + 5000, pause.reason]]);

    a.onCall({ service: 'ghl', operation: 'POST /contacts/upsert', status: 200, durationMs: 5 }); // still paused: ignored
    await a.flush(5000);
    expect(await h.t.db.listUpstreamPauses(clock)).toHaveLength(1);
    clock = pause.until + 10_000;
    a.onCall({ service: 'ghl', operation: 'POST /contacts/upsert', status: 200, durationMs: 5 });
    await a.flush(5000);
    expect(await h.t.db.listUpstreamPauses(pause.until - 1000)).toEqual([]);
  });
});
