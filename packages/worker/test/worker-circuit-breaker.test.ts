import { createSilentLogger, loadConfig, RetryableError } from '@ghl-payments/core';
import { createPipelineClients, ProcessEvent } from '@ghl-payments/pipeline';
import type { NewEvent } from '@ghl-payments/store';
import { createCircuitBreaker, createWorker } from '@ghl-payments/worker';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';

function makeEvent(n: number): NewEvent {
  return {
    dedupKey: `webhook:payment:${n}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment', action: null,
    resourceId: String(n), notificationId: String(n), requestId: null, signature: 'unchecked', payload: '{}', headers: {}, query: {},
  };
}

const logger = createSilentLogger();
const config = loadConfig({ RETRY_SCHEDULE: '1s,2s', WORKER_CONCURRENCY: '1', WORKER_BATCH_SIZE: '1', WORKER_POLL_INTERVAL: '10ms', WORKER_LEASE: '5s' });
const clients = createPipelineClients(config);
afterAll(() => clients.close());

describe('worker with a circuit breaker (injected clock)', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('an outage longer than the retry schedule pushes no event to failed; the backlog drains once the upstream is back', async () => {
    let clock = 5_000_000;
    const now = () => clock;
    const breaker = createCircuitBreaker({ threshold: 3, cooldownMs: 1000, maxCooldownMs: 4000, now });
    let ghlUp = false;
    let calls = 0;
    const processEvent: ProcessEvent = async () => {
      calls += 1;
      breaker.recordCall({ service: 'ghl', status: ghlUp ? 201 : 503 }); // what the GHL client's HttpHooks.onCall reports
      if (!ghlUp) throw new RetryableError('GoHighLevel POST /contacts/upsert failed with HTTP 503', { service: 'ghl' });
      return { status: 'success', paymentId: null, summary: 'tagged' };
    };
    for (let i = 1; i <= 6; i += 1) await t.db.insertEvent(makeEvent(i), clock);
    const run = () => createWorker({ store: t.db, config, logger, processEvent, clients, now, random: () => 0.5, breaker }).runOnce();

    const first = await run();
    // two counted failures, the third call opens the circuit: that attempt waits, and nothing more is claimed
    expect(first).toMatchObject({ processed: 3, retried: 2, deferred: 1, failed: 0 });
    expect(breaker.state('ghl')).toBe('open');
    expect((await run()).processed).toBe(0); // open: claims nothing

    // 15 s of outage (the whole schedule is 3 s): each cooldown lets one probe through, which fails and waits again
    let probes = 0;
    for (let step = 0; step < 15; step += 1) {
      clock += 1000;
      const s = await run();
      probes += s.processed;
      expect(s.failed).toBe(0);
      expect(s.processed).toBeLessThanOrEqual(1);
    }
    expect(probes).toBeGreaterThanOrEqual(4);
    expect(probes).toBeLessThanOrEqual(8); // cooldowns 1 s, 2 s, 4 s, 4 s …: far fewer calls than 15 s of retries
    // each failed probe counts for its own event (one failure), and probes go round the backlog (oldest due first)
    const during = await t.db.knex('webhook_events').select('status', 'failures');
    expect(during.every((r) => r.status === 'pending' && Number(r.failures) <= 2)).toBe(true);
    expect(during.reduce((sum, r) => sum + Number(r.failures), 0)).toBe(2 + probes);

    ghlUp = true;
    clock += 5000; // past the last cooldown and its jitter
    const recovered = await run();
    expect(breaker.state('ghl')).toBe('closed');
    expect(recovered).toMatchObject({ success: 6, failed: 0 });
    const rows = await t.db.knex('webhook_events').select('status', 'failures');
    expect(rows.map((r) => r.status)).toEqual(Array(6).fill('success'));
    expect(Math.max(...rows.map((r) => Number(r.failures)))).toBeLessThanOrEqual(2);
    const outcomes = await t.db.knex('webhook_attempts').pluck('outcome');
    expect(outcomes.filter((o) => o === 'retry')).toHaveLength(2 + probes);
    expect(outcomes.filter((o) => o === 'failed')).toHaveLength(0);
    expect(calls).toBe(3 + probes + 6);
  });

  it('two poison events never open the circuit: they end failed on their schedule and healthy events never wait', async () => {
    let clock = 5_000_000;
    const now = () => clock;
    const breaker = createCircuitBreaker({ threshold: 3, cooldownMs: 60_000, maxCooldownMs: 300_000, now });
    const poison = new Set(['1', '2']);
    const processEvent: ProcessEvent = async (event) => {
      const resource = `GET /v1/payments/${event.resourceId}`;
      if (poison.has(event.resourceId)) {
        breaker.recordCall({ service: 'mercadopago', status: 500, resource });
        throw new RetryableError(`MercadoPago ${resource} failed with HTTP 500`, { service: 'mercadopago' });
      }
      breaker.recordCall({ service: 'mercadopago', status: 200, resource });
      return { status: 'success', paymentId: null, summary: 'no tags' };
    };
    await t.db.insertEvent(makeEvent(1), clock);
    await t.db.insertEvent(makeEvent(2), clock);
    const run = () => createWorker({ store: t.db, config, logger, processEvent, clients, now, random: () => 0.5, breaker }).runOnce();
    for (let step = 0; step < 8; step += 1) {
      await run();
      expect(breaker.state('mercadopago')).toBe('closed');
      clock += 2000;
    }
    await t.db.insertEvent(makeEvent(3), clock);
    expect(await run()).toMatchObject({ success: 1 });
    const rows = await t.db.knex('webhook_events').orderBy('id').select('status', 'failures');
    expect(rows.map((r) => [r.status, Number(r.failures)])).toEqual([['failed', 3], ['failed', 3], ['success', 0]]);
  });

  it('without a breaker the same outage fails the events after the schedule', async () => {
    let clock = 5_000_000;
    const processEvent: ProcessEvent = async () => { throw new RetryableError('GoHighLevel 503', { service: 'ghl' }); };
    await t.db.insertEvent(makeEvent(1), clock);
    const run = () => createWorker({ store: t.db, config, logger, processEvent, clients, now: () => clock, random: () => 0.5 }).runOnce();
    for (let step = 0; step < 6; step += 1) {
      await run();
      clock += 2000;
    }
    expect((await t.db.knex('webhook_events').first()).status).toBe('failed');
  });
});
