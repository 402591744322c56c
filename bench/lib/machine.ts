import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '@ghl-payments/store';
import { ROOT } from './processes';

export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  ramGb: number;
  os: string;
  node: string;
  sqlite: string;
  betterSqlite3: string;
  autocannon: string;
  postgres: string | null;
  postgresSettings: Record<string, string> | null;
  postgresOrigin: string | null;
  gitCommit: string;
  /** 1/5/15-minute load averages when the run started and when it ended. */
  loadStart: number[];
  loadEnd: number[];
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** What the figures were measured on. */
export async function describeMachine(
  loadStart: number[], pg: { version: string; settings: Record<string, string>; origin: string } | null,
): Promise<MachineInfo> {
  const memory = openStore({ client: 'sqlite', filename: ':memory:', synchronous: 'normal', busyTimeoutMs: 1000 });
  const rows = await memory.knex.raw('select sqlite_version() as v') as Array<{ v: string }>;
  await memory.close();
  const sqlite = rows[0]?.v ?? 'unknown';
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    sqlite,
    betterSqlite3: packageVersion('better-sqlite3'),
    autocannon: packageVersion('autocannon'),
    postgres: pg?.version ?? null,
    postgresSettings: pg?.settings ?? null,
    postgresOrigin: pg?.origin ?? null,
    gitCommit: gitCommit(),
    loadStart,
    loadEnd: os.loadavg(),
  };
}
