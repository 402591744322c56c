import type { Store } from '@ghl-payments/store';
import { countByStatus, createBenchDatabase } from './lib/bench-db';
import { BenchContext, emptyResult, Scenario, ScenarioResult, sized } from './lib/context';
import { startBenchFakes } from './lib/fakes';
import { BenchProcess } from './lib/processes';
import { startWorkerProcess } from './lib/product';
import { insertBulkEvents } from './lib/seed';
import { fmt, fmtRatio } from './lib/stats';

const sleep = (ms: number): Promise<void> => new Promise((r) => { setTimeout(r, ms); });

async function listeners(db: Store): Promise<number> {
  const row = await db.knex('pg_stat_activity').where('datname', db.knex.raw('current_database()')).andWhere('query', 'like', 'LISTEN%')
    .count({ n: '*' }).first() as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

interface ScalingRun {
  workers: number;
  events: number;
  seconds: number;
  eventsPerSec: number;
  split: number[];
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const counts = sized(ctx, { smoke: [1, 2], default: [1, 2, 4], full: [1, 2, 4] });
  const events = sized(ctx, { smoke: 60, default: 6_000, full: 20_000 });
  const concurrency = 32;
  const latencyMs = sized(ctx, { smoke: 5, default: 25, full: 25 });
  const result = emptyResult(postgresScaling, `${events.toLocaleString('en-US')} events drained by 1, 2 and 4 \`process-webhooks --loop\` `
    + `processes on one PostgreSQL database (FOR UPDATE SKIP LOCKED claims), WORKER_CONCURRENCY=${concurrency} each, fakes delaying each `
    + `answer ${latencyMs} ms. The workers start idle and LISTENing; the events are inserted in one statement (its commit NOTIFYs them); `
    + 'rate = events / (last outcome − commit).'
    + (ctx.mode === 'default' ? ' (`npm run bench` drains 6,000 events to stay short; `--full` drains 20,000.)' : ''));
  const fakes = await startBenchFakes({ latencyMs });
  const runs: ScalingRun[] = [];
  try {
    fakes.addPayments(30_000_000, events);
    for (const n of counts) {
      const bdb = await createBenchDatabase(ctx, 'postgres', `scale${n}`);
      const workers: BenchProcess[] = [];
      try {
        for (let i = 0; i < n; i += 1) {
          workers.push(startWorkerProcess(ctx, bdb, { ...fakes.env, GHL_RATE_LIMIT: 'off', WORKER_CONCURRENCY: String(concurrency) }, ['--loop']));
        }
        const upBy = Date.now() + 60_000;
        while ((await listeners(bdb.db)) < n) {
          if (Date.now() > upBy) throw new Error(`workers did not start LISTENing:\n${workers.map((w) => w.output().slice(-1500)).join('\n')}`);
          await sleep(100);
        }
        await sleep(300);
        await insertBulkEvents(bdb.db, { from: 0, count: events, prefix: `sc${n}`, firstPaymentId: 30_000_000, pendingEvery: 1, now: Date.now() });
        const committed = Date.now();
        const doneBy = committed + 300_000;
        for (;;) {
          const statuses = await countByStatus(bdb.db);
          if ((statuses.success ?? 0) === events) break;
          if (Date.now() > doneBy) throw new Error(`drain did not finish: ${JSON.stringify(statuses)}`);
          await sleep(200);
        }
        const last = await bdb.db.knex('webhook_events').max({ t: 'processed_at' }).first() as { t: number | string };
        const seconds = (Number(last.t) - committed) / 1000;
        await Promise.all(workers.map((w) => w.stop()));
        const split = workers.map((w) => Number(/success=(\d+)/.exec(w.output())?.[1] ?? NaN));
        runs.push({ workers: n, events, seconds, eventsPerSec: events / seconds, split });
        ctx.log(`  ${n} worker(s): ${fmt(events / seconds)} events/s, split ${split.join('/')}`);
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
        await bdb.destroy();
      }
    }
  } finally {
    await fakes.close();
  }
  const base = runs[0]?.eventsPerSec ?? NaN;
  result.tables.push({
    columns: ['worker processes', 'events', 'drained in s', 'events/s', 'speed-up', 'events per worker'],
    rows: runs.map((r) => [String(r.workers), r.events.toLocaleString('en-US'), fmt(r.seconds), fmt(r.eventsPerSec), fmtRatio(r.eventsPerSec / base), r.split.join(' / ')]),
  });
  result.notes.push(`Ideal per process: ${concurrency} / (2 × ${latencyMs} ms) = ${fmt(concurrency / ((2 * latencyMs) / 1000))} events/s. On a 2-core machine the `
    + 'processes, PostgreSQL and the fakes share two cores, so scaling flattens once the CPU is the limit; on more cores it continues.');
  result.charts.push({
    title: 'PostgreSQL: worker processes draining the same events', unit: 'events/s', categories: runs.map((r) => `${r.workers} worker${r.workers > 1 ? 's' : ''}`),
    series: [{ name: 'PostgreSQL', values: runs.map((r) => r.eventsPerSec) }],
  });
  result.data = { runs };
  return result;
}

export const postgresScaling: Scenario = {
  id: 'postgres-scaling', title: 'Scaling on PostgreSQL: 1, 2 and 4 worker processes', postgresOnly: true, run,
};
