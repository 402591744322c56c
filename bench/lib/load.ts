import path from 'node:path';
import type { LatencySummary } from './stats';
import { startProcess } from './processes';

/** What the load driver sends. */
export type LoadRequests =
  /** `count` distinct signed notifications (wrapping around if the run outlasts them). */
  | { kind: 'distinct'; count: number; prefix: string; firstPaymentId: number }
  /** One signed notification, resent every time. */
  | { kind: 'same'; notificationId: string; paymentId: number };

export interface LoadOptions {
  /** Base URL of the server under test. */
  url: string;
  connections: number;
  /** Run for this many seconds… */
  durationSec?: number;
  /** …or send exactly this many requests. */
  amount?: number;
  /**
   * With `durationSec`: load for this long first, uncounted, so the measured part starts with the load generator's
   * code compiled and its connections open (the first answers of a cold run take several times longer).
   */
  warmupSec?: number;
  requests: LoadRequests;
  /**
   * Send at this steady rate (an open loop; response times counted from when each request was due) instead of
   * autocannon's closed loop, where each connection sends again as soon as it is answered.
   */
  ratePerSec?: number;
  timeoutSec?: number;
  /** Also return every response time (to merge several runs exactly). */
  raw?: boolean;
}

export interface LoadResult {
  connections: number;
  /** Responses received (any status). */
  completed: number;
  elapsedMs: number;
  /** Responses per second over the whole run. */
  rps: number;
  /** Response times measured by the load generator (connection-level, from write to full response). */
  latencyMs: LatencySummary;
  /** Responses by HTTP status. */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** True when the run used more requests than were precomputed (later ones repeated earlier notifications). */
  poolWrapped: boolean;
  /** Every response time in ms, as base64 of a Float32Array (only with `raw`). */
  latenciesBase64?: string;
}

/** The response times of a `raw` run. */
export function rawLatencies(result: LoadResult): Float32Array {
  if (!result.latenciesBase64) return new Float32Array(0);
  const bytes = Buffer.from(result.latenciesBase64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const DRIVER = path.join(__dirname, 'load-driver.ts');

/** Runs the load (autocannon, or the paced open loop) in a process of its own against `options.url` and returns what it measured. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const driver = startProcess('load driver', DRIVER, [JSON.stringify(options)], {});
  const exit = await driver.exited;
  const line = driver.output().split('\n').find((l) => l.startsWith('RESULT '));
  if (exit.code !== 0 || !line) throw new Error(`load driver failed (exit ${exit.code ?? exit.signal}):\n${driver.output().slice(-4000)}`);
  return JSON.parse(line.slice('RESULT '.length)) as LoadResult;
}

/** Responses with a 2xx status. */
export function count2xx(result: LoadResult): number {
  return Object.entries(result.statuses).filter(([status]) => status.startsWith('2')).reduce((sum, [, n]) => sum + n, 0);
}
