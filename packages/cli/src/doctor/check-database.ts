import fs from 'node:fs';
import type { Config } from '@ghl-payments/core';
import { connectDatabase, listPendingMigrations, pingDatabase } from '@ghl-payments/store';
import { CheckResult, fail, pass, warn } from './doctor-check';

/** Opens the database (never creating a SQLite file), checks it answers and lists pending migrations. */
export async function checkDatabase(config: Config): Promise<CheckResult[]> {
  const target = config.database;
  if (target.client === 'sqlite' && target.filename !== ':memory:' && !fs.existsSync(target.filename)) {
    return [warn(`the database file ${target.filename} does not exist yet`, 'run `ghl-payments migrate` (or start the product: it creates it)')];
  }
  const db = connectDatabase(target);
  try {
    if (!(await pingDatabase(db, target.connectTimeoutMs))) {
      const why = await db.knex.raw('select 1').then(() => 'no answer in time', (err: Error) => err.message);
      return [fail(`database unreachable (${db.description}): ${why}`, 'check DATABASE_URL, and that the PostgreSQL server is running and accepts this user')];
    }
    const results = [pass(`database reachable (${db.description})`)];
    const pending = await listPendingMigrations(db);
    if (pending.length === 0) results.push(pass('database schema up to date'));
    else {
      results.push(warn(`${pending.length} database migration${pending.length > 1 ? 's' : ''} pending: ${pending.join(', ')}`,
        'run `ghl-payments migrate` (the receiver and the worker also apply them when they start)'));
    }
    return results;
  } catch (err) {
    return [fail(`database check failed (${db.description}): ${(err as Error).message}`, 'check DATABASE_URL and the database server')];
  } finally {
    await db.close().catch(() => undefined);
  }
}
