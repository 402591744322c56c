import { BIN, createE2eHarness, E2eHarness, startCli, waitUntil } from '@ghl-payments/test-support';

describe('poison events (MercadoPago answers something unusable)', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness({ WORKER_CONCURRENCY: '2' }); });
  afterEach(async () => { await h.destroy(); });

  it('end failed with the reason, never block the queue and never kill the worker', async () => {
    const good = Array.from({ length: 8 }, (_, i) => 9400 + i);
    for (const id of good) h.mp.setPayment({ id, status: 'approved' });
    h.mp.setPayment({ id: 9301, status: 'approved' });
    h.mp.fail({ path: '/v1/payments/9301', malformed: true, times: Infinity }); // truncated JSON
    h.mp.fail({ path: '/v1/payments/9302', body: { id: 'not-a-number', status: 42, payer: 'nobody' }, times: Infinity }); // JSON of another shape
    h.mp.fail({ path: '/v1/payments/9303', status: 200, body: 'null', headers: { 'content-type': 'application/json' }, times: Infinity });
    // the poison arrives first, so a worker that choked on it would never reach the others
    const poison = [await h.notifyPayment(9301), await h.notifyPayment(9302), await h.notifyPayment(9303)];
    for (const id of good) await h.notifyPayment(id);

    const worker = startCli(BIN.processWebhooks, ['--loop'], h.env);
    try {
      await waitUntil(async () => {
        const s = await h.statuses();
        return s.failed === poison.length && s.success === good.length;
      });
      const rows = await h.t.db.knex('webhook_events').whereIn('id', poison).orderBy('id');
      expect(rows.map((r) => [r.status, r.attempts])).toEqual([['failed', 1], ['failed', 1], ['failed', 1]]); // permanent: not retried
      expect(rows[0].last_error).toMatch(/malformed response from MercadoPago GET \/v1\/payments\/9301/);
      expect(rows[1].last_error).toMatch(/malformed response from MercadoPago GET \/v1\/payments\/9302: status: Invalid input/);
      expect(rows[2].last_error).toMatch(/malformed response from MercadoPago GET \/v1\/payments\/9303/);
      expect(h.ghl.tagCalls()).toHaveLength(good.length);

      // still alive and still working
      expect(worker.child.exitCode).toBeNull();
      h.mp.setPayment({ id: 9500, status: 'approved' });
      const later = await h.notifyPayment(9500);
      await waitUntil(async () => (await h.t.db.knex('webhook_events').where('id', later).first()).status === 'success');
    } finally {
      worker.child.kill('SIGTERM');
    }
    const result = await worker.exited;
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`processed=${poison.length + good.length + 1} success=${good.length + 1} retried=0 failed=${poison.length}`);
  });
});
