import { createSilentLogger } from '@ghl-payments/core';
import { createPipelineClients, processEvent } from '@ghl-payments/pipeline';
import { createWorker } from '@ghl-payments/worker';
import { createE2eHarness, E2eHarness } from '@ghl-payments/test-support';

/**
 * Security review item 7: GoHighLevel answered 429 with `Retry-After: 60` and its usual
 * `X-RateLimit-Interval-Milliseconds: 10000`; the worker came back after 10 s. The longer of the two must win.
 */
describe('GoHighLevel Retry-After next to X-RateLimit-Interval-Milliseconds', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness(); });
  afterEach(async () => { await h.destroy(); });

  it('defers the event by Retry-After (60 s), not by the 10 s interval, without counting a failure', async () => {
    h.mp.setPayment({ id: 9701, status: 'approved' });
    h.ghl.fail({ method: 'POST', path: '/contacts/upsert', status: 429, headers: { 'retry-after': '60' } });
    const id = await h.notifyPayment(9701);
    const clients = createPipelineClients(h.config);
    const started = Date.now();
    try {
      const summary = await createWorker({ store: h.t.db, config: h.config, logger: createSilentLogger(), processEvent, clients, random: () => 0.5 }).runOnce();
      expect(summary).toMatchObject({ processed: 1, deferred: 1, failed: 0 });
    } finally {
      clients.close();
    }
    const upsert = h.ghl.requests.find((r) => r.path === '/contacts/upsert');
    expect(upsert).toBeDefined();
    const row = await h.t.db.knex('webhook_events').where('id', id).first();
    expect(row.status).toBe('pending');
    expect(Number(row.failures)).toBe(0);
    const waitMs = Number(row.next_retry_at) - started;
    expect(waitMs).toBeGreaterThanOrEqual(59_000);
    expect(waitMs).toBeLessThan(70_000);
    expect(row.last_error).toMatch(/HTTP 429\): retry in 60000ms/);
  });
});
