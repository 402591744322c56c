import { BIN, createE2eHarness, E2eHarness, findFreePort, metricValue, runCli, startAlertSink, startCli, waitUntil } from '@ghl-payments/test-support';

const ADMIN_TOKEN = 'worker-metrics-admin-token-6dH9sL4pQ1wZ';


describe('process-webhooks --loop --metrics-port and ALERT_WEBHOOK_URL', () => {
  let h: E2eHarness;
  let sink: Awaited<ReturnType<typeof startAlertSink>>;
  beforeEach(async () => {
    sink = await startAlertSink();
    h = await createE2eHarness({ ADMIN_TOKEN, ALERT_WEBHOOK_URL: sink.url, ALERT_LANGUAGE: 'en' });
  });
  afterEach(async () => {
    await h.destroy();
    await sink.close();
  });

  it('serves the worker metrics behind the admin token and posts one alert for a failed event', async () => {
    h.mp.setPayment({ id: 9101, status: 'approved' });
    h.mp.setPayment({ id: 9102, status: 'approved' });
    await h.notifyPayment(9101);
    await h.notifyPayment(9102);
    const missing = await h.notifyPayment(9199); // MercadoPago answers 404: failed at once
    const port = await findFreePort();
    const worker = startCli(BIN.processWebhooks, ['--loop', '--metrics-port', String(port)], h.env);
    const url = `http://127.0.0.1:${port}/metrics`;
    try {
      await waitUntil(async () => { const s = await h.statuses(); return s.success === 2 && s.failed === 1; });
      await waitUntil(() => sink.bodies.length === 1);
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
      const res = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(metricValue(text, 'ghl_payments_events_processed_total', { outcome: 'success' })).toBe(2);
      expect(metricValue(text, 'ghl_payments_events_processed_total', { outcome: 'failed' })).toBe(1);
      expect(metricValue(text, 'ghl_payments_attempt_duration_seconds_count', { outcome: 'success' })).toBe(2);
      expect(metricValue(text, 'ghl_payments_upstream_calls_total', { service: 'mercadopago', status: '200' })).toBe(2);
      expect(metricValue(text, 'ghl_payments_upstream_calls_total', { service: 'mercadopago', status: '404' })).toBe(1);
      expect(metricValue(text, 'ghl_payments_upstream_calls_total', { service: 'ghl', status: '201' })).toBeGreaterThanOrEqual(2);
      expect(metricValue(text, 'ghl_payments_circuit_state', { service: 'ghl' })).toBe(0);
      await waitUntil(async () => metricValue(await (await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text(), 'ghl_payments_alerts_total', { result: 'sent' }) === 1);
      expect(text).not.toContain(ADMIN_TOKEN);
    } finally {
      worker.child.kill('SIGTERM');
    }
    expect((await worker.exited).code).toBe(0);
    await expect(fetch(url)).rejects.toThrow(); // the server stops with the worker

    expect(sink.bodies).toEqual([{ text: expect.stringMatching(new RegExp(`^ghl-payments: event ${missing} \\(payment 9199\\) failed after 1 attempt: payment 9199 not found`)) }]);
    const row = await h.t.db.knex('webhook_events').where('id', missing).first();
    expect(Number(row.alerted_at)).toBeGreaterThan(0);

    // an operator retries it, it fails again: still one alert per event
    await h.t.db.knex('webhook_events').where('id', missing).update({ status: 'pending', next_retry_at: Date.now() });
    const again = await runCli(BIN.processWebhooks, ['--metrics-port', String(port)], h.env); // without --loop: no server
    expect(again.stdout.trim()).toBe('processed=1 success=0 retried=0 failed=1');
    expect(sink.bodies).toHaveLength(1);
  });

  it('a cron-style run waits for its alert before exiting', async () => {
    await h.notifyPayment(9299);
    const result = await runCli(BIN.processWebhooks, [], h.env);
    expect(result.stdout.trim()).toBe('processed=1 success=0 retried=0 failed=1');
    expect(sink.bodies).toHaveLength(1);
  });
});
