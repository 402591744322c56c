import type { Knex } from 'knex';
import pg from 'pg';
import { MIGRATIONS } from '../../../migrations';
import type { Database } from './database';

/** Serves the migrations from the static list, so they load the same under tsx, jest and the knex CLI. */
export const migrationSource: Knex.MigrationSource<{ name: string; module: Knex.Migration }> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m.module,
};

const MIGRATION_LOCK_KEY = 482_771_902; // arbitrary, fixed: the advisory lock every process agrees on

function isLockContention(err: unknown): boolean {
  const msg = String((err as Error)?.message ?? err);
  return /already locked|SQLITE_BUSY|database is locked|duplicate key|already exists/i.test(msg);
}

/**
 * Brings the schema up to date. Safe from several processes at once: PostgreSQL serialises on an advisory lock;
 * SQLite relies on Knex's lock table and waits for a concurrent migrator to finish.
 */
export async function migrateLatest(db: Database, options: { timeoutMs?: number } = {}): Promise<string[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const config = { migrationSource, tableName: 'knex_migrations' };
  for (;;) {
    try {
      if (db.dialect === 'postgres') return await withAdvisoryLock(db, () => runLatest(db, config));
      return await runLatest(db, config);
    } catch (err) {
      if (!isLockContention(err) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

async function runLatest(db: Database, config: Knex.MigratorConfig): Promise<string[]> {
  const [, names] = await db.knex.migrate.latest(config) as [number, string[]];
  return names;
}

/** Holds a session advisory lock on a connection of its own (so it works with any pool size) while fn runs. */
async function withAdvisoryLock<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client(db.knex.client.config.connection as pg.ClientConfig);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await fn();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** Names of migrations not yet applied. */
export async function listPendingMigrations(db: Database): Promise<string[]> {
  const [, pending] = await db.knex.migrate.list({ migrationSource, tableName: 'knex_migrations' }) as [unknown[], Array<{ name: string } | string>];
  return pending.map((p) => (typeof p === 'string' ? p : p.name));
}
