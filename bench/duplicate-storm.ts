import type { Dialect } from '@ghl-payments/store';
import { createBenchDatabase } from './lib/bench-db';
import { BenchContext, emptyResult, Scenario, ScenarioResult, sized } from './lib/context';
import { count2xx, runLoad } from './lib/load';
import { startReceiverProcess } from './lib/product';
import { fmt } from './lib/stats';

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const total = sized(ctx, { smoke: 300, default: 10_000, full: 10_000 });
  const connections = 16;
  const result = emptyResult(duplicateStorm, `One signed notification sent ${total.toLocaleString('en-US')} times by autocannon over `
    + `${connections} connections, as MercadoPago does when it keeps redelivering. The first is stored; every other one costs the `
    + 'INSERT … ON CONFLICT DO NOTHING that finds the conflict (on PostgreSQL one multi-row INSERT for the copies arriving in the same '
    + 'turn of the event loop), a look-up of the original and an increment of its `duplicates` counter (on PostgreSQL one increment '
    + 'for the copies of a turn), and is answered 200 `{"status":"duplicate"}`.');
  const rows: string[][] = [];
  const data: Record<string, unknown> = {};
  for (const dialect of ctx.dialects) {
    const bdb = await createBenchDatabase(ctx, dialect, `dup-${dialect}`);
    try {
      const receiver = await startReceiverProcess(ctx, bdb);
      let load;
      try {
        load = await runLoad({ url: receiver.url, connections, amount: total, requests: { kind: 'same', notificationId: 'storm1', paymentId: 4242 } });
      } finally {
        await receiver.process.stop();
      }
      const events = await bdb.db.knex('webhook_events').select('id', 'duplicates') as Array<{ id: number; duplicates: number }>;
      const ok = count2xx(load);
      const name = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
      rows.push([name, load.completed.toLocaleString('en-US'), ok.toLocaleString('en-US'), String(events.length),
        events.length === 1 ? Number(events[0].duplicates).toLocaleString('en-US') : '–', fmt(load.rps), fmt(load.latencyMs.p50), fmt(load.latencyMs.p99), fmt(load.latencyMs.max)]);
      const allAnswered = ok === total && load.errors === 0 && load.timeouts === 0;
      result.targets.push({
        name: `duplicate storm (${name})`, target: `all ${total.toLocaleString('en-US')} answered 200, one event stored`,
        measured: `${ok.toLocaleString('en-US')} × 200, ${events.length} event(s), duplicates=${events[0]?.duplicates ?? '–'}`,
        met: allAnswered && events.length === 1 && Number(events[0].duplicates) === total - 1,
      });
      data[dialect as Dialect] = { load, events: events.length, duplicates: events[0]?.duplicates ?? null };
      ctx.log(`  ${name}: ${fmt(load.rps)} req/s, ${events.length} event(s) stored`);
    } finally {
      await bdb.destroy();
    }
  }
  result.tables.push({ columns: ['database', 'sent', '200s', 'events stored', 'duplicates counted', 'req/s', 'p50 ms', 'p99 ms', 'max ms'], rows });
  result.data = data;
  return result;
}

export const duplicateStorm: Scenario = { id: 'duplicate-storm', title: 'Duplicate storm: one notification resent 10,000 times', run };
