import net from 'node:net';
import pg from 'pg';
import {
  BIN, CliProcess, createE2eHarness, E2eHarness, findFreePort, startCli, TEST_DIALECT, waitUntil,
} from '@ghl-payments/test-support';

// Security review item: `ghl-payments start` (npm start, the systemd unit) exited when the database was not available
// at boot, and a worker that could not open the database took the receiver down with it. The receiver must stay up
// (answering 503 until it can store) and the worker must be restarted with back-off.

const ADMIN_TOKEN = 'start-keeps-receiver-admin-token-7Rq2Lx9Vw4Mz';

const healthStatus = async (port: number): Promise<number | null> => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status ?? null;

async function notifyPayment(port: number, paymentId: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/webhooks/mp?data.id=${paymentId}&type=payment`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: `n-${paymentId}`, type: 'payment', action: 'payment.created', data: { id: String(paymentId) } }),
  });
  return res.status;
}

/** SIGINT (Ctrl-C) and the exit code; both children must be gone afterwards (the port closed). */
async function stopWithCtrlC(app: CliProcess, port: number): Promise<number | null> {
  app.child.kill('SIGINT');
  const result = await app.exited;
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  return result.code;
}

describe('ghl-payments start keeps the receiver up', () => {
  let h: E2eHarness;
  let app: CliProcess | undefined;
  beforeEach(async () => { h = await createE2eHarness(); });
  afterEach(async () => {
    if (app && app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill('SIGINT');
      await app.exited;
    }
    app = undefined;
    await h.destroy();
  });

  it('restarts a worker that keeps exiting, with back-off and a line per restart, while the receiver answers', async () => {
    const port = await findFreePort();
    // The worker cannot serve its metrics on a port already taken, so it exits at start, again and again.
    const blocker = net.createServer();
    const metricsPort = await findFreePort();
    await new Promise<void>((resolve) => { blocker.listen(metricsPort, '127.0.0.1', resolve); });
    let blocked = true;
    try {
      h.mp.setPayment({ id: 9300, status: 'approved' });
      app = startCli(BIN.ghlPayments, ['start'], {
        ...h.env, PORT: String(port), ADMIN_TOKEN, WORKER_METRICS_PORT: String(metricsPort), WORKER_METRICS_HOST: '127.0.0.1',
      });
      await app.waitForOutput(/restarting it in 1s/, 30_000);
      await app.waitForOutput(/restarting it in 2s/, 30_000);
      expect(app.child.exitCode).toBeNull();
      await waitUntil(async () => (await healthStatus(port)) === 200, 30_000);
      expect(await notifyPayment(port, 9300)).toBe(200);
      await new Promise<void>((resolve) => { blocker.close(() => resolve()); });
      blocked = false;
      await app.waitForOutput(/polling/, 30_000);
      await waitUntil(() => h.ghl.tagCalls().length === 1, 30_000);
      expect(app.stderr()).toMatch(/the worker stopped unexpectedly \(exited with code 1\); restarting it in 1s/);
      expect(app.stderr()).toMatch(/restarting the worker/);
    } finally {
      if (blocked) blocker.close();
    }
    expect(await stopWithCtrlC(app, port)).toBe(0);
  }, 120_000);

  // PostgreSQL: the server is up but the database does not exist yet. (On SQLite, an unavailable file is a lock held by
  // another process, which every migrator waits out for a minute before giving up; the worker test above covers it.)
  if (TEST_DIALECT === 'postgres') it('starts with the database unavailable at boot, answers 503, and recovers once the database is there', async () => {
    const port = await findFreePort();
    h.mp.setPayment({ id: 9400, status: 'approved' });
    // The server is up but the database is not created yet (provisioning still running).
    const url = new URL(h.t.url);
    const name = `${url.pathname.slice(1)}_late`;
    url.pathname = `/${name}`;
    const lateUrl = url.toString();
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: h.t.url });
      await client.connect();
      try { await client.query(sql); } finally { await client.end(); }
    };
    const env = { ...h.env, DATABASE_URL: lateUrl, DB_CONNECT_TIMEOUT: '2s' };
    try {
      app = startCli(BIN.ghlPayments, ['start'], { ...env, PORT: String(port), ADMIN_TOKEN });
      await app.waitForOutput(/cannot prepare the database/, 30_000);
      await app.waitForOutput(/the worker stopped unexpectedly .*restarting it in/, 30_000);
      await waitUntil(async () => (await healthStatus(port)) === 503, 30_000);
      expect(app.child.exitCode).toBeNull();
      await admin(`CREATE DATABASE ${name}`);
      await waitUntil(async () => (await healthStatus(port)) === 200, 45_000);
      expect(await notifyPayment(port, 9400)).toBe(200);
      const db = new pg.Client({ connectionString: lateUrl });
      await db.connect();
      try {
        await waitUntil(async () => (await db.query("SELECT count(*)::int AS n FROM webhook_events WHERE status = 'success'")).rows[0].n === 1, 60_000, 200);
      } finally {
        await db.end();
      }
      expect(h.ghl.tagCalls()).toHaveLength(1);
      expect(await stopWithCtrlC(app, port)).toBe(0);
    } finally {
      if (app && app.child.exitCode === null && app.child.signalCode === null) { app.child.kill('SIGINT'); await app.exited; }
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }, 150_000);
});
