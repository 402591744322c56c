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

/** The PostgreSQL advisory lock key every migrating process agrees on (arbitrary, fixed). */
export const MIGRATION_LOCK_KEY = 482_771_902;

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

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  '57P01', '57P02', '57P03', '53300', // admin shutdown, crash shutdown, cannot connect now (starting up), too many connections
]);

/** True for errors that mean "the database server cannot be reached right now" (worth waiting for), not a bad migration. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; name?: unknown; message?: unknown } | null;
  if (e && typeof e.code === 'string' && CONNECTION_ERROR_CODES.has(e.code)) return true;
  if (e && e.name === 'KnexTimeoutError') return true;
  return /Connection terminated|connection timeout|Timeout acquiring a connection|ECONNREFUSED|the database system is (starting|shutting) up/i
    .test(String(e?.message ?? err));
}

/**
 * migrateLatest for long-running processes (`process-webhooks --loop`): while the database server cannot be reached,
 * waits and tries again with backoff (0.5 s doubling to `maxDelayMs`) instead of exiting, so a worker started before
 * its database does not crash-loop. `onRetry` is told each failure and the wait; any other error is thrown.
 */
export async function migrateWhenReachable(
  db: Database,
  options: { onRetry(err: Error, delayMs: number): void; maxDelayMs?: number; sleep?: (ms: number) => Promise<void> },
): Promise<string[]> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => { setTimeout(resolve, ms); }));
  let delayMs = 0;
  for (;;) {
    try {
      return await migrateLatest(db);
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      delayMs = Math.min(Math.max(delayMs * 2, 500), options.maxDelayMs ?? 30_000);
      options.onRetry(err as Error, delayMs);
      await sleep(delayMs);
    }
  }
}

/** Names of migrations not yet applied. */
export async function listPendingMigrations(db: Database): Promise<string[]> {
  const [, pending] = await db.knex.migrate.list({ migrationSource, tableName: 'knex_migrations' }) as [unknown[], Array<{ name: string } | string>];
  return pending.map((p) => (typeof p === 'string' ? p : p.name));
}
