import { createSilentLogger, loadConfig, PermanentError, RetryableError } from '@ghl-payments/core';
import { createPipelineClients, ProcessEvent } from '@ghl-payments/pipeline';
import type { NewEvent, WebhookEvent } from '@ghl-payments/store';
import { createCircuitBreaker, EventResult, runEvent, RunEventDeps } from '@ghl-payments/worker';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';

const newEvent = (n: number): NewEvent => ({
  dedupKey: `webhook:payment:${n}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment', action: null,
  resourceId: String(n), notificationId: String(n), requestId: null, signature: 'unchecked', payload: '{}', headers: {}, query: {},
});
const config = loadConfig({ RETRY_SCHEDULE: '1s,2s', WORKER_LEASE: '60s' });
const clients = createPipelineClients(config);
afterAll(() => clients.close());

describe('runEvent', () => {
  let t: TestDatabase;
  const clock = 2_000_000;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  /** Stores one event and claims it as worker w1. */
  const claimOne = async (): Promise<WebhookEvent> => {
    await t.db.insertEvent(newEvent(1), clock);
    const [event] = await t.db.claimDueEvents({ owner: 'w1', limit: 1, leaseMs: 60_000, now: clock });
    return event;
  };
  const depsFor = (processEvent: ProcessEvent, extra: Partial<RunEventDeps> = {}): RunEventDeps & { attempts: EventResult[] } => {
    const attempts: EventResult[] = [];
    return {
      ctx: { store: t.db, config, logger: createSilentLogger(), now: () => clock, clients },
      processEvent, workerId: 'w1', random: () => 0.5, hooks: { onAttempt: (a) => attempts.push(a.result) }, attempts, ...extra,
    };
  };
  const eventRow = async () => t.db.knex('webhook_events').first();
  const attemptRows = async () => t.db.knex('webhook_attempts').select('outcome', 'worker', 'error');

  it.each<[string, ProcessEvent, EventResult, Record<string, unknown>, string]>([
    ['success', async () => ({ status: 'success', paymentId: null, summary: 'ok' }), 'success', { status: 'success' }, 'success'],
    ['ignored', async () => ({ status: 'ignored', reason: 'nothing to do' }), 'ignored', { status: 'ignored', last_error: 'nothing to do' }, 'ignored'],
    ['a retryable error', async () => { throw new RetryableError('MercadoPago 502'); }, 'retried', { status: 'pending', failures: 1 }, 'retry'],
    ['a rate-limit deferral', async () => { throw new RetryableError('GHL 429', { countsAsAttempt: false, notBefore: clock + 5000 }); }, 'deferred', { status: 'pending', failures: 0 }, 'deferred'],
    ['a permanent error', async () => { throw new PermanentError('GHL 422'); }, 'failed', { status: 'failed', last_error: 'GHL 422' }, 'failed'],
  ])('saves %s with exactly one attempt row', async (_name, processEvent, result, row, outcome) => {
    const event = await claimOne();
    const deps = depsFor(processEvent);
    expect(await runEvent(event, deps)).toBe(result);
    expect(await eventRow()).toMatchObject(row);
    expect(await attemptRows()).toEqual([expect.objectContaining({ outcome, worker: 'w1' })]);
    expect(deps.attempts).toEqual([result]);
  });

  it('reports `lost` and writes nothing when another worker took the event meanwhile', async () => {
    const event = await claimOne();
    await t.db.knex('webhook_events').update({ lease_owner: 'w2' });
    const deps = depsFor(async () => ({ status: 'success', paymentId: null, summary: '' }));
    expect(await runEvent(event, deps)).toBe('lost');
    expect(await eventRow()).toMatchObject({ status: 'processing', lease_owner: 'w2' });
    expect(await attemptRows()).toEqual([]);
    expect(deps.attempts).toEqual(['lost']);
  });

  it('defers, not counted, a failure on an upstream whose circuit is open', async () => {
    const event = await claimOne();
    const breaker = createCircuitBreaker({ threshold: 1, cooldownMs: 10_000, maxCooldownMs: 10_000, now: () => clock });
    breaker.recordCall({ service: 'ghl', status: 503 });
    const deps = depsFor(async () => { throw new RetryableError('GHL 503', { service: 'ghl' }); }, { breaker });
    expect(await runEvent(event, deps)).toBe('deferred');
    const row = await eventRow();
    expect(row).toMatchObject({ status: 'pending', failures: 0 });
    expect(Number(row.next_retry_at)).toBeGreaterThanOrEqual(clock + 10_000);
    expect(row.last_error).toMatch(/ghl circuit open/);
  });
});
