import { BIN, createE2eHarness, E2eHarness, startCli, waitUntil } from '@ghl-payments/test-support';

const EVENTS = 500;

describe('two worker processes on one database', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness({ WORKER_CONCURRENCY: '8', WORKER_BATCH_SIZE: '8' }); });
  afterEach(async () => { await h.destroy(); });

  it(`process ${EVENTS} events, each exactly once, each payment tagged exactly once`, async () => {
    const now = Date.now();
    for (let i = 0; i < EVENTS; i += 1) {
      h.mp.setPayment({ id: 10_000 + i, status: 'approved' });
      await h.t.db.insertEvent({
        dedupKey: `webhook:payment:n${i}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment', action: 'payment.created',
        resourceId: String(10_000 + i), notificationId: `n${i}`, requestId: null, signature: 'unchecked', payload: '{}', headers: {}, query: {},
      }, now);
    }
    const workers = [startCli(BIN.processWebhooks, ['--loop'], h.env), startCli(BIN.processWebhooks, ['--loop'], h.env)];
    try {
      await waitUntil(async () => (await h.statuses()).success === EVENTS, 90_000, 200);
    } finally {
      workers.forEach((w) => w.child.kill('SIGTERM'));
    }
    const results = await Promise.all(workers.map((w) => w.exited));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    // each worker printed its own summary; together they processed every event once
    const processed = results.map((r) => Number(/processed=(\d+)/.exec(r.stdout)?.[1]));
    expect(processed[0] + processed[1]).toBe(EVENTS);
    expect(processed[0]).toBeGreaterThan(0);
    expect(processed[1]).toBeGreaterThan(0);

    const attempts = await h.t.db.knex('webhook_events').max({ m: 'attempts' }).first();
    expect(Number(attempts!.m)).toBe(1); // no event was ever claimed twice
    const tagCalls = h.ghl.tagCalls();
    expect(tagCalls).toHaveLength(EVENTS);
    const mpReads = h.mp.requests.filter((r) => r.path.startsWith('/v1/payments/'));
    expect(new Set(mpReads.map((r) => r.path)).size).toBe(EVENTS);
    expect(mpReads).toHaveLength(EVENTS);
  });
});
