/**
 * `npm run bench`: runs the benchmark scenarios, prints a table per scenario and writes docs/benchmarks.md and
 * docs/benchmarks.svg. Flags: `--only a,b` (a subset; the docs are then left alone unless `--docs`), `--smoke`
 * (seconds-long tiny run, no docs), `--full` (the full sizes), `--sqlite-only` (no PostgreSQL), `--no-docs`, `--docs`, `--json <file>`
 * (save the figures), `--compare <file>` (print this run's figures next to a saved run's).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Dialect } from '@ghl-payments/store';
import { backlogGrowth } from './backlog-growth';
import { cronStart } from './cron-start';
import { ghlCallsPerPayment } from './ghl-calls-per-payment';
import { duplicateStorm } from './duplicate-storm';
import { endToEndLatency } from './end-to-end-latency';
import { ghlBudget } from './ghl-budget';
import { BenchContext, BenchMode, emptyResult, Scenario, ScenarioResult } from './lib/context';
import { describeMachine, MachineInfo } from './lib/machine';
import { describePostgres, preparePostgres } from './lib/postgres';
import { ROOT } from './lib/processes';
import { printResult, renderMarkdown, targetsTable, textTable } from './lib/report';
import { renderSvg } from './lib/svg';
import { memory } from './memory';
import { postgresScaling } from './postgres-scaling';
import { receiverAck } from './receiver-ack';
import { workerDrain } from './worker-drain';

export const SCENARIOS: Scenario[] = [receiverAck, duplicateStorm, backlogGrowth, workerDrain, ghlBudget, ghlCallsPerPayment, endToEndLatency, postgresScaling, memory, cronStart];

export interface RunOptions {
  mode: BenchMode;
  /** Scenario ids; all when omitted. */
  only?: string[];
  /**
   * PostgreSQL: a server URL to use as is, `start` (BENCH_PG_URL or a throwaway server of our own), or null (SQLite only).
   */
  postgres: string | 'start' | null;
  /** SQLite and/or PostgreSQL for the dialect-generic scenarios (default both, PostgreSQL only when available). */
  dialects?: Dialect[];
  log?: (message: string) => void;
}

export interface RunOutcome {
  results: ScenarioResult[];
  machine: MachineInfo;
  postgresNote: string | null;
  elapsedMs: number;
  failures: string[];
}

/** Runs the selected scenarios and returns their results (writes nothing). */
export async function runBenchmarks(options: RunOptions): Promise<RunOutcome> {
  const started = Date.now();
  const loadStart = os.loadavg();
  const log = options.log ?? ((m: string) => process.stdout.write(`${m}\n`));
  const selected = options.only ? SCENARIOS.filter((s) => options.only!.includes(s.id)) : SCENARIOS;
  const unknown = (options.only ?? []).filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);

  let pgUrl: string | null = null;
  let pgOrigin = '';
  let postgresNote: string | null = null;
  let stopPostgres = async (): Promise<void> => undefined;
  const wantsPostgres = options.postgres !== null && (options.dialects?.includes('postgres') ?? true);
  if (wantsPostgres && options.postgres === 'start') {
    const pg = await preparePostgres(log);
    if (typeof pg === 'string') {
      postgresNote = pg;
      log(`PostgreSQL unavailable: ${pg}; the PostgreSQL measurements are skipped.`);
    } else {
      pgUrl = pg.adminUrl;
      pgOrigin = pg.origin;
      stopPostgres = pg.stop;
    }
  } else if (wantsPostgres && options.postgres) {
    pgUrl = options.postgres;
    pgOrigin = 'the test suite\'s server';
  } else {
    postgresNote = 'not requested';
  }
  const dialects = (options.dialects ?? ['sqlite', 'postgres']).filter((d) => d === 'sqlite' || pgUrl !== null);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-bench-'));
  const ctx: BenchContext = { mode: options.mode, dialects, pgAdminUrl: pgUrl, workDir, log };
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  try {
    for (const scenario of selected) {
      if (scenario.postgresOnly && !pgUrl) {
        const skipped = emptyResult(scenario, 'Skipped: needs PostgreSQL.');
        skipped.notes.push(`Not measured: no PostgreSQL server (${postgresNote ?? 'not requested'}).`);
        results.push(skipped);
        continue;
      }
      log(`\n▶ ${scenario.title}`);
      const t = Date.now();
      try {
        const result = await scenario.run(ctx);
        result.durationMs = Date.now() - t;
        results.push(result);
        printResult(result, (s) => log(s.replace(/\n$/, '')));
      } catch (err) {
        const message = (err as Error).stack ?? String(err);
        failures.push(`${scenario.id}: ${message}`);
        const failed = emptyResult(scenario, 'The scenario failed; see the notes.');
        failed.notes.push(`FAILED: ${(err as Error).message.split('\n')[0]}`);
        results.push(failed);
        log(`✗ ${scenario.id} failed: ${message}`);
      }
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  const pgInfo = pgUrl ? { ...(await describePostgres(pgUrl)), origin: pgOrigin } : null;
  await stopPostgres();
  const machine = await describeMachine(loadStart, pgInfo);
  return { results, machine, postgresNote, elapsedMs: Date.now() - started, failures };
}

interface CliFlags {
  mode: BenchMode;
  only?: string[];
  docs: boolean;
  json?: string;
  compare?: string;
  sqliteOnly?: boolean;
}

function parseFlags(argv: string[]): CliFlags {
  const flags: CliFlags = { mode: 'default', docs: true };
  let docsForced: boolean | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = (): string => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--smoke') flags.mode = 'smoke';
    else if (arg === '--full') flags.mode = 'full';
    else if (arg.startsWith('--only')) flags.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (arg === '--sqlite-only') flags.sqliteOnly = true;
    else if (arg === '--docs') docsForced = true;
    else if (arg === '--no-docs') docsForced = false;
    else if (arg.startsWith('--json')) flags.json = value();
    else if (arg.startsWith('--compare')) flags.compare = value();
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`usage: npm run bench -- [--only ${SCENARIOS.map((s) => s.id).join(',')}] [--smoke|--full] [--sqlite-only] [--docs|--no-docs] [--json file] [--compare file]\n`);
      process.exit(0);
    } else throw new Error(`unknown flag ${arg}`);
  }
  flags.docs = docsForced ?? (flags.mode !== 'smoke' && !flags.only && !flags.sqliteOnly);
  return flags;
}

