import http from 'node:http';
import type { PreparedRequest } from './signed-notifications';

export interface PacedLoadOptions {
  url: string;
  /** Keep-alive connections (at most this many requests in flight; more wait for a free one). */
  connections: number;
  /** Requests started per second, on a fixed schedule whatever the answers take. */
  ratePerSec: number;
  durationSec: number;
  /** Sent on the same schedule first, not counted. */
  warmupSec: number;
  timeoutSec: number;
  next: () => PreparedRequest;
}

/** What a load run measured, before it is summarised (the paced run's and autocannon's alike). */
export interface MeasuredLoad {
  /** Response times in ms of the measured part (a paced run counts each from when its request was due). */
  latencies: Float64Array;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  elapsedMs: number;
}

/**
 * An open-loop load: requests are due at a fixed rate, and each response time is counted from when its request was
 * due, not from when a connection was free to send it. A slow answer therefore delays and is charged to the requests
 * queued behind it (no "coordinated omission", which a closed loop such as autocannon's has by design). The schedule
 * is kept by a 1 ms timer: a request can leave up to about 1 ms after it was due, which its latency includes.
 */
export function runPacedLoad(options: PacedLoadOptions): Promise<MeasuredLoad> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const warmup = Math.round(options.ratePerSec * options.warmupSec);
  const total = warmup + Math.max(1, Math.round(options.ratePerSec * options.durationSec));
  const intervalMs = 1000 / options.ratePerSec;
  const latencies = new Float64Array(total);
  const statuses: Record<string, number> = {};
  let sent = 0;
  let settled = 0;
  let answered = 0;
  let errors = 0;
  let timeouts = 0;
  const started = performance.now();
  let measuredFrom = started;

  return new Promise((resolve) => {
    const settle = (): void => {
      settled += 1;
      if (settled < total) return;
      agent.destroy();
      resolve({ latencies: latencies.subarray(0, answered), statuses, errors, timeouts, elapsedMs: performance.now() - measuredFrom });
    };
    const send = (dueAt: number, counted: boolean): void => {
      const item = options.next();
      let finished = false;
      let timedOut = false;
      /** Records the request's one outcome: an answer, an error or a timeout, whichever comes first. */
      const finish = (status: number | null): void => {
        if (finished) return;
        finished = true;
        if (counted && status !== null) {
          latencies[answered] = performance.now() - dueAt;
          answered += 1;
          statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        } else if (counted && timedOut) timeouts += 1;
        else if (counted) errors += 1;
        settle();
      };
      const request = http.request({
        agent, host: target.hostname, port: target.port, method: item.method, path: item.path,
        headers: { ...item.headers, 'content-length': Buffer.byteLength(item.body) },
      }, (response) => {
        response.resume();
        response.on('end', () => finish(response.statusCode ?? 0));
        response.on('error', () => finish(null)); // the connection broke mid-answer
        response.on('close', () => { if (!response.complete) finish(null); });
      });
      request.setTimeout(options.timeoutSec * 1000, () => {
        timedOut = true;
        request.destroy(new Error('timed out'));
      });
      request.on('error', () => finish(null));
      request.end(item.body);
    };
    const tick = (): void => {
      const elapsed = performance.now() - started;
      while (sent < total && sent * intervalMs <= elapsed) {
        if (sent === warmup) measuredFrom = started + sent * intervalMs;
        send(started + sent * intervalMs, sent >= warmup);
        sent += 1;
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}
