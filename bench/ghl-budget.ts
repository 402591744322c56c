import type { Dialect } from '@ghl-payments/store';
import { countByStatus, createBenchDatabase } from './lib/bench-db';
import { BenchContext, emptyResult, Scenario, ScenarioResult, sized } from './lib/context';
import { startBenchFakes } from './lib/fakes';
import { BenchProcess } from './lib/processes';
import { startWorkerProcess } from './lib/product';
import { insertBulkEvents } from './lib/seed';
import { fmt } from './lib/stats';

const sleep = (ms: number): Promise<void> => new Promise((r) => { setTimeout(r, ms); });
const pct = (share: number | null): string => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);
const LATENCY_MS = 25;
/** One rule with one action and the contact in the payment's metadata: an event is exactly one GHL call (POST the tags). */
const ONE_TAG_CALL = { GHL_STATUS_TAGS: 'approved:pago-aprobado' };

interface BudgetRun {
  dialect: Dialect;
  workers: number;
  seconds: number;
  calls: number;
  /** Share of the budget used (budgetUsed); null with too few calls. */
  used: number | null;
  busiest: number;
  tooMany: number;
  deferred: number;
  perWorker: number[];
}

/**
 * The share of the budget the calls used: `requests` calls may be made per `windowMs`, so at full use the call
 * `requests` places after another comes exactly one window after it (never sooner, or the window held one call too
 * many). Budget used = windowMs / the mean time from each call to the one `requests` places later, over every such
 * pair: calls per window as a share of the limit, whatever the phase of the bursts (null with too few calls).
 */
export function budgetUsed(times: readonly number[], windowMs: number, requests: number): number | null {
  const sorted = [...times].sort((a, b) => a - b);
  const pairs = sorted.length - requests;
  if (pairs < 1) return null;
  let total = 0;
  for (let i = 0; i < pairs; i += 1) total += sorted[i + requests] - sorted[i];
  return windowMs / (total / pairs);
}

