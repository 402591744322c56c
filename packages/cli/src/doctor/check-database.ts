import fs from 'node:fs';
import type { Config } from '@ghl-payments/core';
import { openStore } from '@ghl-payments/store';
import { CheckResult, fail, pass, warn } from './doctor-check';

/** Opens the database (never creating a SQLite file), checks it answers and lists pending migrations. */
export async function checkDatabase(config: Config): Promise<CheckResult[]> {
  const target = config.database;
  if (target.client === 'sqlite' && target.filename !== ':memory:' && !fs.existsSync(target.filename)) {
    return [warn(`the database file ${target.filename} does not exist yet`, 'run `ghl-payments migrate` (or start the product: it creates it)')];
  }
  const store = openStore(target);
  try {
    const connection = await store.checkConnection(target.connectTimeoutMs);
    if (!connection.ok) {
      return [fail(`database unreachable (${store.description}): ${connection.error}`, 'check DATABASE_URL, and that the PostgreSQL server is running and accepts this user')];
    }
    const results = [pass(`database reachable (${store.description})`)];
    const pending = await store.listPendingMigrations();
    if (pending.length === 0) results.push(pass('database schema up to date'));
    else {
      results.push(warn(`${pending.length} database migration${pending.length > 1 ? 's' : ''} pending: ${pending.join(', ')}`,
        'run `ghl-payments migrate` (the receiver and the worker also apply them when they start)'));
    }
    return results;
  } catch (err) {
    return [fail(`database check failed (${store.description}): ${(err as Error).message}`, 'check DATABASE_URL and the database server')];
  } finally {
    await store.close().catch(() => undefined);
  }
}
