import type { Dialect } from '@ghl-payments/store';
import { createBenchDatabase } from './lib/bench-db';
import { BenchContext, emptyResult, Scenario, ScenarioResult, sized } from './lib/context';
import { startBenchFakes } from './lib/fakes';
import { runLoad } from './lib/load';
import { readRss } from './lib/processes';
import { startReceiverProcess } from './lib/product';
import { fmt, mb } from './lib/stats';
import { drainOnce } from './worker-drain';

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const loadSec = sized(ctx, { smoke: 1, default: 5, full: 15 });
  const events = sized(ctx, { smoke: 40, default: 5000, full: 5000 });
  const latencyMs = sized(ctx, { smoke: 5, default: 25, full: 25 });
  const result = emptyResult(memory, `Peak resident set size (VmHWM from /proc, sampled every 200 ms) of the receiver process under ${loadSec} s of `
    + `64 connections of distinct signed notifications, and of one \`process-webhooks\` process draining ${events.toLocaleString('en-US')} `
    + `events at WORKER_CONCURRENCY=32 against fakes delaying ${latencyMs} ms.`);
  const rows: string[][] = [];
  const data: Record<string, unknown> = {};
  const name = (d: Dialect): string => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  // npm run bench: the default database only (SQLite when available); --full and the smoke run: every dialect
  const dialects = ctx.mode === 'default' ? ctx.dialects.slice(0, 1) : ctx.dialects;
  for (const dialect of dialects) {
    const bdb = await createBenchDatabase(ctx, dialect, `mem-${dialect}`);
    try {
      const receiver = await startReceiverProcess(ctx, bdb);
      try {
        const idle = readRss(receiver.process.pid);
        const load = await runLoad({
          url: receiver.url, connections: 64, durationSec: loadSec,
          requests: { kind: 'distinct', count: Math.max(2000, loadSec * 12_000), prefix: 'mem', firstPaymentId: 40_000_000 },
        });
        const peak = receiver.process.peakRssKb();
        rows.push(['receiver', name(dialect), `64 connections, ${load.completed.toLocaleString('en-US')} requests (${fmt(load.rps)} req/s)`, mb(idle?.currentKb), mb(peak)]);
        data[`receiver-${dialect}`] = { idleKb: idle?.currentKb ?? null, peakKb: peak };
      } finally {
        await receiver.process.stop();
      }
    } finally {
      await bdb.destroy();
    }
    const fakes = await startBenchFakes({ latencyMs });
    try {
      fakes.addPayments(41_000_000, events);
      const drain = await drainOnce(ctx, dialect, { concurrency: 32, count: events, firstPaymentId: 41_000_000, fakesEnv: fakes.env, label: `memw-${dialect}` });
      rows.push(['worker', name(dialect), `${drain.events.toLocaleString('en-US')} events at concurrency 32 (${fmt(drain.eventsPerSec)} events/s)`, '–', mb(drain.peakRssKb)]);
      data[`worker-${dialect}`] = { peakKb: drain.peakRssKb };
    } finally {
      await fakes.close();
    }
  }
  result.tables.push({ columns: ['process', 'database', 'load', 'RSS at rest', 'peak RSS'], rows });
  result.notes.push('RSS includes Node.js itself and tsx (the bins run the TypeScript sources directly).');
  result.data = data;
  return result;
}

export const memory: Scenario = { id: 'memory', title: 'Memory: peak RSS under load', run };
