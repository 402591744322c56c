import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runPacedLoad } from './lib/paced-load';
import type { PreparedRequest } from './lib/signed-notifications';

// The steady-rate load of `npm run bench` against a real server that stalls once: the requests that fall due during
// the stall must all be charged for it (open loop), not only the few in flight when it began (a closed loop's view).
// Collected on the SQLite pass only: it touches no database.
describe('runPacedLoad (open-loop load)', () => {
  let server: http.Server;
  let url = '';
  let seen = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen += 1;
        if (seen === 30) {
          const until = Date.now() + 150; // the event loop is blocked, as by a long pause
          while (Date.now() < until) { /* stall */ }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve); });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => { server.close(resolve); });
  });

  const request: PreparedRequest = { method: 'POST', path: '/webhooks/mp', headers: { 'content-type': 'application/json' }, body: '{}' };

  it('counts each response from when its request was due, so a stall is charged to every request queued behind it', async () => {
    seen = 0;
    const result = await runPacedLoad({ url, connections: 4, ratePerSec: 200, durationSec: 0.5, warmupSec: 0.05, timeoutSec: 5, next: () => request });
    // 10 warm-up requests are sent but not counted; 100 are measured
    expect(seen).toBe(110);
    expect(result.latencies.length).toBe(100);
    expect(result.statuses).toEqual({ 200: 100 });
    expect(result.errors + result.timeouts).toBe(0);
    const delayed = Array.from(result.latencies).filter((ms) => ms >= 50).length;
    // 150 ms at 200 requests/s: about 30 requests fall due during the stall; a closed loop would show at most 4
    expect(delayed).toBeGreaterThanOrEqual(15);
    expect(Math.max(...result.latencies)).toBeGreaterThanOrEqual(140);
    // the schedule held: 100 requests at 200/s take about 0.5 s (plus the stall's catch-up)
    expect(result.elapsedMs).toBeGreaterThan(400);
    expect(result.elapsedMs).toBeLessThan(2000);
  });

  it('reports a refused connection as an error, not as an answer', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => { closed.listen(0, '127.0.0.1', resolve); });
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => { closed.close(resolve); });
    const result = await runPacedLoad({
      url: `http://127.0.0.1:${port}`, connections: 2, ratePerSec: 100, durationSec: 0.1, warmupSec: 0, timeoutSec: 1, next: () => request,
    });
    expect(result.latencies.length).toBe(0);
    expect(result.errors).toBe(10);
  });

  it('counts a connection that breaks mid-answer, or never answers, once each, and still finishes', async () => {
    let n = 0;
    const flaky = http.createServer((req, res) => {
      n += 1;
      if (n % 3 === 1) { // headers and part of the body, then the connection is cut
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => req.socket.destroy(), 5);
      } else if (n % 3 === 2) {
        // never answers: the client's timeout must end it
      } else {
        req.resume();
        req.on('end', () => res.writeHead(200).end('{}'));
      }
    });
    await new Promise<void>((resolve) => { flaky.listen(0, '127.0.0.1', resolve); });
    try {
      const result = await runPacedLoad({
        url: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`, connections: 3, ratePerSec: 60, durationSec: 0.1, warmupSec: 0,
        timeoutSec: 0.3, next: () => request,
      });
      expect(n).toBe(6);
      expect(result.latencies.length).toBe(2);
      expect(result.errors).toBe(2);
      expect(result.timeouts).toBe(2);
    } finally {
      flaky.closeAllConnections();
      await new Promise((resolve) => { flaky.close(resolve); });
    }
  });
});
