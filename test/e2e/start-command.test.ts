import { BIN, createE2eHarness, E2eHarness, findFreePort, isHealthy, startCli, waitUntil } from '@ghl-payments/test-support';

describe('ghl-payments start (what `npm start` runs)', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness(); });
  afterEach(async () => { await h.destroy(); });

  it('runs the receiver and a worker as two processes end to end, and stops both on SIGINT', async () => {
    const port = await findFreePort();
    h.mp.setPayment({ id: 9100, status: 'approved' });
    const app = startCli(BIN.ghlPayments, ['start'], { ...h.env, PORT: String(port), ADMIN_TOKEN: 'an-admin-token-of-enough-length-Xq7Rk2' });
    try {
      await app.waitForOutput(/polling/);
      await waitUntil(() => isHealthy(port));
      const res = await fetch(`http://127.0.0.1:${port}/webhooks/mp?data.id=9100&type=payment`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'n-9100', type: 'payment', action: 'payment.created', data: { id: '9100' } }),
      });
      expect(res.status).toBe(200);
      await waitUntil(() => h.ghl.tagCalls().length === 1);
    } finally {
      app.child.kill('SIGINT');
    }
    const result = await app.exited;
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/receiver stopped/);
    expect(result.stdout).toMatch(/processed=1 success=1/);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
