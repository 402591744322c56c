import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '@ghl-payments/store';

/** The parts of a better-sqlite3 connection a backup uses. */
interface SqliteHandle {
  backup(destination: string): Promise<{ totalPages: number; remainingPages: number }>;
  prepare(sql: string): { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown };
  pragma(source: string, options?: { simple: boolean }): unknown;
  exec(sql: string): unknown;
}

/** What a finished backup holds. */
export interface BackupSummary {
  file: string;
  bytes: number;
  events: number;
  payments: number;
}

/**
 * Copies a SQLite database into `destination` with SQLite's online backup API, while the receiver and workers keep
 * writing: the copy is consistent (committed data, the WAL included). Written to `<destination>.partial`, checked
 * with `integrity_check`, then renamed into place, so a crash never leaves a half backup under the final name.
 */
export async function backupSqlite(db: Database, destination: string): Promise<BackupSummary> {
  if (db.dialect !== 'sqlite') throw new Error('backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/operations.md)');
  const partial = `${destination}.partial`;
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  fs.rmSync(partial, { force: true });
  const conn = await db.knex.client.acquireConnection() as SqliteHandle;
  try {
    await conn.backup(partial);
    conn.prepare('ATTACH DATABASE ? AS backup_copy').run(partial);
    try {
      const integrity = conn.pragma('backup_copy.integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${String(integrity)}`);
      const count = (table: string) => Number((conn.prepare(`select count(*) as n from backup_copy.${table}`).get() as { n: number }).n);
      const summary = { events: count('webhook_events'), payments: count('payments') };
      conn.exec('DETACH DATABASE backup_copy');
      fs.renameSync(partial, destination);
      return { file: destination, bytes: fs.statSync(destination).size, ...summary };
    } catch (err) {
      conn.exec('DETACH DATABASE backup_copy');
      throw err;
    }
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    await db.knex.client.releaseConnection(conn);
  }
}
