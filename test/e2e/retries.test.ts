import fs from 'node:fs';
import { BIN, createE2eHarness, E2eHarness, runCli } from '@ghl-payments/test-support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('retries through the real worker process', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness({ RETRY_SCHEDULE: '300ms,300ms' }); });
  afterEach(async () => { await h.destroy(); });

  it('retries after a MercadoPago 500 and then succeeds', async () => {
    h.mp.setPayment({ id: 4004, status: 'approved' });
    h.mp.fail({ path: '/v1/payments/4004', status: 500, times: 1 });
    const id = await h.notifyPayment(4004);
    const first = await runCli(BIN.processWebhooks, [], h.env);
    expect(first.stdout.trim()).toBe('processed=1 success=0 retried=1 failed=0');
    let row = await h.t.db.knex('webhook_events').where({ id }).first();
    expect(row).toMatchObject({ status: 'pending', failures: 1 });
    expect(row.last_error).toMatch(/500/);
    await sleep(400);
    const second = await runCli(BIN.processWebhooks, [], h.env);
    expect(second.stdout.trim()).toBe('processed=1 success=1 retried=0 failed=0');
    row = await h.t.db.knex('webhook_events').where({ id }).first();
    expect(row).toMatchObject({ status: 'success', attempts: 2 });
    expect(h.ghl.tagCalls()).toHaveLength(1);
  });

  it('ends failed after the schedule is used up, with the reason, and logs every attempt', async () => {
    h.mp.setPayment({ id: 5005, status: 'approved' });
    h.mp.fail({ path: '/v1/payments/5005', status: 503, times: Infinity });
    const id = await h.notifyPayment(5005);
    const outputs: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      outputs.push((await runCli(BIN.processWebhooks, [], h.env)).stdout.trim());
      await sleep(400);
    }
    expect(outputs).toEqual([
      'processed=1 success=0 retried=1 failed=0',
      'processed=1 success=0 retried=1 failed=0',
      'processed=1 success=0 retried=0 failed=1',
    ]);
    const row = await h.t.db.knex('webhook_events').where({ id }).first();
    expect(row).toMatchObject({ status: 'failed', attempts: 3, failures: 3 });
    expect(row.last_error).toMatch(/503.*gave up after 3/);
    expect(await h.t.db.knex('webhook_attempts').where('event_id', id).pluck('outcome')).toEqual(['retry', 'retry', 'failed']);
    expect(h.ghl.tagCalls()).toHaveLength(0);
    const log = fs.readFileSync(`${h.logDir}/webhook.log`, 'utf8');
    const lines = log.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.eventId === id);
    expect(lines.map((l) => l.attempt)).toEqual([1, 2, 3]);
    expect(lines.every((l) => typeof l.durationMs === 'number' && l.outcome)).toBe(true);
  });

  it('fails at once on a permanent error (payment not found) and never blocks the next event', async () => {
    h.mp.setPayment({ id: 6006, status: 'approved' });
    const missing = await h.notifyPayment(999999);
    await h.notifyPayment(6006);
    const result = await runCli(BIN.processWebhooks, [], h.env);
    expect(result.stdout.trim()).toBe('processed=2 success=1 retried=0 failed=1');
    const row = await h.t.db.knex('webhook_events').where({ id: missing }).first();
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(/not found/i);
  });
});
