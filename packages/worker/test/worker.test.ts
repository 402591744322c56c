import { createSilentLogger, loadConfig, PermanentError, RetryableError } from '@ghl-payments/core';
import { createPipelineClients, ProcessEvent } from '@ghl-payments/pipeline';
import type { NewEvent, WebhookEvent } from '@ghl-payments/store';
import { createWorker, formatSummary } from '@ghl-payments/worker';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';

function makeEvent(n: number): NewEvent {
  return {
    dedupKey: `webhook:payment:${n}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment', action: null,
    resourceId: String(n), notificationId: String(n), requestId: null, signature: 'unchecked', payload: '{}', headers: {}, query: {},
  };
}

const logger = createSilentLogger();
const config = (env: Record<string, string> = {}) => loadConfig({
  RETRY_SCHEDULE: '1s,2s', WORKER_CONCURRENCY: '4', WORKER_BATCH_SIZE: '3', WORKER_POLL_INTERVAL: '20ms', WORKER_LEASE: '600ms', WORKER_GRACE: '200ms', ...env,
});
// Real clients that these handlers never call: the worker only passes them through to processEvent.
const clients = createPipelineClients(config());
afterAll(() => clients.close());
const sleep = (ms: number) => new Promise((r) => { setTimeout(r, ms).unref(); });

describe('worker', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  const statuses = async () => Object.fromEntries((await t.db.knex('webhook_events').select('id', 'status')).map((r) => [Number(r.id), r.status]));

  it('runOnce processes every due event, never more than `concurrency` at a time, and summarises', async () => {
    for (let i = 1; i <= 10; i += 1) await t.db.insertEvent(makeEvent(i), Date.now());
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    const handler: ProcessEvent = async (event) => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(15);
      running -= 1;
      seen.push(Number(event.resourceId));
      return { status: 'success', paymentId: null, summary: 'ok' };
    };
    const worker = createWorker({ store: t.db, config: config(), logger, processEvent: handler, clients });
    const summary = await worker.runOnce();
    expect(formatSummary(summary)).toBe('processed=10 success=10 retried=0 failed=0');
    expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
    expect(Object.values(await statuses())).toEqual(Array(10).fill('success'));
    const history = await t.db.knex('webhook_attempts').select('outcome');
    expect(history).toHaveLength(10);
  });

  it('retries on the schedule with the clock it is given, then fails with the reason', async () => {
    let clock = 1_000_000;
    const { id } = await t.db.insertEvent(makeEvent(1), clock);
    const handler: ProcessEvent = async () => { throw new RetryableError('MercadoPago answered 502'); };
    const run = () => createWorker({ store: t.db, config: config(), logger, processEvent: handler, clients, now: () => clock, random: () => 0.5 }).runOnce();

    expect((await run()).retried).toBe(1);
    let row = await t.db.knex('webhook_events').where({ id }).first();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, failures: 1 });
    expect(Number(row.next_retry_at)).toBe(clock + 1000);
    expect((await run()).processed).toBe(0); // not due yet
    clock += 1000;
    expect((await run()).retried).toBe(1);
    clock += 2000;
    expect((await run()).failed).toBe(1);
    row = await t.db.knex('webhook_events').where({ id }).first();
    expect(row).toMatchObject({ status: 'failed', attempts: 3, failures: 3 });
    expect(row.last_error).toMatch(/502.*gave up after 3/);
  });

  it('fails a permanent error at once and a poison handler does not stop the others', async () => {
    for (let i = 1; i <= 3; i += 1) await t.db.insertEvent(makeEvent(i), Date.now());
    const handler: ProcessEvent = async (event: WebhookEvent) => {
      if (event.resourceId === '1') throw new PermanentError('GHL answered 422');
      if (event.resourceId === '2') throw new TypeError("Cannot read properties of undefined (reading 'email')");
      return { status: 'ignored', reason: 'nothing to do' };
    };
    const summary = await createWorker({ store: t.db, config: config(), logger, processEvent: handler, clients }).runOnce();
    expect(summary).toMatchObject({ failed: 1, retried: 1, ignored: 1 });
    const rows = await t.db.knex('webhook_events').orderBy('id');
    expect(rows.map((r) => r.status)).toEqual(['failed', 'pending', 'ignored']);
    expect(rows[1].last_error).toMatch(/Cannot read properties/);
  });

  it('renews the lease of a slow event so no other worker takes it', async () => {
    await t.db.insertEvent(makeEvent(1), Date.now());
    let calls = 0;
    const slow: ProcessEvent = async () => { calls += 1; await sleep(1500); return { status: 'success', paymentId: null, summary: '' }; };
    const a = createWorker({ store: t.db, config: config(), logger, processEvent: slow, clients });
    const b = createWorker({ store: t.db, config: config(), logger, processEvent: slow, clients });
    const runA = a.runOnce();
    await sleep(900); // longer than the 600 ms lease: only renewal keeps it
    const bSummary = await b.runOnce();
    expect(bSummary.processed).toBe(0);
    expect((await runA).success).toBe(1);
    expect(calls).toBe(1);
  });

  it('on stop, lets in-flight events finish within the grace period and releases the rest', async () => {
    for (let i = 1; i <= 2; i += 1) await t.db.insertEvent(makeEvent(i), Date.now());
    let firstStarted!: () => void;
    const started1 = new Promise<void>((resolve) => { firstStarted = resolve; });
    const handler: ProcessEvent = async (event) => {
      if (event.resourceId === '1') firstStarted();
      await sleep(event.resourceId === '1' ? 50 : 5000);
      return { status: 'success', paymentId: null, summary: '' };
    };
    const worker = createWorker({ store: t.db, config: config(), logger, processEvent: handler, clients });
    const loop = worker.runLoop();
    await started1; // stop only once event 1 is in flight (a slow claim must not turn it into "released")
    worker.stop();
    const started = Date.now();
    const summary = await loop;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(summary.success).toBe(1);
    const rows = await t.db.knex('webhook_events').orderBy('id');
    expect(rows.map((r) => r.status)).toEqual(['success', 'pending']);
    expect(rows[1]).toMatchObject({ failures: 0, lease_expires_at: null });
    expect(rows[1].last_error).toMatch(/released/);
  });

  it('claims a few events ahead in one statement instead of one claim per finished event', async () => {
    for (let i = 1; i <= 60; i += 1) await t.db.insertEvent(makeEvent(i), Date.now());
    let claims = 0;
    const countClaims = (q: { prepared?: string }) => { if (q.prepared === 'ghlp_claim') claims += 1; };
    t.db.knex.on('query', countClaims);
    let running = 0;
    let peak = 0;
    const handler: ProcessEvent = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(3 + Math.floor(Math.random() * 10));
      running -= 1;
      return { status: 'success', paymentId: null, summary: '' };
    };
    // concurrency 8, batch 8: up to 4 claimed events wait for a slot; a claim tops them up once 2 or more are missing
    const summary = await createWorker({ store: t.db, config: config({ WORKER_CONCURRENCY: '8', WORKER_BATCH_SIZE: '8' }), logger, processEvent: handler, clients }).runOnce();
    t.db.knex.off('query', countClaims);
    expect(summary.success).toBe(60);
    expect(peak).toBe(8);
    expect(claims).toBeLessThan(40); // one claim per finished event would be about 60
  });

  it('on stop, gives events claimed ahead back at once without starting them or counting a failure', async () => {
    for (let i = 1; i <= 4; i += 1) await t.db.insertEvent(makeEvent(i), Date.now());
    const started: string[] = [];
    const handler: ProcessEvent = async (event) => {
      started.push(event.resourceId);
      await sleep(100);
      return { status: 'success', paymentId: null, summary: '' };
    };
    // concurrency 2: two run, up to one more is claimed ahead
    const worker = createWorker({ store: t.db, config: config({ WORKER_CONCURRENCY: '2', WORKER_BATCH_SIZE: '3' }), logger, processEvent: handler, clients });
    const loop = worker.runLoop();
    for (let i = 0; i < 100 && started.length < 2; i += 1) await sleep(5);
    const leased = await t.db.knex('webhook_events').where('status', 'processing').count({ n: '*' }).first() as { n: number | string };
    expect(Number(leased.n)).toBe(3);
    worker.stop();
    const summary = await loop;
    expect(summary.success).toBe(2);
    expect(started).toHaveLength(2);
    const rows = await t.db.knex('webhook_events').orderBy('id');
    const waiting = rows.filter((r) => !started.includes(r.resource_id));
    expect(waiting.map((r) => r.status)).toEqual(['pending', 'pending']);
    const released = waiting.find((r) => Number(r.attempts) === 1)!;
    expect(released).toMatchObject({ failures: 0, lease_expires_at: null });
    expect(released.last_error).toMatch(/released: the worker stopped before this attempt started/);
    const history = await t.db.knex('webhook_attempts').where('event_id', released.id);
    expect(history.map((h) => h.outcome)).toEqual(['released']);
  });

  it('keeps polling in --loop mode and picks up events stored later', async () => {
    const done: string[] = [];
    const handler: ProcessEvent = async (event) => { done.push(event.resourceId); return { status: 'success', paymentId: null, summary: '' }; };
    const worker = createWorker({ store: t.db, config: config(), logger, processEvent: handler, clients });
    const loop = worker.runLoop();
    await sleep(50);
    await t.db.insertEvent(makeEvent(7), Date.now());
    for (let i = 0; i < 100 && done.length === 0; i += 1) await sleep(20);
    worker.stop();
    await loop;
    expect(done).toEqual(['7']);
  });
});