/** Most calls in any window of `windowMs` (what GoHighLevel counts against its limit). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end] - sorted[start] >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** `workers` `process-webhooks --loop` processes on one location for `seconds` from the first GHL call, against a backlog they cannot drain. */
async function budgetRun(
  ctx: BenchContext, dialect: Dialect, o: { workers: number; seconds: number; backlog: number; limit: { requests: number; perMs: number }; scaled: boolean; firstPaymentId: number },
): Promise<BudgetRun> {
  const fakes = await startBenchFakes({ latencyMs: LATENCY_MS, ghlRateLimit: o.limit });
  const bdb = await createBenchDatabase(ctx, dialect, `budget${o.workers}`);
  const workers: BenchProcess[] = [];
  try {
    fakes.addPayments(o.firstPaymentId, o.backlog);
    await insertBulkEvents(bdb.db, { from: 0, count: o.backlog, prefix: `gb${o.workers}`, firstPaymentId: o.firstPaymentId, pendingEvery: 1, now: Date.now() });
    const env: Record<string, string> = { ...fakes.env, ...ONE_TAG_CALL, WORKER_POLL_INTERVAL: '200ms', LOG_LEVEL: 'warn' };
    if (o.scaled) env.GHL_RATE_LIMIT = `${o.limit.requests}/${o.limit.perMs}ms`; // else the default (100/10s) applies
    for (let i = 0; i < o.workers; i += 1) workers.push(startWorkerProcess(ctx, bdb, env, ['--loop']));
    const upBy = Date.now() + 60_000;
    while (fakes.sandbox.ghl.tagCalls().length === 0) {
      if (Date.now() > upBy) throw new Error(`no GHL call within 60 s:\n${workers.map((w) => w.output().slice(-1500)).join('\n')}`);
      await sleep(50);
    }
    await sleep(o.seconds * 1000);
    const stoppedAt = Date.now();
    await Promise.all(workers.map((w) => w.stop()));
    // calls made while the workers finish their in-flight events are counted for 429s, not for the budget used
    const times = fakes.sandbox.ghl.tagCalls().map((c) => c.at).filter((at) => at <= stoppedAt);
    const statuses = await countByStatus(bdb.db);
    if ((statuses.pending ?? 0) === 0) ctx.log(`  ${dialect} ${o.workers} worker(s): the backlog ran out before the end; the budget figure is low`);
    const deferred = await bdb.db.knex('webhook_attempts').where('outcome', 'deferred').count({ n: '*' }).first() as { n: number | string };
    const perWorker = workers.map((w) => Number(/processed=(\d+)/.exec(w.output())?.[1] ?? NaN));
    return {
      dialect, workers: o.workers, seconds: (Math.max(...times) - Math.min(...times)) / 1000, calls: times.length,
      used: budgetUsed(times, o.limit.perMs, o.limit.requests), busiest: busiestWindow(times, o.limit.perMs),
      tooMany: fakes.sandbox.ghl.rateLimited(), deferred: Number(deferred.n), perWorker,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)));
    await bdb.destroy();
    await fakes.close();
  }
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const scaled = ctx.mode === 'smoke';
  const limit = scaled ? { requests: 10, perMs: 1000 } : { requests: 100, perMs: 10_000 };
  const seconds = sized(ctx, { smoke: 2, default: 30, full: 60 });
  const counts = sized(ctx, { smoke: [1, 4], default: [1, 4], full: [1, 2, 4] });
  const dialects = scaled ? ctx.dialects.slice(0, 1) : ctx.dialects;
  // more events than the budget lets through in the run (plus the first window's burst), so no worker ever idles
  const backlog = Math.ceil(((seconds * 1000) / limit.perMs + 2) * limit.requests * 1.5);
  const window = scaled ? `${limit.requests}/${limit.perMs} ms` : '100/10 s';
  const result = emptyResult(ghlBudget, `A backlog of ${backlog.toLocaleString('en-US')} due events on one GHL location, drained by 1 and 4 `
    + '`process-webhooks --loop` processes sharing one database, against the fake GoHighLevel enforcing '
    + `${window} (it answers 429 beyond it, counting calls as they arrive), each answer delayed ${LATENCY_MS} ms. `
    + `Every event is one GHL call (the contact in the payment's metadata, one tag rule). The workers run ${scaled ? `GHL_RATE_LIMIT=${limit.requests}/${limit.perMs}ms` : 'the default GHL_RATE_LIMIT (100/10s)'}, `
    + 'one budget shared through the database (`ghl_budget_grants`), whose window includes a safety margin (500 ms at 10 s). '
    + `Each run lasts ${seconds} s from the first GHL call; budget used = calls per window as a share of the limit: ${limit.perMs / 1000} s / the mean time `
    + `from each call the fake accepted to the call ${limit.requests} places later (exactly one window at full use).`
    + (scaled ? ' Smoke run: the limit is scaled down to 10/1 s and runs last 2 s.' : ''));
  const runs: BudgetRun[] = [];
  let firstPaymentId = 40_000_000;
  for (const dialect of dialects) {
    for (const workers of counts) {
      const r = await budgetRun(ctx, dialect, { workers, seconds, backlog, limit, scaled, firstPaymentId });
      firstPaymentId += backlog;
      runs.push(r);
      ctx.log(`  ${dialect} ${workers} worker(s): ${r.calls} calls, budget used ${pct(r.used)}, ${r.tooMany} × 429`);
    }
  }
  const name = (d: Dialect): string => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  result.tables.push({
    columns: ['database', 'workers', 'calls over s', 'GHL calls', 'calls/s', `budget used (% of ${window})`, `busiest ${limit.perMs / 1000} s window`,
      '429s from GHL', 'deferred attempts', 'events per worker'],
    rows: runs.map((r) => [name(r.dialect), String(r.workers), fmt(r.seconds), String(r.calls), fmt(r.calls / r.seconds), pct(r.used),
      String(r.busiest), String(r.tooMany), String(r.deferred), r.perWorker.map((n) => (Number.isNaN(n) ? '–' : String(n))).join(' / ')]),
  });
  for (const r of runs.filter((x) => x.workers > 1)) {
    result.targets.push({
      name: `${r.workers} workers share GHL's ${window} (${name(r.dialect)})${scaled ? ' (scaled)' : ''}`,
      target: 'zero 429s, ≥ 90 % of the budget used',
      measured: `${r.tooMany} × 429, ${pct(r.used)} used`,
      met: r.tooMany === 0 && (r.used ?? 0) >= 0.9,
    });
  }
  result.charts.push({
    title: `GHL budget used, 1 vs ${counts[counts.length - 1]} workers on one location (${window})`, unit: '% of the budget',
    categories: counts.map((n) => `${n} worker${n === 1 ? '' : 's'}`),
    series: dialects.map((d) => ({ name: name(d), values: counts.map((n) => { const r = runs.find((x) => x.dialect === d && x.workers === n); return r?.used == null ? null : r.used * 100; }) })),
    reference: { label: '90 %', value: 90 },
  });
  result.notes.push('The margin: GoHighLevel counts calls as they arrive, a grant is recorded when the worker asks for it, so a call delayed more '
    + 'than the next one (a database lock wait, a blocked event loop, the network, clocks that differ between hosts) could squeeze one call too '
    + 'many into GoHighLevel\'s window; the window enforced is 10.5 s instead of 10 s (at most 95.2 % of the budget usable).');
  result.data = { runs };
  return result;
}

export const ghlBudget: Scenario = { id: 'ghl-budget', title: 'GHL budget shared by several workers (one location)', run };
