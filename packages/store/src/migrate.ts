import type { Knex } from 'knex';
import { MIGRATIONS } from '../../../migrations';
import type { Driver } from './drivers/driver';
import type { Store } from './store';

// Every migration, oldest first: the store applies them, and tests compare what was applied with the list.
export { MIGRATIONS };

/** Serves the migrations from the static list, so they load the same under tsx, jest and the knex CLI. */
export const migrationSource: Knex.MigrationSource<{ name: string; module: Knex.Migration }> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m.module,
};

const MIGRATOR_CONFIG = { migrationSource, tableName: 'knex_migrations' };

/**
 * Brings the schema up to date. Safe from several processes at once: the driver serialises migrators (PostgreSQL an
 * advisory lock, SQLite Knex's lock table). Returns the names of the migrations applied.
 */
export async function migrateLatest(db: Driver): Promise<string[]> {
  return db.withMigrationLock(async () => {
    const [, names] = await db.knex.migrate.latest(MIGRATOR_CONFIG) as [number, string[]];
    return names;
  });
}

/** Names of migrations not yet applied. */
export async function listPendingMigrations(db: Driver): Promise<string[]> {
  const [, pending] = await db.knex.migrate.list(MIGRATOR_CONFIG) as [unknown[], Array<{ name: string } | string>];
  return pending.map((p) => (typeof p === 'string' ? p : p.name));
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
 * store.migrate() for long-running processes (`process-webhooks --loop`): while the database server cannot be reached,
 * waits and tries again with backoff (0.5 s doubling to `maxDelayMs`) instead of exiting, so a worker started before
 * its database does not crash-loop. `onRetry` is told each failure and the wait; any other error is thrown.
 */
export async function migrateWhenReachable(
  store: Pick<Store, 'migrate'>,
  options: { onRetry(err: Error, delayMs: number): void; maxDelayMs?: number; sleep?: (ms: number) => Promise<void> },
): Promise<string[]> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => { setTimeout(resolve, ms); }));
  let delayMs = 0;
  for (;;) {
    try {
      return await store.migrate();
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      delayMs = Math.min(Math.max(delayMs * 2, 500), options.maxDelayMs ?? 30_000);
      options.onRetry(err as Error, delayMs);
      await sleep(delayMs);
    }
  }
}
