import fs from 'node:fs';
import { BIN, CliProcess, createE2eHarness, E2eHarness, startCli, waitUntil } from '@ghl-payments/test-support';

// SQLite only (the .sqlite.test.ts suffix): storing an event wakes an idle worker on the same machine at once
// (packages/store/src/drivers/sqlite/local-wake.ts), instead of at its next poll.
const WAKE_LIMIT_MS = 2000; // generous against a loaded CI machine; the measured figure is logged

describe('an idle --loop worker with a 30s poll interval (SQLite)', () => {
  let h: E2eHarness;
  let w: CliProcess;
  const folder = () => `${h.env.DATABASE_URL}.wake`;
  const portFiles = () => (fs.existsSync(folder()) ? fs.readdirSync(folder()) : []);

  beforeAll(async () => {
    h = await createE2eHarness({ WORKER_POLL_INTERVAL: '30s' });
    fs.mkdirSync(folder(), { recursive: true });
    fs.writeFileSync(`${folder()}/999999999.40000.port`, ''); // a worker that died without cleaning up
    w = startCli(BIN.processWebhooks, ['--loop', '--interval', '30s'], h.env);
    await w.waitForOutput(/polling .* every 30000ms \(and woken at once by the receiver on this machine\)/, 30_000);
    await waitUntil(() => portFiles().some((f) => f.startsWith(`${w.child.pid}.`)), 10_000);
  });
  afterAll(async () => {
    w.child.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    expect(portFiles()).toEqual([]); // its port file went with it
    await h.destroy();
  });

  async function pickedUpAfter(id: number, since: number): Promise<number> {
    const attempt = await waitUntil(() => h.t.db.knex('webhook_attempts').where({ event_id: id, outcome: 'success' }).first(), 40_000, 10);
    return Number(attempt.started_at) - since;
  }
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('announces its port next to the database (a dead worker\'s file is removed) and processes a new notification within milliseconds', async () => {
    expect(portFiles()).toEqual([expect.stringMatching(new RegExp(`^${w.child.pid}\\.\\d+\\.port$`))]);
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      h.mp.setPayment({ id: 8300 + i, status: 'approved' });
      await settle();
      const sent = Date.now();
      const id = await h.notifyPayment(8300 + i); // the real receiver app: INSERT, then a datagram to the worker
      delays.push(await pickedUpAfter(id, sent));
    }
    console.log(`local wake: new event picked up ${delays.join(', ')}ms after it was sent (poll interval 30s)`);
    delays.forEach((d) => expect(d).toBeLessThan(WAKE_LIMIT_MS));
    expect(await h.statuses()).toEqual({ success: 5 });
  });

  it('wakes on an operator retry of a failed event', async () => {
    const id = await h.notifyPayment(8401); // unknown to MercadoPago: 404, failed at once
    await waitUntil(async () => (await h.t.db.knex('webhook_events').where({ id }).first()).status === 'failed', 10_000, 10);
    h.mp.setPayment({ id: 8401, status: 'approved' });
    await settle();
    const since = Date.now();
    expect((await h.t.db.retryEvent(id, since)).state).toBe('retried');
    const delay = await pickedUpAfter(id, since);
    console.log(`local wake: retried event picked up ${delay}ms after the retry`);
    expect(delay).toBeLessThan(WAKE_LIMIT_MS);
  });
});
