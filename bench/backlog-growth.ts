import type { Dialect, NewEvent, Store } from '@ghl-payments/store';
import { BenchDatabase, countEvents, createBenchDatabase } from './lib/bench-db';
import { BenchContext, emptyResult, Scenario, ScenarioResult, sized } from './lib/context';
import { runLoad } from './lib/load';
import { startReceiverProcess } from './lib/product';
import { insertBulkEvents } from './lib/seed';
import { fmt, summarize } from './lib/stats';

interface SizeResult {
  dialect: Dialect;
  events: number;
  buildMs: number;
  ackRps: number;
  ackP50: number;
  ackP99: number;
  claimP50: number;
  claimP99: number;
}

interface CapturedQuery {
  sql: string;
  bindings: unknown[];
}

/** Runs `fn` and returns the statements Knex sent meanwhile. */
async function captureQueries(db: Store, fn: () => Promise<unknown>): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }): void => { captured.push({ sql: q.sql, bindings: q.bindings ?? [] }); };
  db.knex.on('query', listener);
  try {
    await fn();
  } finally {
    db.knex.off('query', listener);
  }
  return captured;
}

/** The plan of a statement as the database would run it now (PostgreSQL: executed with ANALYZE, then rolled back). */
async function explain(db: Store, q: CapturedQuery): Promise<string> {
  if (db.dialect === 'sqlite') {
    const rows = await db.knex.raw(`EXPLAIN QUERY PLAN ${q.sql}`, q.bindings as never[]) as Array<{ id: number; parent: number; detail: string }>;
    const depth = new Map<number, number>([[0, -1]]);
    return rows.map((r) => {
      const d = (depth.get(r.parent) ?? -1) + 1;
      depth.set(r.id, d);
      return `${'  '.repeat(d)}${r.detail}`;
    }).join('\n');
  }
  let text = '';
  const sql = q.sql.replace(/\$\d+/g, '?'); // Knex reports PostgreSQL's numbered placeholders; raw() wants `?`, in the same order
  await db.knex.transaction(async (trx) => {
    const result = await trx.raw(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY OFF) ${sql}`, q.bindings as never[]) as { rows: Array<{ 'QUERY PLAN': string }> };
    text = result.rows.map((r) => r['QUERY PLAN']).join('\n');
    await trx.rollback();
  }).catch((err: Error) => { if (!/rollback|Transaction rejected/i.test(err.message) && !text) throw err; });
  return text;
}

/** Times `rounds` claims of one batch (the worker's default 16) straight through the product's claim function. */
async function timeClaims(db: Store, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const t = process.hrtime.bigint();
    const claimed = await db.claimDueEvents({ owner: 'bench:claim', limit: 16, leaseMs: 600_000, now: Date.now() });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (claimed.length === 0) throw new Error('the backlog ran out of due events while timing claims');
  }
  return times;
}

async function plans(bdb: BenchDatabase): Promise<Array<{ title: string; text: string }>> {
  const db = bdb.db;
  const claim = await captureQueries(db, () => db.claimDueEvents({ owner: 'bench:plan', limit: 16, leaseMs: 600_000, now: Date.now() }));
  const planEvent = (n: number): NewEvent => ({
    dedupKey: `webhook:payment:plan${n}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment', action: 'payment.updated',
    resourceId: '77', notificationId: `plan${n}`, requestId: `plan${n}-req`, signature: 'valid', payload: '{}', headers: {}, query: {},
  });
  const insert = await captureQueries(db, () => db.insertEvent(planEvent(1), Date.now()));
  const name = bdb.dialect === 'sqlite' ? 'SQLite, EXPLAIN QUERY PLAN' : 'PostgreSQL, EXPLAIN (ANALYZE, BUFFERS), rolled back';
  const claimSql = claim.find((q) => /update/i.test(q.sql));
  const insertSql = insert.find((q) => /insert/i.test(q.sql));
  const out: Array<{ title: string; text: string }> = [];
  if (claimSql) out.push({ title: `Claim (${name})`, text: `${claimSql.sql.replace(/\s+/g, ' ').trim()}\n\n${await explain(db, claimSql)}` });
  if (insertSql) {
    // the row exists now: plan a fresh key so the insert path, not the conflict, is shown
    const fresh = { ...insertSql, bindings: insertSql.bindings.map((b) => (b === 'webhook:payment:plan1' ? 'webhook:payment:plan2' : b)) };
    out.push({ title: `Receiver insert (${name})`, text: `${insertSql.sql.replace(/\s+/g, ' ').trim()}\n\n${await explain(db, fresh)}` });
  }
  return out;
}

