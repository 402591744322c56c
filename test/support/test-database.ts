import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore, Store } from '@ghl-payments/store';

/** Which database the suite runs on: TEST_DB=postgres (with TEST_PG_URL) or SQLite (the default). */
export const TEST_DIALECT: 'sqlite' | 'postgres' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:55432/postgres';

// better-sqlite3 loads its native binding on its first connection. Loading it here, while a test file is being loaded,
// keeps that require inside Jest's scope for tests started concurrently (it.concurrent), which begin before Jest
// considers any test running; otherwise the first of them to open a database can fail with "outside of the scope".
if (TEST_DIALECT === 'sqlite') new Database(':memory:').close();

export interface TestDatabase {
  /** The store on this database (its `knex` is there for the tests' own checks). */
  db: Store;
  /** DATABASE_URL for child processes (the CLI, a receiver) that must share this database. */
  url: string;
  /** Closes the connection and removes the file or database. */
  destroy(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file: a temp SQLite file or a new PostgreSQL database. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  if (TEST_DIALECT === 'postgres') {
    const name = `ghlp_test_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const db = openStore({ client: 'postgres', connectionString: url.toString(), poolMax: 10, connectTimeoutMs: 5000 });
    if (options.migrate !== false) await db.migrate();
    return {
      db,
      url: url.toString(),
      async destroy() {
        await db.close();
        const drop = new pg.Client({ connectionString: ADMIN_URL });
        await drop.connect();
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await drop.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-test-'));
  const filename = path.join(dir, 'test.sqlite3');
  const db = openStore({ client: 'sqlite', filename, synchronous: 'normal', busyTimeoutMs: 5000, connectTimeoutMs: 5000 });
  if (options.migrate !== false) await db.migrate();
  return {
    db,
    url: filename,
    async destroy() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
