import net from 'node:net';
import { isProcessAlive } from '@ghl-payments/core';
import { BIN, CliProcess, createE2eHarness, E2eHarness, findFreePort, isHealthy, runCli, startCli, waitUntil } from '@ghl-payments/test-support';

const ADMIN_TOKEN = 'an-admin-token-of-enough-length-Xq7Rk2';

const healthy = isHealthy;

const isAlive = isProcessAlive;

/** The worker's pid, from its start line (`worker <host>:<pid>:<random> polling …`). */
async function workerPid(app: CliProcess): Promise<number> {
  await app.waitForOutput(/worker \S+:\d+:\w+ polling/);
  return Number(/worker \S+:(\d+):\w+ polling/.exec(app.stdout() + app.stderr())![1]);
}

const count = (text: string, pattern: RegExp): number => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;

describe('ghl-payments start: the children end with their launcher, and say so once', () => {
  let h: E2eHarness;
  const running: CliProcess[] = [];
  beforeEach(async () => { h = await createE2eHarness(); });
  afterEach(async () => {
    for (const app of running.splice(0)) app.child.kill('SIGKILL');
    await h.destroy();
  });

  const start = (port: number, args: string[] = [], env: Record<string, string> = {}): CliProcess => {
    const app = startCli(BIN.ghlPayments, ['start', ...args], { ...h.env, PORT: String(port), ADMIN_TOKEN, ...env });
    running.push(app);
    return app;
  };

  it('stops the receiver and the worker on SIGHUP (a closed terminal), with one message and one summary', async () => {
    const port = await findFreePort();
    const app = start(port);
    const worker = await workerPid(app);
    await waitUntil(() => healthy(port));
    app.child.kill('SIGHUP');
    const result = await app.exitedWithin();
    const output = result.stdout + result.stderr;
    expect(result.code).toBe(0);
    expect(count(output, /received: stopping/)).toBe(1);
    expect(output).toMatch(/SIGHUP received: stopping \(the receiver closes, the worker finishes its in-flight events within 25s\); press Ctrl-C again to stop at once/);
    expect(output).not.toMatch(/finishing in-flight work/);
    expect(count(result.stdout, /processed=0 success=0/)).toBe(1);
    expect(output).not.toMatch(/worker stopped/);
    expect(output).toMatch(/receiver stopped/);
    expect(isAlive(worker)).toBe(false);
    expect(await healthy(port)).toBe(false);
  });

  it('leaves no process behind when the launcher is killed outright, so the next start gets the port', async () => {
    const port = await findFreePort();
    const first = start(port);
    const worker = await workerPid(first);
    await waitUntil(() => healthy(port));
    first.child.kill('SIGKILL');
    await waitUntil(async () => !(await healthy(port)) && !isAlive(worker), 15_000);
    const second = start(port);
    await second.waitForOutput(/polling/);
    await waitUntil(() => healthy(port));
    second.child.kill('SIGINT');
    expect((await second.exitedWithin()).code).toBe(0);
  }, 120_000);

  it('says so on a second Ctrl-C and exits 130 at once', async () => {
    h.mp.setPayment({ id: 9300, status: 'approved' });
    h.mp.fail({ path: '/v1/payments/9300', hang: true, times: 1 });
    const port = await findFreePort();
    const app = start(port, [], { WORKER_GRACE: '60s' });
    await app.waitForOutput(/polling/);
    await h.notifyPayment(9300);
    await waitUntil(() => h.mp.requests.some((r) => r.path === '/v1/payments/9300'));
    app.child.kill('SIGINT');
    await app.waitForOutput(/press Ctrl-C again to stop at once/);
    const started = Date.now();
    app.child.kill('SIGINT');
    const result = await app.exitedWithin();
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/SIGINT received again: stopping at once/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses a port in use with one line: which port, who holds it, how to pick another', async () => {
    const port = await findFreePort();
    const sockets = new Set<net.Socket>();
    const other = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve));
    try {
      const result = await runCli(BIN.ghlPayments, ['start'], { ...h.env, PORT: String(port), ADMIN_TOKEN });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        `ghl-payments: port ${port} on 127.0.0.1 is already in use: another program is listening there: stop it, `
        + 'or pick another port: PORT=9001 npm start (or npm start -- --port 9001)',
      ]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('names another ghl-payments on the port, and --port picks another one', async () => {
    const port = await findFreePort();
    const first = start(port);
    await first.waitForOutput(/polling/);
    await waitUntil(() => healthy(port));
    const refused = await runCli(BIN.ghlPayments, ['start'], { ...h.env, PORT: String(port), ADMIN_TOKEN });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use: another ghl-payments is already running there`));
    expect(refused.stderr).not.toMatch(/EADDRINUSE|signal null|\n\s+at /);
    const otherPort = await findFreePort();
    const second = start(port, ['--port', String(otherPort)]);
    await second.waitForOutput(new RegExp(`listening url=http://127\\.0\\.0\\.1:${otherPort}`));
    expect(await healthy(otherPort)).toBe(true);
    second.child.kill('SIGINT');
    first.child.kill('SIGINT');
    expect((await second.exitedWithin()).code).toBe(0);
    expect((await first.exitedWithin()).code).toBe(0);
  });
});