/**
 * Claims when every pending event shares one next_retry_at (an operator retrying thousands at once, leases rescued
 * together): the claim's ORDER BY next_retry_at, id must still read one batch, not sort the whole backlog.
 */
async function burstClaims(ctx: BenchContext, dialect: Dialect, count: number, rounds: number): Promise<{ p50: number; p99: number }> {
  const bdb = await createBenchDatabase(ctx, dialect, `burst-${dialect}`);
  try {
    const now = Date.now() - 60_000;
    await insertBulkEvents(bdb.db, { from: 0, count, prefix: 'bu', firstPaymentId: 3_900_000_000, pendingEvery: 1, now });
    await bdb.db.knex('webhook_events').update({ next_retry_at: now });
    if (dialect === 'postgres') await bdb.db.knex.raw('VACUUM ANALYZE webhook_events');
    const claims = summarize(await timeClaims(bdb.db, rounds));
    return { p50: claims.p50, p99: claims.p99 };
  } finally {
    await bdb.destroy();
  }
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const sizes = sized(ctx, { smoke: [1000, 3000], default: [10_000, 100_000, 1_000_000], full: [10_000, 100_000, 1_000_000] });
  const ackSec = sized(ctx, { smoke: 0.5, default: 3, full: 5 });
  const claimRounds = sized(ctx, { smoke: 10, default: 60, full: 100 });
  const pendingEvery = 10;
  const result = emptyResult(backlogGrowth, `The events table is grown to ${sizes.map((s) => s.toLocaleString('en-US')).join(', ')} rows `
    + `(one INSERT … SELECT over a recursive CTE on SQLite, generate_series on PostgreSQL; every ${pendingEvery}th event pending and due, `
    + `the rest already processed). At each size: the receiver's ack under ${ackSec} s of 16 connections of distinct signed notifications, `
    + `and ${claimRounds} claims of a 16-event batch through the store's claim operation (\`store.claimDueEvents\`) timed in the runner. `
    + 'PostgreSQL gets a VACUUM ANALYZE after each growth (what autovacuum would do); SQLite gets nothing, as in production.');
  const all: SizeResult[] = [];
  for (const dialect of ctx.dialects) {
    const bdb = await createBenchDatabase(ctx, dialect, `backlog-${dialect}`);
    try {
      if (dialect === 'sqlite') await bdb.db.knex.raw('PRAGMA cache_size = -262144');
      let current = 0;
      let receiver: Awaited<ReturnType<typeof startReceiverProcess>> | null = null;
      try {
        for (const [i, size] of sizes.entries()) {
          const t = Date.now();
          await insertBulkEvents(bdb.db, { from: current, count: size - current, prefix: 'bl', firstPaymentId: 3_000_000_000, pendingEvery, now: Date.now() - 60_000 });
          if (dialect === 'postgres') await bdb.db.knex.raw('VACUUM ANALYZE webhook_events');
          const buildMs = Date.now() - t;
          current = size;
          ctx.log(`  ${dialect}: ${size.toLocaleString('en-US')} events (grown in ${(buildMs / 1000).toFixed(1)} s)`);
          receiver ??= await startReceiverProcess(ctx, bdb);
          const ack = await runLoad({
            url: receiver.url, connections: 16, durationSec: ackSec,
            requests: { kind: 'distinct', count: Math.max(2000, ackSec * 15_000), prefix: `bg${i}`, firstPaymentId: 3_500_000_000 + i * 10_000_000 },
          });
          const claims = summarize(await timeClaims(bdb.db, claimRounds));
          all.push({ dialect, events: size, buildMs, ackRps: ack.rps, ackP50: ack.latencyMs.p50, ackP99: ack.latencyMs.p99, claimP50: claims.p50, claimP99: claims.p99 });
          ctx.log(`    ack ${fmt(ack.rps)} req/s p99 ${fmt(ack.latencyMs.p99)} ms; claim p50 ${fmt(claims.p50)} ms p99 ${fmt(claims.p99)} ms`);
        }
      } finally {
        await receiver?.process.stop();
      }
      result.blocks.push(...await plans(bdb));
      if (dialect === 'sqlite') {
        result.notes.push('SQLite\'s plan of the insert lists only the foreign-key bookkeeping (an index search of webhook_attempts); the '
          + 'ON CONFLICT checks go through the unique indexes on dedup_key and pending_key, which EXPLAIN QUERY PLAN does not list.');
      }
      result.notes.push(`${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${(await countEvents(bdb.db)).toLocaleString('en-US')} rows at the end (the backlog plus the notifications acked during the runs).`);
    } finally {
      await bdb.destroy();
    }
  }
  const name = (d: Dialect): string => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const burst = sized(ctx, { smoke: 2000, default: 100_000, full: 100_000 });
  const bursts: Array<{ dialect: Dialect; p50: number; p99: number }> = [];
  for (const dialect of ctx.dialects) {
    const b = await burstClaims(ctx, dialect, burst, claimRounds);
    bursts.push({ dialect, ...b });
    ctx.log(`  ${dialect}: claim with ${burst.toLocaleString('en-US')} events due at the same instant: p50 ${fmt(b.p50)} ms`);
  }
  result.tables.push({
    title: `Claim when all ${burst.toLocaleString('en-US')} pending events share one next_retry_at (e.g. an operator retried them all at once)`,
    columns: ['database', 'claim p50 ms', 'claim p99 ms'],
    rows: bursts.map((b) => [name(b.dialect), fmt(b.p50), fmt(b.p99)]),
  });
  result.tables.unshift({
    columns: ['database', 'events in table', 'grown in s', 'ack req/s (16 conn)', 'ack p50 ms', 'ack p99 ms', 'claim p50 ms', 'claim p99 ms'],
    rows: all.map((r) => [name(r.dialect), r.events.toLocaleString('en-US'), (r.buildMs / 1000).toFixed(1), fmt(r.ackRps), fmt(r.ackP50), fmt(r.ackP99), fmt(r.claimP50), fmt(r.claimP99)]),
  });
  for (const dialect of ctx.dialects) {
    const rows = all.filter((r) => r.dialect === dialect);
    if (rows.length < 2) continue;
    const first = rows[0];
    const last = rows[rows.length - 1];
    const ackGrowth = last.ackP50 / first.ackP50;
    const claimGrowth = last.claimP50 / first.claimP50;
    result.targets.push({
      name: `ack and claim stay flat, ${first.events.toLocaleString('en-US')} → ${last.events.toLocaleString('en-US')} events (${name(dialect)})`,
      target: 'p50 grows < 2×',
      measured: `ack ${fmt(ackGrowth)}×, claim ${fmt(claimGrowth)}×`,
      met: ackGrowth < 2 && claimGrowth < 2,
    });
  }
  const categories = sizes.map((s) => (s >= 1_000_000 ? `${s / 1_000_000}M` : s >= 1000 ? `${s / 1000}k` : String(s)));
  result.charts.push({
    title: 'Backlog growth: claim latency (p50, batch of 16)', unit: 'ms', categories,
    series: ctx.dialects.map((d) => ({ name: name(d), values: sizes.map((s) => all.find((r) => r.dialect === d && r.events === s)?.claimP50 ?? null) })),
  });
  result.charts.push({
    title: 'Backlog growth: receiver ack p50 (16 conn)', unit: 'ms', categories,
    series: ctx.dialects.map((d) => ({ name: name(d), values: sizes.map((s) => all.find((r) => r.dialect === d && r.events === s)?.ackP50 ?? null) })),
  });
  result.data = { sizes: all, bursts };
  return result;
}

export const backlogGrowth: Scenario = { id: 'backlog-growth', title: 'Backlog growth: ack and claim with 10k, 100k and 1M events stored', run };
