import fs from 'node:fs';
import { BIN, createE2eHarness, E2eHarness, startAlertSink, startCli, waitUntil } from '@ghl-payments/test-support';


/**
 * Security review item 3: two payments MercadoPago always answers 500 for (or two GHL contacts that always time
 * out) opened the circuit; the failed half-open probes were not counted, so the poison never ended `failed`, never
 * alerted, and healthy events waited for the cooldown. Now the circuit opens only for failures across several
 * distinct resources (or host-level errors); poison events follow their retry schedule to `failed`.
 */
describe('poison events block nobody (default circuit breaker: threshold 5, cooldown 30 s)', () => {
  let h: E2eHarness;
  let sink: Awaited<ReturnType<typeof startAlertSink>>;
  beforeEach(async () => {
    sink = await startAlertSink();
    h = await createE2eHarness({
      RETRY_SCHEDULE: '150ms,150ms,150ms', // four attempts
      WORKER_CONCURRENCY: '2',
      HTTP_TIMEOUT: '300ms',
      ALERT_WEBHOOK_URL: sink.url,
      ALERT_LANGUAGE: 'en',
    });
  });
  afterEach(async () => {
    await h.destroy();
    await sink.close();
  });

  async function expectContained(poison: number[], healthyIds: number[]): Promise<void> {
    const worker = startCli(BIN.processWebhooks, ['--loop'], h.env);
    try {
      // the poison alone, retried on its schedule: it must end failed, not hold an open circuit
      await waitUntil(async () => (await h.t.db.knex('webhook_events').whereIn('id', poison).where('status', 'failed')).length === poison.length, 10_000, 50);
      const started = Date.now();
      const healthy: number[] = [];
      for (const id of healthyIds) healthy.push(await h.notifyPayment(id));
      await waitUntil(async () => (await h.t.db.knex('webhook_events').whereIn('id', healthy).where('status', 'success')).length === healthy.length, 5000, 50);
      expect(Date.now() - started).toBeLessThan(5000); // far below the 30 s cooldown an open circuit would impose
      await waitUntil(async () => sink.texts.length >= poison.length, 5000, 50);
    } finally {
      worker.child.kill('SIGTERM');
    }
    expect((await worker.exited).code).toBe(0);
    const rows = await h.t.db.knex('webhook_events').whereIn('id', poison).select('status', 'attempts', 'failures');
    expect(rows.map((r) => [r.status, Number(r.attempts), Number(r.failures)])).toEqual(poison.map(() => ['failed', 4, 4]));
    const deferred = await h.t.db.knex('webhook_attempts').where('outcome', 'deferred').count({ n: '*' }).first();
    expect(Number(deferred?.n)).toBe(0); // nothing waited on a circuit
    expect(sink.texts.filter((t) => /failed after 4 attempts/.test(t))).toHaveLength(poison.length);
    expect(fs.readFileSync(`${h.logDir}/webhook.log`, 'utf8')).not.toMatch(/circuit open/);
  }

  it('two payments MercadoPago always answers 500 for end failed and alert; healthy payments go through', async () => {
    h.mp.setPayment({ id: 9301, status: 'approved' });
    h.mp.setPayment({ id: 9302, status: 'approved' });
    h.mp.fail({ path: '/v1/payments/9301', status: 500, times: Infinity });
    h.mp.fail({ path: '/v1/payments/9302', status: 500, times: Infinity });
    const healthy = [9401, 9402, 9403, 9404, 9405, 9406];
    for (const id of healthy) h.mp.setPayment({ id, status: 'approved' });
    const poison = [await h.notifyPayment(9301), await h.notifyPayment(9302)];
    await expectContained(poison, healthy);
    expect(h.ghl.tagCalls()).toHaveLength(healthy.length);
  });

  it('two GoHighLevel contacts that always time out end failed and alert; other contacts get their tags', async () => {
    for (const n of [1, 2]) {
      h.ghl.addContact({ id: `poisonContact${n}`, email: `poison${n}@example.com` });
      h.mp.setPayment({ id: 9310 + n, status: 'approved', payer: { email: `poison${n}@example.com` } });
      h.ghl.fail({ method: 'POST', path: `/contacts/poisonContact${n}/tags`, hang: true, times: Infinity });
    }
    const healthy = [9411, 9412, 9413, 9414, 9415, 9416];
    for (const id of healthy) h.mp.setPayment({ id, status: 'approved' });
    const poison = [await h.notifyPayment(9311), await h.notifyPayment(9312)];
    await expectContained(poison, healthy);
    expect(h.ghl.tagCalls()).toHaveLength(healthy.length);
  });
});
