import type { Store } from '@ghl-payments/store';
import { BIN, CliProcess, createE2eHarness, E2eHarness, startCli, waitUntil } from '@ghl-payments/test-support';

// PostgreSQL only (the .postgres.test.ts suffix): LISTEN/NOTIFY wakes an idle worker; SQLite only polls.
const WAKE_LIMIT_MS = 2000; // generous against a loaded CI machine; the measured figure is logged

/** How many connections LISTEN on this database (one per running --loop worker). */
async function listeners(db: Store): Promise<number> {
  const row = await db.knex('pg_stat_activity').where('datname', db.knex.raw('current_database()')).andWhere('query', 'like', 'LISTEN%')
    .count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

describe('an idle --loop worker with a 30s poll interval (PostgreSQL)', () => {
  let h: E2eHarness;
  let w: CliProcess;
  beforeAll(async () => {
    h = await createE2eHarness({ WORKER_POLL_INTERVAL: '30s' });
    w = startCli(BIN.processWebhooks, ['--loop', '--interval', '30s'], h.env);
    await w.waitForOutput(/polling .* every 30000ms \(and woken by LISTEN\/NOTIFY\)/, 30_000);
    await waitUntil(async () => (await listeners(h.t.db)) === 1, 10_000);
  });
  afterAll(async () => {
    w.child.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    await h.destroy();
  });

  /** Waits until an attempt of the event succeeded and returns how long after `since` that attempt started. */
  async function pickedUpAfter(id: number, since: number): Promise<number> {
    const attempt = await waitUntil(() => h.t.db.knex('webhook_attempts').where({ event_id: id, outcome: 'success' }).first(), 40_000, 10);
    return Number(attempt.started_at) - since;
  }

  /** Lets the worker finish its loop turn and go back to its 30s sleep. */
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('processes a new notification within milliseconds, not at the next poll', async () => {
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      h.mp.setPayment({ id: 8100 + i, status: 'approved' });
      await settle();
      const sent = Date.now();
      const id = await h.notifyPayment(8100 + i); // the real receiver app: INSERT, whose trigger NOTIFYs
      delays.push(await pickedUpAfter(id, sent));
    }
    console.log(`listen-notify: new event picked up ${delays.join(', ')}ms after it was sent (poll interval 30s)`);
    delays.forEach((d) => expect(d).toBeLessThan(WAKE_LIMIT_MS));
    expect(await h.statuses()).toEqual({ success: 5 });
  });

  it('wakes on an operator retry of a failed event, one by one and in bulk', async () => {
    const failed: number[] = [];
    for (const paymentId of [8201, 8202]) {
      const id = await h.notifyPayment(paymentId); // unknown to MercadoPago: 404, failed at once
      await waitUntil(async () => (await h.t.db.knex('webhook_events').where({ id }).first()).status === 'failed', 10_000, 10);
      h.mp.setPayment({ id: paymentId, status: 'approved' });
      failed.push(id);
    }
    await settle();
    let since = Date.now();
    expect((await h.t.db.retryEvent(failed[0], since)).state).toBe('retried');
    const single = await pickedUpAfter(failed[0], since);

    await settle();
    since = Date.now();
    expect(await h.t.db.retryEvents({ statuses: ['failed'] }, { now: since })).toBe(1);
    const bulk = await pickedUpAfter(failed[1], since);
    console.log(`listen-notify: retried event picked up ${single}ms (single) and ${bulk}ms (bulk) after the retry`);
    expect(single).toBeLessThan(WAKE_LIMIT_MS);
    expect(bulk).toBeLessThan(WAKE_LIMIT_MS);
  });
});
