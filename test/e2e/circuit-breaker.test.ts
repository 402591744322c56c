import fs from 'node:fs';
import { BIN, createE2eHarness, E2eHarness, findFreePort, metricValue, seedPaymentEvents, startCli, waitUntil } from '@ghl-payments/test-support';

const EVENTS = 30;
const OUTAGE_MS = 3000;

describe('GoHighLevel down for longer than the retry schedule (circuit breaker)', () => {
  let h: E2eHarness;
  beforeEach(async () => {
    h = await createE2eHarness({
      RETRY_SCHEDULE: '200ms,200ms', // three attempts within ~0.4 s: far shorter than the outage
      CIRCUIT_BREAKER_THRESHOLD: '3',
      CIRCUIT_BREAKER_COOLDOWN: '250ms',
      CIRCUIT_BREAKER_MAX_COOLDOWN: '1s',
      WORKER_CONCURRENCY: '4',
      METRICS_PUBLIC: 'true',
    });
  });
  afterEach(async () => { await h.destroy(); });

  it('pushes no event to failed: they wait for the circuit and all succeed once GHL is back', async () => {
    h.ghl.fail({ status: 503, times: Infinity });
    const ids = await seedPaymentEvents(h, EVENTS, 60_000);
    const port = await findFreePort();
    const worker = startCli(BIN.processWebhooks, ['--loop', '--metrics-port', String(port)], h.env);
    let during: string;
    let summary: string;
    try {
      await worker.waitForOutput(/ghl circuit open/);
      const outageStarted = Date.now();
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      during = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const mid = await h.statuses();
      expect((mid.pending ?? 0) + (mid.processing ?? 0)).toBe(EVENTS); // waiting (one may be the probe in flight)
      const ghlCallsDuringOutage = h.ghl.requests.length;
      h.ghl.clearFaults();
      const recoveredAt = Date.now();
      await waitUntil(async () => (await h.statuses()).success === EVENTS, 20_000, 100);
      const drainMs = Date.now() - recoveredAt;
      // without the breaker: 3 calls per event, 90 in all, and every event failed
      expect(ghlCallsDuringOutage).toBeLessThan(40);
      expect(drainMs).toBeLessThan(5000); // the next probe (≤ 1 s) closes the circuit, then the backlog drains
      summary = `outage ${Date.now() - outageStarted - drainMs}ms after the circuit opened, ${ghlCallsDuringOutage} GHL calls in all, drained ${EVENTS} events ${drainMs}ms after recovery`;
    } finally {
      worker.child.kill('SIGTERM');
    }
    expect((await worker.exited).code).toBe(0);

    const rows = await h.t.db.knex('webhook_events').whereIn('id', ids).select('status', 'failures', 'attempts');
    expect(rows.every((r) => r.status === 'success')).toBe(true);
    const maxFailures = Math.max(...rows.map((r) => Number(r.failures)));
    expect(maxFailures).toBeLessThan(3); // never reached the schedule's end
    const outcomes = await h.t.db.knex('webhook_attempts').select('outcome').count({ n: '*' }).groupBy('outcome') as Array<{ outcome: string; n: number }>;
    const byOutcome = Object.fromEntries(outcomes.map((o) => [o.outcome, Number(o.n)]));
    expect(byOutcome.failed ?? 0).toBe(0);
    expect(byOutcome.deferred).toBeGreaterThan(0);
    expect(h.ghl.tagCalls()).toHaveLength(EVENTS);

    expect(metricValue(during!, 'ghl_payments_circuit_state', { service: 'ghl' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(during!, 'ghl_payments_circuit_opens_total', { service: 'ghl' })).toBeGreaterThanOrEqual(2);
    expect(metricValue(during!, 'ghl_payments_circuit_state', { service: 'mercadopago' })).toBe(0);
    expect(metricValue(during!, 'ghl_payments_upstream_calls_total', { service: 'ghl', status: '503' })).toBeGreaterThanOrEqual(3);
    const log = fs.readFileSync(`${h.logDir}/webhook.log`, 'utf8');
    expect(log).toMatch(/ghl circuit closed/);
    process.stdout.write(`circuit breaker e2e: ${summary!}; 0 failed, most failures on one event ${maxFailures}, ${byOutcome.deferred} deferred attempts\n`);
  });
});