/** Prints each table row of this run next to the same row of a saved run (matched by scenario, table and first cells). */
function compareWith(file: string, results: ScenarioResult[]): void {
  const before = JSON.parse(fs.readFileSync(file, 'utf8')) as { results: ScenarioResult[] };
  for (const r of results) {
    const old = before.results.find((b) => b.id === r.id);
    if (!old) continue;
    r.tables.forEach((t, ti) => {
      const ot = old.tables[ti];
      if (!ot) return;
      const rows = t.rows.map((row) => {
        const match = ot.rows.find((o) => o[0] === row[0] && o[1] === row[1]);
        return row.map((cell, ci) => (ci < 2 || !match || match[ci] === cell ? cell : `${match[ci]} → ${cell}`));
      });
      process.stdout.write(`\n${r.title} (before → after)\n${textTable({ columns: t.columns, rows })}\n`);
    });
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const outcome = await runBenchmarks({ mode: flags.mode, only: flags.only, postgres: flags.sqliteOnly ? null : 'start' });
  const summary = targetsTable(outcome.results);
  if (summary.rows.length) process.stdout.write(`\n== Targets ==\n${textTable(summary)}\n`);
  process.stdout.write(`\nload average at start ${outcome.machine.loadStart.map((l) => l.toFixed(2)).join('/')}, at end ${outcome.machine.loadEnd.map((l) => l.toFixed(2)).join('/')} (${outcome.machine.cores} cores)\n`);
  if (flags.json) {
    fs.writeFileSync(flags.json, `${JSON.stringify({ machine: outcome.machine, mode: flags.mode, results: outcome.results }, null, 1)}\n`);
    process.stdout.write(`figures saved to ${flags.json}\n`);
  }
  if (flags.compare) compareWith(flags.compare, outcome.results);
  if (flags.docs) {
    const md = renderMarkdown({ results: outcome.results, machine: outcome.machine, mode: flags.mode, elapsedMs: outcome.elapsedMs, postgresNote: outcome.postgresNote });
    fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), md);
    const caption = `ghl-payments benchmarks, ${outcome.machine.date.slice(0, 10)}, ${outcome.machine.cpuModel} ×${outcome.machine.cores}, `
      + `load average at start ${outcome.machine.loadStart[0].toFixed(2)} — see docs/benchmarks.md`;
    fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks.svg'), renderSvg(outcome.results.flatMap((r) => r.charts), caption));
    process.stdout.write('wrote docs/benchmarks.md and docs/benchmarks.svg\n');
  } else {
    process.stdout.write('docs left unchanged (subset or smoke run; pass --docs to write them anyway)\n');
  }
  if (outcome.failures.length) {
    process.stderr.write(`\n${outcome.failures.length} scenario(s) failed:\n${outcome.failures.join('\n')}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
