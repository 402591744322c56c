import type { Dialect } from '@ghl-payments/store';
import { BenchDatabase, countEvents, createBenchDatabase } from './lib/bench-db';
import { BenchContext, emptyResult, Scenario, ScenarioResult, sized } from './lib/context';
import { count2xx, LoadResult, rawLatencies, runLoad } from './lib/load';
import { cpuTimeMs } from './lib/processes';
import { RunningReceiverProcess, startBareApp, startReceiverProcess } from './lib/product';
import { fmt, fmtRatio, LatencySummary, summarize } from './lib/stats';

export const RECEIVER_ACK_CONNECTIONS = [1, 16, 64];

interface Server {
  label: string;
  dialect: Dialect | null;
  connections: number[];
  running: RunningReceiverProcess;
  bdb?: BenchDatabase;
}

/** One server at one connection count, merged over its interleaved bursts. */
interface Cell extends MergedBursts {
  server: string;
  dialect: Dialect | null;
  connections: number;
  rps: number;
  cpuUsPerRequest: number | null;
  poolWrapped: boolean;
}

const dialectName = (d: Dialect): string => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const durationSec = sized(ctx, { smoke: 0.5, default: 6, full: 12 });
  const rounds = sized(ctx, { smoke: 1, default: 3, full: 6 });
  const burstSec = durationSec / rounds;
  const warmupSec = sized(ctx, { smoke: 0, default: 1, full: 2 });
  /** Uncounted load at the start of every burst: the load generator is a fresh process each time (cold code, new connections). */
  const burstWarmupSec = sized(ctx, { smoke: 0.1, default: 0.3, full: 0.5 });
  const pacedRates = sized(ctx, { smoke: [200], default: [500, 1000], full: [500, 1000, 2000] });
  const connections = RECEIVER_ACK_CONNECTIONS;
  const result = emptyResult(receiverAck, `autocannon (its own process) sends distinct, validly signed Webhooks notifications (\`x-signature\` `
    + `checked against MP_WEBHOOK_SECRET) to \`POST /webhooks/mp\`. The receiver is the production entry point (\`ghl-payments runserver\`, `
    + 'default settings: LOG_LEVEL=info to console and file, SQLite WAL with synchronous=NORMAL — each row committed before its 200, '
    + 'surviving a crash of any process). The baseline is a bare Express app (`bench/lib/bare-app.ts`) that reads the raw body, parses the '
    + 'JSON and answers 200 — no helmet, signature, log or database. All servers run at once and take turns: at each connection count each '
    + `gets ${rounds} burst(s) of ${burstSec} s in alternation (${durationSec} s in all), so background load hits them alike; latencies `
    + `are merged over the bursts. Each burst starts with ${burstWarmupSec} s of load that is not counted: the load generator is a new `
    + 'process every time, and its first answers (cold code, new connections) would otherwise be counted. "CPU µs/req" is the server '
    + 'process\'s own CPU time per response (from /proc, including what it did in the idle time after its bursts), the figure least '
    + 'disturbed by other load on the machine.');

  const servers: Server[] = [];
  try {
    servers.push({ label: 'bare Express', dialect: null, connections, running: await startBareApp() });
    for (const d of ctx.dialects) {
      const bdb = await createBenchDatabase(ctx, d, `ack-${d}`);
      servers.push({ label: `receiver (${dialectName(d)})`, dialect: d, connections, bdb, running: await startReceiverProcess(ctx, bdb) });
    }
    if (ctx.mode !== 'smoke' && ctx.dialects.includes('sqlite')) {
      const bdb = await createBenchDatabase(ctx, 'sqlite', 'ack-sqlite-full');
      servers.push({
        label: 'receiver (SQLite, SQLITE_SYNCHRONOUS=full)', dialect: 'sqlite', connections: [64], bdb,
        running: await startReceiverProcess(ctx, bdb, { SQLITE_SYNCHRONOUS: 'full' }),
      });
    }
    const perBurst = Math.max(2000, Math.ceil(burstSec * 15_000));
    let firstPaymentId = 100_000_000;
    if (warmupSec > 0) {
      for (const [i, s] of servers.entries()) {
        await runLoad({ url: s.running.url, connections: 16, durationSec: warmupSec, requests: { kind: 'distinct', count: perBurst, prefix: `w${i}`, firstPaymentId } });
        firstPaymentId += 1_000_000;
      }
    }
    const cells: Cell[] = [];
    for (const c of connections) {
      const active = servers.filter((s) => s.connections.includes(c));
      const runs = new Map<Server, { loads: LoadResult[]; cpuMs: number | null }>(active.map((s) => [s, { loads: [], cpuMs: 0 }]));
      // A server's CPU is counted from the start of its burst to the start of its next one (or a settle after the last),
      // so work it defers to its idle time (idle-time GC, log flushes) is charged to its requests too.
      const openSince = new Map<Server, number | null>();
      const charge = (s: Server): void => {
        if (!openSince.has(s)) return;
        const since = openSince.get(s) ?? null;
        const now = cpuTimeMs(s.running.process.pid);
        const entry = runs.get(s)!;
        entry.cpuMs = since === null || now === null || entry.cpuMs === null ? null : entry.cpuMs + (now - since);
        openSince.delete(s);
      };
      for (let r = 0; r < rounds; r += 1) {
        const order = r % 2 === 0 ? active : [...active].reverse();
        for (const [i, s] of order.entries()) {
          charge(s);
          openSince.set(s, cpuTimeMs(s.running.process.pid));
          const load = await runLoad({
            url: s.running.url, connections: c, durationSec: burstSec, warmupSec: burstWarmupSec, raw: true,
            requests: { kind: 'distinct', count: perBurst, prefix: `c${c}r${r}s${i}`, firstPaymentId },
          });
          firstPaymentId += 1_000_000;
          runs.get(s)!.loads.push(load);
        }
      }
      await new Promise((resolve) => { setTimeout(resolve, 1000); });
      for (const s of active) charge(s);
      for (const s of active) {
        const { loads, cpuMs } = runs.get(s)!;
        const merged = mergeBursts(loads);
        const cell: Cell = {
          server: s.label, dialect: s.dialect, connections: c, ...merged,
          rps: merged.completed / (loads.reduce((sum, l) => sum + l.elapsedMs, 0) / 1000),
          cpuUsPerRequest: cpuMs === null || merged.completed === 0 ? null : (cpuMs * 1000) / merged.completed,
          poolWrapped: loads.some((l) => l.poolWrapped),
        };
        cells.push(cell);
        ctx.log(`  ${s.label} @${c}: ${fmt(cell.rps)} req/s, p50 ${fmt(cell.latencyMs.p50)} ms, p99 ${fmt(cell.latencyMs.p99)} ms, ${fmt(cell.cpuUsPerRequest)} µs CPU/req`);
      }
    }
    const steady = servers.filter((s) => s.connections.includes(PACED_CONNECTIONS));
    const pacedCells = await measureSteadyRates(ctx, steady, pacedRates, {
      rounds, burstSec, warmupSec: burstWarmupSec, perBurst, nextPaymentIds: () => { firstPaymentId += 1_000_000; return firstPaymentId; },
    });
    await Promise.all(servers.map((s) => s.running.process.stop()));
    for (const s of servers) {
      if (!s.bdb) continue;
      // Every 200 was sent after its row was committed: the table holds at least as many rows as 200s were counted.
      const acked = [...cells, ...pacedCells].filter((cell) => cell.server === s.label).reduce((sum, cell) => sum + cell.ok, 0);
      const stored = await countEvents(s.bdb.db);
      result.notes.push(`${s.label}: ${acked.toLocaleString('en-US')} notifications answered 200 in the measured runs; ${stored.toLocaleString('en-US')} `
        + 'rows in the table including the warm-up (never fewer than 200s: each row is committed before its 200).');
    }
    for (const cell of cells) if (cell.poolWrapped) result.notes.push(`${cell.server} @${cell.connections}: the precomputed notifications ran out and some were resent (counted as duplicates).`);

    const bareAt = (c: number): Cell | undefined => cells.find((cell) => cell.dialect === null && cell.connections === c);
    result.tables.push({
      columns: ['server', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'CPU µs/req', 'throughput vs bare'],
      rows: [...cells].sort((a, b) => servers.findIndex((s) => s.label === a.server) - servers.findIndex((s) => s.label === b.server)
        || a.connections - b.connections).map((cell) => [cell.server, String(cell.connections), fmt(cell.rps), fmt(cell.latencyMs.p50), fmt(cell.latencyMs.p99), fmt(cell.latencyMs.max),
        String(cell.failed), fmt(cell.cpuUsPerRequest), fmtRatio(cell.rps / (bareAt(cell.connections)?.rps ?? NaN))]),
    });
    result.tables.push({
      title: `At a steady rate: ${PACED_CONNECTIONS} connections, requests sent on a fixed schedule (open loop)`,
      columns: ['server', 'rate req/s', 'answered', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx'],
      rows: pacedCells.map((cell) => [cell.server, fmt(cell.rate), fmt(cell.completed), fmt(cell.latencyMs.p50), fmt(cell.latencyMs.p90),
        fmt(cell.latencyMs.p99), fmt(cell.latencyMs.max), String(cell.failed)]),
    });
    result.notes.push('The steady-rate table is what MercadoPago sees below saturation: requests leave on a fixed schedule whatever '
      + 'the answers take (a paced HTTP client in the load process, keep-alive, at most 16 in flight), and each response time counts '
      + 'from when its request was due, so a pause is charged to every request queued behind it. The first table is a closed loop: '
      + 'autocannon sends again as soon as it is answered, which measures the most a server can take and the latency at that point.');
    const sqliteAt = (c: number): Cell | undefined => cells.find((cell) => cell.server === 'receiver (SQLite)' && cell.connections === c);
    const at64 = sqliteAt(64);
    if (at64 && bareAt(64)) {
      const ratio = at64.rps / bareAt(64)!.rps;
      result.targets.push({ name: 'receiver throughput at 64 connections (SQLite)', target: '≥ 0.6× bare Express', measured: fmtRatio(ratio), met: ratio >= 0.6 });
    }
    const full = servers.filter((s) => s.connections.length === connections.length);
    const series = (pick: (cell: Cell) => number | null): Array<{ name: string; values: Array<number | null> }> => full.map((s) => ({
      name: s.label, values: connections.map((c) => { const cell = cells.find((x) => x.server === s.label && x.connections === c); return cell ? pick(cell) : null; }),
    }));
    result.charts.push({ title: 'Receiver ack: throughput', unit: 'req/s', categories: connections.map((c) => `${c} conn`), series: series((cell) => cell.rps) });
    result.charts.push({
      title: 'Receiver ack: p99 latency', unit: 'ms', categories: connections.map((c) => `${c} conn`), series: series((cell) => cell.latencyMs.p99),
    });
    result.data = { cells, pacedCells };
  } finally {
    await Promise.all(servers.map((s) => s.running.process.stop()));
    for (const s of servers) await s.bdb?.destroy();
  }
  return result;
}

