/**
 * The load generator, run as its own process (`node -r tsx/cjs bench/lib/load-driver.ts '<json LoadOptions>'`) so it
 * never shares a CPU-bound event loop with the server under test. Prints one `RESULT {json}` line.
 */
import autocannon from 'autocannon';
import { summarize } from './stats';
import { PreparedRequest, signedNotification, signedNotifications } from './signed-notifications';
import type { LoadOptions, LoadResult } from './load';

function buildPool(options: LoadOptions): PreparedRequest[] {
  const r = options.requests;
  if (r.kind === 'same') {
    return [signedNotification({ paymentId: r.paymentId, notificationId: r.notificationId, requestId: `${r.notificationId}-req`, ts: Date.now() })];
  }
  return signedNotifications({ count: r.count, prefix: r.prefix, firstPaymentId: r.firstPaymentId });
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
  const started = process.hrtime.bigint();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSec ?? 5 }),
    timeout: options.timeoutSec ?? 10,
    requests: requests as autocannon.Request[],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
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
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const out: LoadResult = {
    connections: options.connections,
    completed,
    elapsedMs,
    rps: completed / (elapsedMs / 1000),
    latencyMs: summarize(latencies.subarray(0, completed)),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    poolWrapped: wrapped,
    ...(options.raw ? { latenciesBase64: Buffer.from(Float32Array.from(latencies.subarray(0, completed)).buffer).toString('base64') } : {}),
  };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`load driver failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
