/**
 * The load generator, run as its own process (`node -r tsx/cjs bench/lib/load-driver.ts '<json LoadOptions>'`) so it
 * never shares a CPU-bound event loop with the server under test. Prints one `RESULT {json}` line.
 */
import autocannon from 'autocannon';
import { summarize } from './stats';
import { MeasuredLoad, runPacedLoad } from './paced-load';
import { PreparedRequest, signedNotification, signedNotifications } from './signed-notifications';
import type { LoadOptions, LoadResult } from './load';

function buildPool(options: LoadOptions): PreparedRequest[] {
  const r = options.requests;
  if (r.kind === 'same') {
    return [signedNotification({ paymentId: r.paymentId, notificationId: r.notificationId, requestId: `${r.notificationId}-req`, ts: Date.now() })];
  }
  return signedNotifications({ count: r.count, prefix: r.prefix, firstPaymentId: r.firstPaymentId });
}

/** A closed loop: every connection sends its next request as soon as the previous one is answered. */
async function runAutocannon(options: LoadOptions, pool: PreparedRequest[], take: () => PreparedRequest): Promise<MeasuredLoad> {
  const single = pool.length === 1 ? pool[0] : null;
  const requests = single
    ? [{ method: single.method, path: single.path, headers: single.headers, body: single.body }]
    : [{
      method: 'POST' as const,
      setupRequest: (req: Record<string, unknown>) => {
        const item = take();
        return { ...req, method: item.method, path: item.path, headers: item.headers, body: item.body };
      },
    }];
  let latencies = new Float64Array(1 << 16);
  let completed = 0;
  const statuses: Record<string, number> = {};
  const warmupMs = options.amount ? 0 : (options.warmupSec ?? 0) * 1000;
  const started = performance.now();
  let measuredFrom = warmupMs > 0 ? Infinity : started;
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: (options.durationSec ?? 5) + warmupMs / 1000 }),
    timeout: options.timeoutSec ?? 10,
    requests: requests as autocannon.Request[],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (measuredFrom === Infinity) {
      if (performance.now() - started < warmupMs) return; // the warm-up's answers are not counted
      measuredFrom = performance.now();
    }
    if (completed === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[completed] = responseTime;
    completed += 1;
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  return { latencies: latencies.subarray(0, completed), statuses, errors: result.errors, timeouts: result.timeouts, elapsedMs: performance.now() - measuredFrom };
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
  const pool = buildPool(options);
  let next = 0;
  let wrapped = false;
  const take = (): PreparedRequest => {
    if (next >= pool.length) {
      next = 0;
      wrapped = true;
    }
    const item = pool[next];
    next += 1;
    return item;
  };
  const measured = options.ratePerSec
    ? await runPacedLoad({
      url: options.url, connections: options.connections, ratePerSec: options.ratePerSec, durationSec: options.durationSec ?? 5,
      warmupSec: options.warmupSec ?? 0, timeoutSec: options.timeoutSec ?? 10, next: take,
    })
    : await runAutocannon(options, pool, take);
  const { latencies } = measured;
  const out: LoadResult = {
    connections: options.connections,
    completed: latencies.length,
    elapsedMs: measured.elapsedMs,
    rps: latencies.length / (measured.elapsedMs / 1000),
    latencyMs: summarize(latencies),
    statuses: measured.statuses,
    errors: measured.errors,
    timeouts: measured.timeouts,
    poolWrapped: wrapped,
    ...(options.raw ? { latenciesBase64: Buffer.from(Float32Array.from(latencies).buffer).toString('base64') } : {}),
  };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`load driver failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
