import { createBenchDatabase } from './lib/bench-db';
import { BenchContext, emptyResult, Scenario, ScenarioResult, sized } from './lib/context';
import { startBenchFakes } from './lib/fakes';
import { ensureFreshBundle, FROM_SOURCES_ENV } from './lib/launcher';
import { startWorkerProcess } from './lib/product';
import { fmt, mb, percentile } from './lib/stats';

const TARGET_MS = 300;

interface StartTimes {
  label: string;
  wallMs: number[];
  peakRssKb: number[];
}

/** Wall time of one `process-webhooks` run, from spawn to exit, through the real launcher; it must find nothing to do. */
async function timeOneRun(ctx: BenchContext, run: () => ReturnType<typeof startWorkerProcess>): Promise<{ wallMs: number; peakRssKb: number | null }> {
  const started = process.hrtime.bigint();
  const worker = run();
  const exit = await worker.exited;
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const output = worker.output();
  if (exit.code !== 0 || !/processed=0 /.test(output)) {
    throw new Error(`process-webhooks (nothing due) exited with ${exit.code ?? exit.signal} instead of printing processed=0:\n${output.slice(-2000)}`);
  }
  ctx.log(`  ${fmt(wallMs)} ms`);
  return { wallMs, peakRssKb: worker.peakRssKb() };
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const runs = sized(ctx, { smoke: 1, default: 10, full: 20 });
  const result = emptyResult(cronStart, `Wall time of \`process-webhooks\` (no --loop, as cron runs it every minute) on a migrated SQLite `
    + `database with nothing due, from spawn to exit, through the real launcher (packages/cli/bin/process-webhooks.js), with credentials `
    + `set (fake MercadoPago and GoHighLevel on loopback; nothing is called). ${runs} runs each from the compiled bundle (packages/cli/dist, `
    + `what \`npm ci\` builds) and from the TypeScript sources through tsx (GHL_PAYMENTS_FROM_SOURCE=1, how every start worked before), `
    + 'alternating, after one uncounted run of each (the file cache warm, as for a command run every minute); the median is the figure.');
  const bundleProblem = ensureFreshBundle();
  if (bundleProblem) result.notes.push(`The "bundle" runs did NOT use the bundle: ${bundleProblem}.`);
  const bdb = await createBenchDatabase(ctx, 'sqlite', 'cron');
  const fakes = await startBenchFakes({ latencyMs: 0 });
  const bundle: StartTimes = { label: 'compiled bundle', wallMs: [], peakRssKb: [] };
  const sources: StartTimes = { label: 'TypeScript sources (tsx)', wallMs: [], peakRssKb: [] };
  try {
    const env = { ...fakes.env, GHL_RATE_LIMIT: 'off' };
    const start = (times: StartTimes) => () => startWorkerProcess(ctx, bdb, times === sources ? { ...env, ...FROM_SOURCES_ENV } : env);
    for (let i = 0; i <= runs; i += 1) {
      for (const times of [bundle, sources]) {
        const one = await timeOneRun(ctx, start(times));
        if (i === 0) continue; // the uncounted first run
        times.wallMs.push(one.wallMs);
        if (one.peakRssKb !== null) times.peakRssKb.push(one.peakRssKb);
      }
    }
  } finally {
    await fakes.close();
    await bdb.destroy();
  }
  const median = (values: number[]): number => percentile(Float64Array.from(values).sort(), 0.5);
  const rows = [bundle, sources].map((t) => [
    t.label, String(t.wallMs.length), `${fmt(median(t.wallMs))} ms`, `${fmt(Math.min(...t.wallMs))} ms`, `${fmt(Math.max(...t.wallMs))} ms`,
    t.peakRssKb.length ? mb(median(t.peakRssKb)) : '–',
  ]);
  result.tables.push({ columns: ['runs from', 'runs', 'median', 'fastest', 'slowest', 'peak RSS (median)'], rows });
  const bundleMs = median(bundle.wallMs);
  const sourcesMs = median(sources.wallMs);
  result.targets.push({
    name: '`process-webhooks` once with nothing due (cron), SQLite, wall time',
    target: `≤ ${TARGET_MS / 1000} s`,
    measured: `${(bundleMs / 1000).toFixed(2)} s from the bundle (${(sourcesMs / 1000).toFixed(2)} s from the sources)`,
    met: !bundleProblem && bundleMs <= TARGET_MS,
  });
  result.charts.push({
    title: 'Cron start: process-webhooks with nothing due (median)', unit: 'ms', categories: ['SQLite'],
    series: [{ name: 'compiled bundle', values: [bundleMs] }, { name: 'TypeScript sources', values: [sourcesMs] }],
    reference: { label: `goal ${TARGET_MS} ms`, value: TARGET_MS },
  });
  result.data = { bundleMs: bundle.wallMs, sourcesMs: sources.wallMs, bundleInUse: !bundleProblem };
  return result;
}

export const cronStart: Scenario = { id: 'cron-start', title: 'Cron start: process-webhooks with nothing due', run };
