import pg from 'pg';
import { BIN, CliProcess, createE2eHarness, createTcpProxy, E2eHarness, startCli, TcpProxy, waitUntil } from '@ghl-payments/test-support';

// PostgreSQL only (the .postgres.test.ts suffix): a server can go away under a running worker; a SQLite file cannot.
const OUTAGE_MS = 6000;

const countLines = (text: string, pattern: RegExp) => text.split('\n').filter((l) => pattern.test(l)).length;

describe('a --loop worker that loses its PostgreSQL connection', () => {
  let h: E2eHarness;
  let proxy: TcpProxy;
  let w: CliProcess | undefined;
  beforeEach(async () => {
    h = await createE2eHarness({ DB_CONNECT_TIMEOUT: '1s' }); // WORKER_POLL_INTERVAL=50ms: a spinning worker would show
    const target = new URL(h.t.url);
    proxy = await createTcpProxy(target.hostname, Number(target.port));
    await proxy.up();
  });
  afterEach(async () => {
    if (w && w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await proxy.down();
    await h.destroy();
  });

  const statusOf = async (id: number) => (await h.t.db.knex('webhook_events').where({ id }).first()).status as string;

  it('logs the outage, backs off instead of spinning, stays up and resumes when the server is back', async () => {
    w = startCli(BIN.processWebhooks, ['--loop'], { ...h.env, DATABASE_URL: proxy.via(h.t.url) });
    await w.waitForOutput(/polling .* every 50ms/, 30_000);
    h.mp.setPayment({ id: 9101, status: 'approved' });
    const before = await h.notifyPayment(9101);
    await waitUntil(async () => (await statusOf(before)) === 'success', 10_000);

    const logBefore = w.stderr().length;
    await proxy.down(); // every connection cut, new ones refused
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 1000));
    h.mp.setPayment({ id: 9102, status: 'approved' });
    const during = await h.notifyPayment(9102); // the receiver still reaches the database directly
    await new Promise((r) => setTimeout(r, OUTAGE_MS - 1000));
    const outageLog = w.stderr().slice(logBefore);
    expect(w.child.exitCode).toBeNull();
    expect(await statusOf(during)).toBe('pending');

    const claimErrors = countLines(outageLog, /cannot claim events \(database unreachable\?\); retrying in \d+ms/);
    console.log(`db-outage: ${claimErrors} claim errors logged in ${Date.now() - downAt}ms of outage (poll interval 50ms); log:\n${outageLog}`);
    expect(claimErrors).toBeGreaterThanOrEqual(2);
    expect(claimErrors).toBeLessThanOrEqual(8); // 50ms polling without backoff would be ~100
    expect(outageLog).toMatch(/ECONNREFUSED|connect|terminat|Connection/i); // the cause is in the message
    expect(outageLog).toMatch(/LISTEN connection lost|cannot LISTEN/);

    await proxy.up();
    const upAt = Date.now();
    await waitUntil(async () => (await statusOf(during)) === 'success', 40_000, 50);
    console.log(`db-outage: event stored during the outage processed ${Date.now() - upAt}ms after the server came back`);
    await w.waitForOutput(/database reachable again; resuming/, 5000);

    // and LISTEN is back: a new event is picked up at once
    h.mp.setPayment({ id: 9103, status: 'approved' });
    const after = await h.notifyPayment(9103);
    await waitUntil(async () => (await statusOf(after)) === 'success', 10_000);
    expect(h.ghl.tagCalls()).toHaveLength(3);

    w.child.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
  });

  it('started while the server is down, waits with backoff instead of exiting, then starts processing', async () => {
    await proxy.down();
    h.mp.setPayment({ id: 9301, status: 'approved' });
    const waiting = await h.notifyPayment(9301);
    w = startCli(BIN.processWebhooks, ['--loop'], { ...h.env, DATABASE_URL: proxy.via(h.t.url) });
    await w.waitForOutput(/cannot reach the database .*; retrying in 500ms/, 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(w.child.exitCode).toBeNull();
    const retries = countLines(w.stderr(), /cannot reach the database/);
    expect(retries).toBeGreaterThanOrEqual(2);
    expect(retries).toBeLessThanOrEqual(5); // 0.5 s, 1 s, 2 s, … not a tight loop
    expect(w.stderr()).toMatch(/ECONNREFUSED/);

    await proxy.up();
    await waitUntil(async () => (await statusOf(waiting)) === 'success', 40_000, 50);
    w.child.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
  });

  it('survives its connections being terminated by the server (pg_terminate_backend) and keeps processing', async () => {
    w = startCli(BIN.processWebhooks, ['--loop', '--interval', '30s'], h.env);
    await w.waitForOutput(/polling .* every 30000ms/, 30_000);
    h.mp.setPayment({ id: 9201, status: 'approved' });
    const first = await h.notifyPayment(9201);
    await waitUntil(async () => (await statusOf(first)) === 'success', 10_000);

    const admin = new pg.Client({ connectionString: h.t.url });
    await admin.connect();
    const killed = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    await admin.end();
    expect(killed.rowCount).toBeGreaterThanOrEqual(2); // at least the worker's pool connection and its LISTEN connection

    await w.waitForOutput(/LISTEN connection lost/, 10_000);
    // The new event is picked up by the re-established LISTEN connection (the poll interval is 30s).
    h.mp.setPayment({ id: 9202, status: 'approved' });
    const storedAt = Date.now();
    const second = await h.notifyPayment(9202);
    await waitUntil(async () => (await statusOf(second)) === 'success', 15_000, 20);
    console.log(`db-terminate: event processed ${Date.now() - storedAt}ms after being stored, following pg_terminate_backend`);
    expect(w.child.exitCode).toBeNull();

    w.child.kill('SIGTERM');
    const result = await w.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/processed=2 success=2/);
  });
});
