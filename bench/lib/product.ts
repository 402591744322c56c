import fs from 'node:fs';
import path from 'node:path';
import { findFreePort } from '@ghl-payments/test-support';
import type { BenchContext } from './context';
import type { BenchDatabase } from './bench-db';
import { BENCH_WEBHOOK_SECRET } from './signed-notifications';
import { RECEIVER_NODE_FLAGS } from '@ghl-payments/cli';
import { BenchProcess, BIN, startProcess } from './processes';

let logCounter = 0;

/**
 * The environment of a product process in the benchmarks: the database, a webhook secret (every signature is
 * checked), a fixed admin token (nothing written to data/), logs at the default level to a scratch LOG_DIR.
 */
export function productEnv(ctx: BenchContext, bdb: BenchDatabase, extra: Record<string, string> = {}): Record<string, string> {
  logCounter += 1;
  const logDir = path.join(ctx.workDir, `logs-${logCounter}`);
  fs.mkdirSync(logDir, { recursive: true });
  return {
    DATABASE_URL: bdb.url,
    MP_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    ADMIN_TOKEN: 'bench-admin-token-3vN8qT5kX1mR7wZ2',
    LOG_DIR: logDir,
    HOST: '127.0.0.1',
    ...extra,
  };
}

export interface RunningReceiverProcess {
  process: BenchProcess;
  url: string;
}

/** `ghl-payments runserver` as its own process (the production entry point), ready to take requests. */
export async function startReceiverProcess(ctx: BenchContext, bdb: BenchDatabase, extra: Record<string, string> = {}): Promise<RunningReceiverProcess> {
  const port = await findFreePort();
  // started as `npm start` and the deploy/ units start it
  const proc = startProcess('receiver', BIN.ghlPayments, ['runserver', '--port', String(port)], productEnv(ctx, bdb, extra), { nodeArgs: [...RECEIVER_NODE_FLAGS] });
  await proc.waitForOutput(/receiver listening/, 60_000);
  return { process: proc, url: `http://127.0.0.1:${port}` };
}

/** The bare Express baseline as its own process. */
export async function startBareApp(): Promise<RunningReceiverProcess> {
  const port = await findFreePort();
  const proc = startProcess('bare app', path.join(__dirname, 'bare-app.ts'), [String(port)], {});
  await proc.waitForOutput(/bare app listening/, 60_000);
  return { process: proc, url: `http://127.0.0.1:${port}` };
}

/** `process-webhooks [--loop]` as its own process. */
export function startWorkerProcess(ctx: BenchContext, bdb: BenchDatabase, env: Record<string, string>, args: string[] = []): BenchProcess {
  return startProcess('worker', BIN.processWebhooks, args, productEnv(ctx, bdb, env));
}
