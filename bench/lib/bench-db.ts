import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Dialect, openStore, Store } from '@ghl-payments/store';
import type { BenchContext } from './context';

export interface BenchDatabase {
  dialect: Dialect;
  /** DATABASE_URL for the product's processes. */
  url: string;
  /** The runner's own store (seeding, checks, query plans). */
  db: Store;
  destroy(): Promise<void>;
}

let counter = 0;

/** A fresh, migrated database for one measurement: a SQLite file in the work folder or a new PostgreSQL database. */
export async function createBenchDatabase(ctx: BenchContext, dialect: Dialect, label: string): Promise<BenchDatabase> {
  counter += 1;
  if (dialect === 'postgres') {
    if (!ctx.pgAdminUrl) throw new Error('no PostgreSQL server for the benchmarks');
    const name = `ghlp_bench_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${counter}`;
    await adminQuery(ctx.pgAdminUrl, `CREATE DATABASE ${name}`);
    const url = new URL(ctx.pgAdminUrl);
    url.pathname = `/${name}`;
    const db = openStore({ client: 'postgres', connectionString: url.toString(), poolMax: 10, connectTimeoutMs: 10_000 });
    await db.migrate();
    return {
      dialect, url: url.toString(), db,
      async destroy() {
        await db.close().catch(() => undefined);
        await adminQuery(ctx.pgAdminUrl!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      },
    };
  }
  const filename = path.join(ctx.workDir, `${label}-${counter}.sqlite3`);
  const db = openStore({ client: 'sqlite', filename, synchronous: 'normal', busyTimeoutMs: 10_000, connectTimeoutMs: 10_000 });
  await db.migrate();
  return {
    dialect, url: filename, db,
    async destroy() {
      await db.close().catch(() => undefined);
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${filename}${suffix}`, { force: true });
    },
  };
}

/** Runs one statement on the admin connection of the PostgreSQL server. */
export async function adminQuery(adminUrl: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Events by status. */
export async function countByStatus(db: Store): Promise<Record<string, number>> {
  const rows = await db.knex('webhook_events').select('status').count({ n: '*' }).groupBy('status') as Array<{ status: string; n: number | string }>;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Total events stored. */
export async function countEvents(db: Store): Promise<number> {
  const row = await db.knex('webhook_events').count({ n: '*' }).first() as { n: number | string };
  return Number(row.n);
}
