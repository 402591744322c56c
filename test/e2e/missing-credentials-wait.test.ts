import { BIN, createE2eHarness, E2eHarness, runCli } from '@ghl-payments/test-support';

// Without credentials, events wait (pending, with the reason) instead of using up their retries and ending failed.
describe('a worker without MP_ACCESS_TOKEN', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness({ MP_ACCESS_TOKEN: '', RETRY_SCHEDULE: '10ms' }); });
  afterEach(async () => { await h.destroy(); });

  it('says so at start, and its events stay pending with the reason, never failed, however many runs', async () => {
    h.mp.setPayment({ id: 9801, status: 'approved', payer: { email: 'wait@example.com' } });
    const id = await h.notifyPayment(9801);
    for (let run = 0; run < 4; run += 1) {
      const result = await runCli(BIN.processWebhooks, [], h.env);
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).toContain('MP_ACCESS_TOKEN is not set: events wait (pending, not counted as failures) until it is');
      await new Promise((r) => setTimeout(r, 30)); // past the retry delay
    }
    const event = await h.t.db.knex('webhook_events').where({ id }).first();
    expect(event).toMatchObject({ status: 'pending' });
    expect(Number(event.failures)).toBe(0);
    expect(event.last_error).toBe('MP_ACCESS_TOKEN is not set: MercadoPago cannot be read; the event waits until it is set (not counted as a failure)');
    const outcomes = await h.t.db.knex('webhook_attempts').where({ event_id: id }).pluck('outcome');
    expect(outcomes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(outcomes)).toEqual(new Set(['deferred']));
  });
});