/** What a server's bursts add up to: responses, 2xx among them, failures (other statuses, errors, timeouts) and latency. */
interface MergedBursts {
  completed: number;
  ok: number;
  failed: number;
  latencyMs: LatencySummary;
}

function mergeBursts(loads: LoadResult[]): MergedBursts {
  const completed = loads.reduce((sum, l) => sum + l.completed, 0);
  const ok = loads.reduce((sum, l) => sum + count2xx(l), 0);
  return {
    completed, ok,
    failed: completed - ok + loads.reduce((sum, l) => sum + l.errors + l.timeouts, 0),
    latencyMs: summarize(loads.flatMap((l) => Array.from(rawLatencies(l)))),
  };
}

/** One server at one steady rate, merged over its interleaved bursts. */
interface PacedCell extends MergedBursts {
  server: string;
  rate: number;
}

/** Connections of the steady-rate runs (those of the p99 target). */
const PACED_CONNECTIONS = 16;

/** Each server at each steady rate, in alternating bursts like the closed-loop runs. */
async function measureSteadyRates(ctx: BenchContext, servers: Server[], rates: number[], options: {
  rounds: number; burstSec: number; warmupSec: number; perBurst: number; nextPaymentIds: () => number;
}): Promise<PacedCell[]> {
  const cells: PacedCell[] = [];
  for (const rate of rates) {
    const loads = new Map<Server, LoadResult[]>(servers.map((s) => [s, []]));
    for (let r = 0; r < options.rounds; r += 1) {
      const order = r % 2 === 0 ? servers : [...servers].reverse();
      for (const [i, s] of order.entries()) {
        loads.get(s)!.push(await runLoad({
          url: s.running.url, connections: PACED_CONNECTIONS, ratePerSec: rate, durationSec: options.burstSec, warmupSec: options.warmupSec, raw: true,
          requests: { kind: 'distinct', count: options.perBurst, prefix: `p${rate}r${r}s${i}`, firstPaymentId: options.nextPaymentIds() },
        }));
      }
    }
    for (const s of servers) {
      const cell: PacedCell = { server: s.label, rate, ...mergeBursts(loads.get(s)!) };
      cells.push(cell);
      ctx.log(`  ${s.label} at ${rate} req/s steady: p50 ${fmt(cell.latencyMs.p50)} ms, p99 ${fmt(cell.latencyMs.p99)} ms`);
    }
  }
  return cells;
}

export const receiverAck: Scenario = { id: 'receiver-ack', title: 'Receiver ack: signed notifications vs a bare Express app', run };
