import type { Dialect } from '@ghl-payments/store';
import { BenchDatabase, createBenchDatabase } from './lib/bench-db';
import { BenchContext, emptyResult, Scenario, ScenarioResult, sized } from './lib/context';
import { startBenchFakes } from './lib/fakes';
import { ensureFreshBundle, FROM_SOURCES_ENV } from './lib/launcher';
import { runLoad } from './lib/load';
import { readRss } from './lib/processes';
import { startReceiverProcess } from './lib/product';
import { fmt, mb } from './lib/stats';
import { drainOnce } from './worker-drain';

const REST_GOAL_MB = 60;
const PEAK_GOAL_MB = 150;

interface ReceiverMemory {
  restKb: number | null;
  restAnonKb: number | null;
  peakKb: number | null;
  requests: number;
  rps: number;
}

/** One receiver process: its RSS once started and settled, then its peak under 64 connections of distinct notifications. */
async function measureReceiver(ctx: BenchContext, bdb: BenchDatabase, env: Record<string, string>, o: { restMs: number; loadSec: number; firstPaymentId: number }): Promise<ReceiverMemory> {
  const receiver = await startReceiverProcess(ctx, bdb, env);
  try {
    await new Promise((resolve) => { setTimeout(resolve, o.restMs); });
    const rest = readRss(receiver.process.pid);
    const load = await runLoad({
      url: receiver.url, connections: 64, durationSec: o.loadSec,
      requests: { kind: 'distinct', count: Math.max(2000, o.loadSec * 12_000), prefix: `mem${o.firstPaymentId}`, firstPaymentId: o.firstPaymentId },
    });
    return { restKb: rest?.currentKb ?? null, restAnonKb: rest?.anonKb ?? null, peakKb: receiver.process.peakRssKb(), requests: load.completed, rps: load.rps };
  } finally {
    await receiver.process.stop();
  }
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const loadSec = sized(ctx, { smoke: 1, default: 5, full: 15 });
  const restMs = sized(ctx, { smoke: 500, default: 3000, full: 3000 });
  const events = sized(ctx, { smoke: 40, default: 5000, full: 5000 });
  const latencyMs = sized(ctx, { smoke: 5, default: 25, full: 25 });
  const result = emptyResult(memory, `Resident set size (from /proc) of the receiver process (\`ghl-payments runserver\`) ${restMs / 1000} s after it `
    + `started listening ("at rest"; "private" is RssAnon, the part not shared with other processes: the pages of the node binary and its `
    + `libraries are shared and reclaimable), and its peak (VmHWM, sampled every 200 ms) under ${loadSec} s of 64 connections of distinct signed `
    + `notifications; from the compiled bundle (what \`npm ci\` builds) and from the TypeScript sources through tsx `
    + `(GHL_PAYMENTS_FROM_SOURCE=1, how it ran before), one after the other. Then the peak of one \`process-webhooks\` process (bundle) draining `
    + `${events.toLocaleString('en-US')} events at WORKER_CONCURRENCY=32 against fakes delaying ${latencyMs} ms.`);
  const bundleProblem = ensureFreshBundle();
  if (bundleProblem) result.notes.push(`The "bundle" rows did NOT use the bundle: ${bundleProblem}.`);
  const rows: string[][] = [];
  const data: Record<string, unknown> = {};
  const name = (d: Dialect): string => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  // npm run bench: the default database only (SQLite when available); --full and the smoke run: every dialect
  const dialects = ctx.mode === 'default' ? ctx.dialects.slice(0, 1) : ctx.dialects;
  let firstPaymentId = 40_000_000;
  for (const dialect of dialects) {
    const measured: Record<string, ReceiverMemory> = {};
    for (const [runsFrom, env] of [['bundle', {}], ['sources', FROM_SOURCES_ENV]] as const) {
      const bdb = await createBenchDatabase(ctx, dialect, `mem-${runsFrom}-${dialect}`);
      try {
        const m = await measureReceiver(ctx, bdb, env, { restMs, loadSec, firstPaymentId });
        firstPaymentId += 1_000_000;
        measured[runsFrom] = m;
        rows.push([`receiver (${runsFrom === 'bundle' ? 'compiled bundle' : 'TypeScript sources'})`, name(dialect),
          `64 connections, ${m.requests.toLocaleString('en-US')} requests (${fmt(m.rps)} req/s)`, mb(m.restKb), mb(m.restAnonKb), mb(m.peakKb)]);
        data[`receiver-${runsFrom}-${dialect}`] = m;
      } finally {
        await bdb.destroy();
      }
    }
    if (dialect === 'sqlite') {
      const b = measured.bundle;
      const s = measured.sources;
      const toMb = (kb: number | null): number => (kb ?? Number.POSITIVE_INFINITY) / 1024;
      result.targets.push({
        name: 'receiver RSS at rest (SQLite)', target: `≤ ${REST_GOAL_MB} MB`,
        measured: `${mb(b.restKb)} from the bundle, ${mb(b.restAnonKb)} of it private (${mb(s.restKb)} from the sources)`,
        met: !bundleProblem && toMb(b.restKb) <= REST_GOAL_MB,
      });
      result.targets.push({
        name: 'receiver peak RSS at 64 connections (SQLite)', target: `≤ ${PEAK_GOAL_MB} MB`,
        measured: `${mb(b.peakKb)} from the bundle (${mb(s.peakKb)} from the sources)`,
        met: !bundleProblem && toMb(b.peakKb) <= PEAK_GOAL_MB,
      });
      result.charts.push({
        title: 'Receiver memory (SQLite)', unit: 'MB', categories: ['RSS at rest', 'peak RSS, 64 connections'],
        series: [
          { name: 'compiled bundle', values: [toMb(b.restKb), toMb(b.peakKb)] },
          { name: 'TypeScript sources', values: [toMb(s.restKb), toMb(s.peakKb)] },
        ],
      });
    }
    const fakes = await startBenchFakes({ latencyMs });
    try {
      fakes.addPayments(41_000_000, events);
      const drain = await drainOnce(ctx, dialect, { concurrency: 32, count: events, firstPaymentId: 41_000_000, fakesEnv: fakes.env, label: `memw-${dialect}` });
      rows.push(['worker (compiled bundle)', name(dialect), `${drain.events.toLocaleString('en-US')} events at concurrency 32 (${fmt(drain.eventsPerSec)} events/s)`, '–', '–', mb(drain.peakRssKb)]);
      data[`worker-${dialect}`] = { peakKb: drain.peakRssKb };
    } finally {
      await fakes.close();
    }
  }
  result.tables.push({ columns: ['process', 'database', 'load', 'RSS at rest', 'private at rest', 'peak RSS'], rows });
  result.notes.push('RSS includes Node.js itself: a bare `node` process at rest is about 40 MB on this machine, most of it pages of the node binary.');
  result.data = data;
  return result;
}

export const memory: Scenario = { id: 'memory', title: 'Memory: receiver at rest and under load, worker draining', run };
