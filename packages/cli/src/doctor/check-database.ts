import fs from 'node:fs';
import type { Config } from '@ghl-payments/core';
import { openStore, Store } from '@ghl-payments/store';
import { CheckResult, fail, pass, warn } from './doctor-check';

/** What to check when the database cannot be used: a SQLite file is about its path, PostgreSQL about its server. */
function databaseFix(config: Config, error: string): string {
  if (config.database.client === 'sqlite') {
    return 'check DATABASE_URL: the SQLite file\'s folder must exist (or be creatable) and be writable by this user';
  }
  if (/\b(ENOTFOUND|EAI_AGAIN)\b|getaddrinfo/.test(error)) {
    return 'the host name in DATABASE_URL cannot be found (DNS): check its spelling and this machine\'s DNS';
  }
  if (/password authentication failed|role .* does not exist|28P01|28000/.test(error)) {
    return 'check the user name and password in DATABASE_URL';
  }
  if (/database .* does not exist|3D000/.test(error)) return 'create the database (createdb) or fix its name in DATABASE_URL';
  return 'check DATABASE_URL, and that the PostgreSQL server is running and accepts this user';
}

/** Opens the database (never creating a SQLite file), checks it answers and lists pending migrations. */
export async function checkDatabase(config: Config): Promise<CheckResult[]> {
  const target = config.database;
  if (target.client === 'sqlite' && target.filename !== ':memory:' && !fs.existsSync(target.filename)) {
    return [warn(`the database file ${target.filename} does not exist yet`,
      'run `ghl-payments migrate` (or start the product: it creates it); if it should exist, check DATABASE_URL for a typo')];
  }
  let store: Store | undefined;
  const description = target.client === 'sqlite' ? `sqlite:${target.filename}` : 'postgres';
  try {
    store = openStore(target);
    const connection = await store.checkConnection(target.connectTimeoutMs);
    if (!connection.ok) {
      return [fail(`database unreachable (${store.description}): ${connection.error}`, databaseFix(config, connection.error))];
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
    const message = (err as Error).message.split('\n')[0];
    return [fail(`database check failed (${store?.description ?? description}): ${message}`, databaseFix(config, message))];
  } finally {
    await store?.close().catch(() => undefined);
  }
}
