import type { Dialect } from '@ghl-payments/store';

/**
 * `smoke`: seconds-long, minuscule sizes (the test suite runs it so the code cannot rot).
 * `default`: what `npm run bench` runs — the scenarios sized to finish in a few minutes on 2 cores.
 * `full`: the full sizes everywhere (e.g. 5,000 events at every worker concurrency; 10+ minutes).
 */
export type BenchMode = 'smoke' | 'default' | 'full';

export interface BenchContext {
  mode: BenchMode;
  /** Databases to run the dialect-generic scenarios on (SQLite first); PostgreSQL only when a server is available. */
  dialects: Dialect[];
  /** Admin URL of the PostgreSQL server (databases are created and dropped on it); null when none. */
  pgAdminUrl: string | null;
  /** Scratch folder (SQLite files, logs), removed at the end. */
  workDir: string;
  log(message: string): void;
}

/** Picks the size for the current mode. */
export function sized<T>(ctx: BenchContext, sizes: Record<BenchMode, T>): T {
  return sizes[ctx.mode];
}

/** A markdown-able table. */
export interface ResultTable {
  title?: string;
  columns: string[];
  rows: string[][];
}

/** One of the benchmark targets, checked. */
export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

/** A grouped bar chart for the SVG plot. */
export interface ChartSpec {
  title: string;
  unit: string;
  categories: string[];
  series: Array<{ name: string; values: Array<number | null> }>;
  /** Optional horizontal reference line (e.g. a target). */
  reference?: { label: string; value: number };
}

/** What a scenario hands back to the runner. */
export interface ScenarioResult {
  id: string;
  title: string;
  /** One paragraph: what was measured and how. */
  method: string;
  tables: ResultTable[];
  targets: TargetCheck[];
  charts: ChartSpec[];
  /** Query plans and other verbatim blocks. */
  blocks: Array<{ title: string; text: string }>;
  notes: string[];
  /** Machine-readable figures (for --json and the smoke test). */
  data: Record<string, unknown>;
  durationMs?: number;
}

export interface Scenario {
  id: string;
  title: string;
  /** Needs PostgreSQL (skipped, with a note, without it). */
  postgresOnly?: boolean;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

/** A result skeleton for a scenario. */
export function emptyResult(scenario: Pick<Scenario, 'id' | 'title'>, method: string): ScenarioResult {
  return { id: scenario.id, title: scenario.title, method, tables: [], targets: [], charts: [], blocks: [], notes: [], data: {} };
}
