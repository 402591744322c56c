import { BIN, createE2eHarness, E2eHarness, startCli, waitUntil } from '@ghl-payments/test-support';

describe('a worker killed with SIGKILL mid-event', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness(); });
  afterEach(async () => { await h.destroy(); });

  it('loses nothing: another worker finishes the event after the lease expires', async () => {
    h.mp.setPayment({ id: 7007, status: 'approved' });
    h.mp.fail({ path: '/v1/payments/7007', hang: true, times: 1 }); // the first read never answers
    const id = await h.notifyPayment(7007);

    const doomed = startCli(BIN.processWebhooks, ['--loop', '--lease', '1s'], h.env);
    await waitUntil(() => h.mp.requests.some((r) => r.path === '/v1/payments/7007'));
    const held = await h.t.db.knex('webhook_events').where({ id }).first();
    expect(held.status).toBe('processing');
    doomed.child.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');

    const rescuer = startCli(BIN.processWebhooks, ['--loop', '--lease', '1s'], h.env);
    try {
      const done = await waitUntil(async () => {
        const row = await h.t.db.knex('webhook_events').where({ id }).first();
        return row.status === 'success' ? row : null;
      }, 20_000);
      expect(done).toMatchObject({ attempts: 2, failures: 1 });
      expect(done.lease_owner).not.toBe(held.lease_owner);
      const history = await h.t.db.knex('webhook_attempts').where('event_id', id).orderBy('id').pluck('outcome');
      expect(history).toEqual(['lost', 'success']);
      expect(h.ghl.tagCalls()).toHaveLength(1);
    } finally {
      rescuer.child.kill('SIGTERM');
      expect((await rescuer.exited).code).toBe(0);
    }
  });
});
