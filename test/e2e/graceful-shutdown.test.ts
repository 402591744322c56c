import { BIN, createE2eHarness, E2eHarness, startCli, waitUntil } from '@ghl-payments/test-support';

describe('process-webhooks --loop on SIGTERM / SIGINT', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness(); });
  afterEach(async () => { await h.destroy(); });

  it('stops claiming, lets the in-flight event finish and exits 0', async () => {
    h.mp.setPayment({ id: 8008, status: 'approved' });
    h.mp.setLatency(1200);
    const id = await h.notifyPayment(8008);
    const worker = startCli(BIN.processWebhooks, ['--loop', '--grace', '10s'], h.env);
    await waitUntil(() => h.mp.requests.some((r) => r.path === '/v1/payments/8008'));
    worker.child.kill('SIGTERM');
    h.mp.setLatency(0);
    // once the worker has handled the signal (on PostgreSQL a NOTIFY could otherwise overtake it on a loaded machine)
    await worker.waitForOutput(/SIGTERM received/);
    await h.notifyPayment(8008); // arrives after the signal: must not be claimed by the stopping worker
    const result = await worker.exited;
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('processed=1 success=1 retried=0 failed=0');
    expect((await h.t.db.knex('webhook_events').where({ id }).first()).status).toBe('success');
    expect(await h.statuses()).toEqual({ success: 1, pending: 1 });
  });

  it('releases an event that outlives the grace period back to pending', async () => {
    h.mp.setPayment({ id: 8009, status: 'approved' });
    h.mp.fail({ path: '/v1/payments/8009', hang: true, times: 1 });
    const id = await h.notifyPayment(8009);
    const worker = startCli(BIN.processWebhooks, ['--loop', '--grace', '300ms'], h.env);
    await waitUntil(() => h.mp.requests.some((r) => r.path === '/v1/payments/8009'));
    worker.child.kill('SIGTERM');
    const result = await worker.exited;
    expect(result.code).toBe(0);
    const row = await h.t.db.knex('webhook_events').where({ id }).first();
    expect(row).toMatchObject({ status: 'pending', failures: 0, lease_expires_at: null });
    expect(Number(row.next_retry_at)).toBeLessThanOrEqual(Date.now());
  });

  it('exits at once on a second signal', async () => {
    h.mp.setPayment({ id: 8010, status: 'approved' });
    h.mp.fail({ path: '/v1/payments/8010', hang: true, times: 1 });
    await h.notifyPayment(8010);
    const worker = startCli(BIN.processWebhooks, ['--loop', '--grace', '60s'], h.env);
    await waitUntil(() => h.mp.requests.some((r) => r.path === '/v1/payments/8010'));
    worker.child.kill('SIGTERM');
    await worker.waitForOutput(/finishing in-flight work/);
    const started = Date.now();
    worker.child.kill('SIGINT');
    const result = await worker.exited;
    expect(result.code).toBe(130);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
