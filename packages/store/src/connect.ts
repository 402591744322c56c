import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import pg from 'pg';
import type { DatabaseTarget } from '@ghl-payments/core';
import type { Database } from './database';

// bigint columns hold epoch milliseconds: parse them as numbers, not strings.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export type DatabaseOptions = DatabaseTarget & { connectTimeoutMs?: number };

interface SqliteConnection {
  pragma(source: string): unknown;
}

function describePostgres(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}

/** Opens the database named by the config: SQLite in WAL mode with busy_timeout, or a PostgreSQL pool. */
export function connectDatabase(target: DatabaseOptions): Database {
  const connectTimeoutMs = target.connectTimeoutMs ?? 5000;
  if (target.client === 'sqlite') {
    if (target.filename !== ':memory:') fs.mkdirSync(path.dirname(target.filename), { recursive: true });
    const config: Knex.Config = {
      client: 'better-sqlite3',
      connection: { filename: target.filename },
      useNullAsDefault: true,
      acquireConnectionTimeout: Math.max(connectTimeoutMs, target.busyTimeoutMs + 1000),
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
          try {
            conn.pragma(`busy_timeout = ${Math.floor(target.busyTimeoutMs)}`);
            conn.pragma('journal_mode = WAL');
            conn.pragma(`synchronous = ${target.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
            conn.pragma('foreign_keys = ON');
            done(null, conn);
          } catch (err) {
            done(err as Error, conn);
          }
        },
      },
    };
    const knex = knexFactory(config);
    return { knex, dialect: 'sqlite', description: `sqlite:${target.filename}`, close: () => knex.destroy() };
  }
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: target.connectionString, connectionTimeoutMillis: connectTimeoutMs, application_name: 'ghl-payments' },
    acquireConnectionTimeout: connectTimeoutMs,
    pool: { min: 0, max: target.poolMax, idleTimeoutMillis: 30_000 },
  });
  return { knex, dialect: 'postgres', description: describePostgres(target.connectionString), close: () => knex.destroy() };
}

/** True when a trivial query succeeds within the timeout. */
export async function pingDatabase(db: Database, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.knex.raw('select 1'),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), timeoutMs); }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
